"""Equivalence of two answer forms: the gold's and the response's.

Every comparison returns `(verdict, method, reason)` with verdict in {correct, incorrect,
undecided}.  Exactness rules: numbers compare exactly (a decimal is the rational it spells, so an
approximation of an irrational is not equal); expressions compare by symbolic difference, confirmed
by exact evaluation at random points; sets compare without order, tuples in order (a bare gold list
whose order is not known makes a reordering undecided); sets of reals by set equality; sets of integers
by membership on a window, in the problem's domain when it names one; function families up to renaming
and re-parametrising their free constants and renaming unknown functions; tuples with parameters up to
renaming them; values by cases piece by piece; named choices by the final statement (`choices`).
"""

from __future__ import annotations

import difflib
import random
import re
from itertools import permutations

import sympy as sp
from sympy.core.function import AppliedUndef

from imobench.answers import intsets
from imobench.answers.choices import stated_choice
from imobench.answers.numbers import values_equal
from imobench.answers.verdict import Result, correct, incorrect, undecided
from imobench.answers.forms import (
    INTEGER_NAMES,
    Choice,
    Condition,
    Families,
    Family,
    Ints,
    Piecewise,
    Prose,
    RealSet,
    Scalar,
    Seq,
    as_int_set,
)
_RNG_SEED = 20251


def compare(gold, resp) -> Result:
    """Decide whether the response form states the gold form."""
    if isinstance(gold, Prose):
        return undecided("prose-gold", f"the gold answer is prose ({gold.reason})")
    if isinstance(resp, Prose) and not isinstance(gold, Choice):
        return undecided("unparsed-response", f"the response's answer could not be read: {resp.reason}")
    # A one-element list is its element; a response's bare list is compared as the gold wants.
    if isinstance(resp, Seq) and len(resp.items) == 1 and not isinstance(gold, (Seq, Ints)):
        resp = resp.items[0]
    if isinstance(gold, Scalar):
        return _vs_scalar(gold, resp)
    if isinstance(gold, Seq):
        return _vs_seq(gold, resp)
    if isinstance(gold, Ints):
        return _vs_ints(gold, resp)
    if isinstance(gold, RealSet):
        return _vs_realset(gold, resp)
    if isinstance(gold, (Family, Families)):
        return _vs_families(gold, resp)
    if isinstance(gold, Condition):
        return _vs_condition(gold, resp)
    if isinstance(gold, Piecewise):
        return _vs_piecewise(gold, resp)
    if isinstance(gold, Choice):
        return _vs_choice(gold, resp)
    return undecided("unsupported", f"no comparison for a {type(gold).__name__} gold")


# ---- scalars -------------------------------------------------------------------------------------


def _vs_scalar(gold: Scalar, resp) -> Result:
    if isinstance(resp, Family):
        resp = Scalar(resp.expr, label=resp.name)  # S(k) = 1 - k: a labelled value
    if isinstance(resp, Scalar):
        return scalars_equal(gold, resp)
    if isinstance(resp, Seq):
        return incorrect("form", f"the gold is one value, the response gives {len(resp.items)} values")
    if isinstance(resp, Ints) and gold.expr.is_Integer:
        got = as_int_set(gold)
        verdict, why = intsets.compare(got, resp.set)
        return (correct if verdict == "equal" else incorrect)("integer-set", why)
    if isinstance(resp, Condition) and len(resp.relations) == 1 and resp.relations[0][0] == "=":
        return undecided("form", "the response states an equation where the gold is a value")
    return incorrect("form", f"the gold is a value, the response a {type(resp).__name__}")


def scalars_equal(gold: Scalar, resp: Scalar) -> Result:
    """Two values; a percent is read as x/100 and as x (a documented convention), a clock time only as a
    time, and a value written with a degree sign equals its radian measure when the other side is in π."""
    if (gold.note == "clock") != (resp.note == "clock"):
        return incorrect("form", "a time of day against a number")
    result = values_equal(gold.expr, resp.expr)
    if result[0] != "correct" and (gold.note == "degrees") != (resp.note == "degrees"):
        deg, rad = (gold, resp) if gold.note == "degrees" else (resp, gold)
        if rad.expr.has(sp.pi) and not deg.expr.has(sp.pi):
            converted = values_equal(deg.expr * sp.pi / 180, rad.expr)  # 90° against π/2: the same angle
            if converted[0] == "correct":
                return correct("degrees", "the same angle, one side in degrees and the other in radians")
    if result[0] == "correct" or (gold.note == "percent") == (resp.note == "percent"):
        return result
    scaled = values_equal(gold.expr * 100, resp.expr) if gold.note == "percent" else values_equal(gold.expr, resp.expr * 100)
    if scaled[0] == "correct":
        return correct("percent", "equal when the percent sign is read as the number it is written with")
    return result if result[0] == "undecided" else scaled


# ---- collections ---------------------------------------------------------------------------------


def _vs_seq(gold: Seq, resp) -> Result:
    if _is_empty(resp) is True or not gold.items:
        return _vs_empty(gold, resp)
    if isinstance(resp, Scalar):
        if len(gold.items) > 1:
            return incorrect("form", f"the gold has {len(gold.items)} values, the response one")
        resp = Seq((resp,), ordered=False)
    if isinstance(resp, Ints) or (isinstance(resp, RealSet) and resp.var in INTEGER_NAMES):
        g = as_int_set(gold)
        r = as_int_set(resp)
        if g is not None and r is not None:
            verdict, why = intsets.compare(g, r)
            if verdict != "different" and not gold.order_known:
                return undecided("list-order", f"the same values as a set ({why}); {_ORDER_UNKNOWN}")
            return (correct if verdict != "different" else incorrect)("integer-set", why)
    if isinstance(resp, RealSet):
        g = _seq_as_finite_set(gold)
        if g is not None and not gold.ordered:
            result = _sets_equal(g, resp.set)
            if result[0] == "correct" and not gold.order_known:
                return undecided("list-order", f"the same values as a set; {_ORDER_UNKNOWN}")
            return result
    if not isinstance(resp, Seq):
        return incorrect("form", f"the gold is a {'tuple' if gold.ordered else 'list of values'}, the response a {type(resp).__name__}")
    items = resp.items if gold.ordered else _distinct(resp.items)
    if not gold.ordered and len(_distinct(gold.items)) == len(items):
        pass  # a list with repeats ("1+2, 2+1") is the set of its values
    elif len(gold.items) != len(items):
        return incorrect("count", f"the gold has {len(gold.items)} elements, the response {len(items)}")
    if gold.ordered:
        for i, (g, r) in enumerate(zip(gold.items, resp.items, strict=True)):
            verdict, method, why = compare(g, r)
            if verdict != "correct":
                renamed = _tuple_with_parameters_renamed(gold, resp)
                return renamed if renamed is not None else (verdict, f"tuple/{method}", f"element {i + 1}: {why}")
        return correct("tuple", "every element matches in order")
    if not gold.order_known:
        return _order_unknown(gold, resp)
    return _match_unordered(_distinct(gold.items), _distinct(resp.items))


_ORDER_UNKNOWN = (
    "the gold is a bare list not written in increasing order and no problem statement says whether order matters"
)


def _order_unknown(gold: Seq, resp: Seq) -> Result:
    """A bare gold list whose order is not settled: the same values in the same order are correct, in
    another order undecided (it is a set for one problem, an answer in a fixed order for another)."""
    if len(gold.items) == len(resp.items) and all(compare(g, r)[0] == "correct" for g, r in zip(gold.items, resp.items)):
        return correct("list", "the same values in the same order")
    result = _match_unordered(_distinct(gold.items), _distinct(resp.items))
    if result[0] == "correct":
        return undecided("list-order", f"the same values in another order; {_ORDER_UNKNOWN}")
    return result


MAX_TUPLE_PARAMETERS = 3


def _tuple_with_parameters_renamed(gold: Seq, resp: Seq) -> Result | None:
    """`(q - 2p, p - 2q, q)` against `(t - 2s, s - 2t, t)`: a family of tuples whose parameters have other
    names (the same renaming for every element); None when the two use different numbers of names."""
    if not all(isinstance(x, Scalar) for x in (*gold.items, *resp.items)):
        return None
    g_free = sorted(set().union(*(x.expr.free_symbols for x in gold.items)), key=str)
    r_free = sorted(set().union(*(x.expr.free_symbols for x in resp.items)), key=str)
    if not g_free or len(g_free) != len(r_free) or set(g_free) == set(r_free) or len(g_free) > MAX_TUPLE_PARAMETERS:
        return None
    for perm in permutations(r_free):
        mapping = dict(zip(perm, g_free, strict=True))
        if all(values_equal(g.expr, r.expr.xreplace(mapping))[0] == "correct" for g, r in zip(gold.items, resp.items)):
            return correct("tuple", "every element matches in order once the parameters are renamed")
    return None


def _distinct(items: tuple) -> tuple:
    """A set listed with a repeated element is still that set (only exact repeats are dropped)."""
    out: list = []
    for x in items:
        if x not in out:
            out.append(x)
    return tuple(out)


def _seq_as_finite_set(seq: Seq):
    if all(isinstance(x, Scalar) for x in seq.items):
        return sp.FiniteSet(*[x.expr for x in seq.items])
    return None


def _match_all(golds, resps, equal) -> tuple[object, tuple[str, str] | None] | None:
    """Match every gold to a distinct response (greedy search: answer lists are short).

    None when all match; otherwise the first unmatched gold and, if some comparison with it was
    undecided, that comparison's (method, reason)."""
    remaining = list(resps)
    for g in golds:
        hit = None
        unsure = None
        for j, r in enumerate(remaining):
            verdict, method, why = equal(g, r)
            if verdict == "correct":
                hit = j
                break
            if verdict == "undecided":
                unsure = (method, why)
        if hit is None:
            return g, unsure
        remaining.pop(hit)
    return None


def _match_unordered(golds: tuple, resps: tuple) -> Result:
    missing = _match_all(golds, resps, compare)
    if missing is None:
        return correct("set", "the same elements, in any order")
    g, unsure = missing
    if unsure is not None:
        return undecided(f"set/{unsure[0]}", f"could not decide a match for {_show(g)}: {unsure[1]}")
    return incorrect("set", f"no element of the response equals {_show(g)}")


def _show(form) -> str:
    if isinstance(form, Scalar):
        return str(form.expr)
    return type(form).__name__


# ---- sets ----------------------------------------------------------------------------------------


def _vs_ints(gold: Ints, resp) -> Result:
    if gold.set == intsets.EMPTY or (isinstance(resp, Ints) and resp.set == intsets.EMPTY):
        return _vs_empty(gold, resp)
    r = as_int_set(resp)
    if r is None:
        return incorrect("form", f"the gold is a set of integers ({gold.set}), the response a {type(resp).__name__}")
    verdict, why = intsets.compare(gold.set, r, gold.domain)
    if verdict == "equal":
        return correct("integer-set", why)
    if verdict == "equal-on-positives":
        return undecided("integer-set", why)
    return incorrect("integer-set", why)


def _is_empty(form) -> bool | None:
    """Whether a form states "there is none" (True), states something (False), or cannot say (None)."""
    if isinstance(form, Ints):
        return form.set == intsets.EMPTY
    if isinstance(form, Seq):
        return not form.items
    if isinstance(form, RealSet):
        return form.set.is_empty
    if isinstance(form, (Scalar, Family, Families, Piecewise)):
        return False
    if isinstance(form, Choice) and form.kind == "yes-no":
        return form.key == "no"  # "no" to "find all n" says there is none
    return None


def _vs_empty(gold, resp) -> Result:
    """"No solutions" against an answer: decided by emptiness alone, never on a sample of integers."""
    g, r = _is_empty(gold), _is_empty(resp)
    if g is None or r is None:
        return undecided("empty", "cannot tell whether the answer is empty")
    if g and r:
        return correct("empty", "both say there is no such object")
    if g != r:
        return incorrect("empty", "one side says there is none, the other gives " + ("none" if r else "some"))
    return undecided("empty", "not an empty answer")


def _vs_realset(gold: RealSet, resp) -> Result:
    if isinstance(resp, Seq) and resp.ordered and resp.brackets == "()" and len(resp.items) == 2:
        a, b = resp.items
        if isinstance(a, Scalar) and isinstance(b, Scalar):
            resp = RealSet(sp.Interval.open(a.expr, b.expr))
    if isinstance(resp, Scalar) and resp.expr.is_number:
        resp = RealSet(sp.FiniteSet(resp.expr))
    if isinstance(resp, Seq) and not resp.ordered:
        fs = _seq_as_finite_set(resp)
        if fs is not None:
            resp = RealSet(fs)
    if isinstance(resp, Ints) and gold.var in INTEGER_NAMES:
        g = as_int_set(gold)
        if g is not None:
            verdict, why = intsets.compare(g, resp.set)
            return (correct if verdict == "equal" else undecided if verdict != "different" else incorrect)("integer-set", why)
    if not isinstance(resp, RealSet):
        return incorrect("form", f"the gold is a set of reals, the response a {type(resp).__name__}")
    result = _sets_equal(gold.set, resp.set)
    if result[0] == "incorrect" and gold.var in INTEGER_NAMES and _integer_bounds(gold.set) and _integer_bounds(resp.set):
        g, r = as_int_set(gold), as_int_set(resp)
        if g is not None and r is not None:
            verdict, why = intsets.compare(g, r)
            if verdict == "equal":
                return correct("integer-set", f"as sets of integers ({gold.var or resp.var} is an integer): {why}")
    return result


def _integer_bounds(s: sp.Set) -> bool:
    """Whether every finite endpoint is an integer: only then may `n` be read as an integer variable."""
    return all(b.is_Integer for b in s.boundary if b.is_finite) if s.boundary.is_FiniteSet else False


def _sets_equal(a: sp.Set, b: sp.Set) -> Result:
    try:
        left = sp.Complement(a, b)
        right = sp.Complement(b, a)
        if left.is_empty and right.is_empty:
            return correct("real-set", f"{a} = {b}")
        if left.is_empty is False or right.is_empty is False:
            return incorrect("real-set", f"{a} ≠ {b}")
    except (TypeError, ValueError, NotImplementedError, RecursionError) as err:
        return undecided("real-set", f"cannot compare the sets: {err}")
    return undecided("real-set", f"cannot decide whether {a} = {b}")


# ---- function families -----------------------------------------------------------------------------


def _vs_families(gold, resp) -> Result:
    golds = gold.items if isinstance(gold, Families) else (gold,)
    if isinstance(resp, Family):
        resps = (resp,)
    elif isinstance(resp, Families):
        resps = resp.items
    elif isinstance(resp, Scalar) and len(golds) == 1:
        # "2x + c" for "f(x) = 2x + c"
        resps = (Family(golds[0].name, golds[0].args, resp.expr),)
    elif isinstance(resp, Seq) and all(isinstance(x, (Family, Scalar)) for x in resp.items):
        resps = tuple(x if isinstance(x, Family) else Family(golds[0].name, golds[0].args, x.expr) for x in resp.items)
    else:
        return incorrect("form", f"the gold is a family of functions, the response a {type(resp).__name__}")
    if len(golds) != len(resps):
        # a family with a free constant may cover a separately listed one (c and c = 0)
        if len(resps) < len(golds):
            return incorrect("families", f"the gold lists {len(golds)} families, the response {len(resps)}")
        return undecided("families", f"the gold lists {len(golds)} families, the response {len(resps)}")
    missing = _match_all(golds, resps, family_equal)
    if missing is None:
        return correct("families", "the same families, up to renaming of free constants")
    g, unsure = missing
    if unsure is not None:
        return undecided("families", unsure[1])
    return incorrect("families", f"no response family equals {g.name}({', '.join(map(str, g.args))}) = {g.expr}")


def family_equal(g: Family, r: Family) -> Result:
    if len(g.args) != len(r.args):
        return incorrect("families", "different number of arguments")
    rename = {ra: ga for ra, ga in zip(r.args, g.args, strict=True) if ra != ga}
    r_expr = _same_unknown_functions(g.expr, r.expr.xreplace(rename))
    args = set(g.args)
    g_params = sorted(g.expr.free_symbols - args, key=str)
    r_params = sorted(r_expr.free_symbols - args, key=str)
    if g.expr.has(AppliedUndef) or r_expr.has(AppliedUndef):
        got = values_equal(g.expr, r_expr) if not g_params and not r_params else undecided("families", "")
        if got[0] == "correct":
            return got
        return undecided("families", "families through an unknown function differ as written; another form may be the same family")
    if not g_params and not r_params:
        return values_equal(g.expr, r_expr)
    if len(g_params) != len(r_params):
        return incorrect("families", f"{len(g_params)} free constant(s) in the gold, {len(r_params)} in the response")
    # same constants under some renaming
    fresh = [sp.Symbol(f"_c{i}") for i in range(len(g_params))]
    g_std = g.expr.xreplace(dict(zip(g_params, fresh, strict=True)))
    for perm in permutations(r_params):
        r_std = r_expr.xreplace(dict(zip(perm, fresh, strict=True)))
        if values_equal(g_std, r_std)[0] == "correct":
            return correct("families", "equal after renaming the free constants")
    # re-parametrisation: solve for the response's constants in terms of the gold's, and back
    if not all(e.is_polynomial(*ps) for e, ps in ((g.expr, g_params), (r_expr, r_params))):
        # solving for constants in exponents or denominators has no bounded method here
        return undecided("families", "not equal under a renaming of the constants; re-parametrisation not decided")
    own = [sp.Symbol(f"_r{i}") for i in range(len(r_params))]  # the same letter may mean different constants
    r_own = r_expr.xreplace(dict(zip(r_params, own, strict=True)))
    if _reparametrises(g.expr, r_own, g_params, own, list(args)) and _reparametrises(r_own, g.expr, own, g_params, list(args)):
        return correct("families", "equal after re-parametrising the free constants")
    return incorrect("families", "no renaming or re-parametrisation of the constants makes them equal")


MAX_UNKNOWN_FUNCTIONS = 3


def _same_unknown_functions(g_expr: sp.Expr, r_expr: sp.Expr) -> sp.Expr:
    """`f(x,y) = P(x+y, xy)` against `g(x+y, xy)` "for some polynomial g": the response's unknown functions
    renamed to the gold's (in order of their first appearance) when both use as many, of the same arities."""
    gf = _unknown_functions(g_expr)
    rf = _unknown_functions(r_expr)
    if not gf or len(gf) != len(rf) or len(gf) > MAX_UNKNOWN_FUNCTIONS or sorted(a for _, a in gf) != sorted(a for _, a in rf):
        return r_expr
    out = r_expr
    for (r_func, _), (g_func, _) in zip(rf, gf):
        if r_func != g_func:
            out = out.replace(r_func, g_func)
    return out


def _unknown_functions(e: sp.Expr) -> list[tuple]:
    seen: list[tuple] = []
    for app in sorted(e.atoms(AppliedUndef), key=str):
        if (app.func, len(app.args)) not in seen:
            seen.append((app.func, len(app.args)))
    return seen


def _reparametrises(a: sp.Expr, b: sp.Expr, a_params, b_params, args) -> bool:
    """Whether every member of family a is a member of family b (b's constants solved for)."""
    rng = random.Random(_RNG_SEED)
    equations = []
    points = [{s: sp.Rational(rng.randint(3, 97), rng.randint(2, 29)) for s in args} for _ in range(len(b_params) + 2)]
    for point in points:
        equations.append(sp.expand(a.xreplace(point) - b.xreplace(point)))
    try:
        solutions = sp.solve(equations, b_params, dict=True)
    except (NotImplementedError, TypeError, ValueError, ArithmeticError):
        return False
    for sol in solutions:
        if any(v.has(sp.sqrt) or v.has(sp.I) for v in sol.values()):
            continue
        if len(sol) == len(b_params) and sp.simplify(a - b.xreplace(sol)) == 0:
            return True
    return False


# ---- choices and pieces ----------------------------------------------------------------------------


def _vs_choice(gold: Choice, resp) -> Result:
    """A named winner or a yes/no answer: stated only by an unhedged, unnegated final statement."""
    if isinstance(resp, Choice) and gold.kind == "phrase":
        resp = Prose(resp.key, "a choice")
    if isinstance(resp, Choice):
        if resp.kind != gold.kind and "yes-no" in (resp.kind, gold.kind):
            return incorrect("choice", f"the gold answers {gold.key}, the response names {resp.key}")
        return (correct if resp.key == gold.key else incorrect)("choice", f"the gold is {gold.key}, the response {resp.key}")
    if isinstance(resp, Prose):
        said, why = stated_choice(resp.text, gold)
        return {"same": correct, "other": incorrect, "unsure": undecided}[said]("choice", why)
    if gold.kind == "yes-no" and _is_empty(resp) is True:
        return (correct if gold.key == "no" else incorrect)("choice", "the response says there is none")
    if gold.kind == "phrase":
        return undecided("choice", "the gold is a phrase in words; the response is not one")
    return incorrect("form", f"the gold names a choice ({gold.key}), the response a {type(resp).__name__}")


def _vs_piecewise(gold: Piecewise, resp) -> Result:
    """Pieces match when their conditions are the same and their values equal; a single value matches
    only if it equals every piece's value."""
    if not isinstance(resp, Piecewise):
        results = [compare(value, resp) for value, _ in gold.pieces]
        if all(r[0] == "correct" for r in results):
            return correct("piecewise", "the response's value equals the value of every piece")
        qualified = (isinstance(resp, Scalar) and resp.note == "qualified") or (isinstance(resp, Family) and resp.qualified)
        if qualified and any(r[0] == "correct" for r in results):
            return undecided("piecewise", "the response states one piece's value under a condition; the other pieces are not read")
        if any(r[0] == "incorrect" for r in results):
            return incorrect("piecewise", "the answer depends on the case; the response gives one value that is not every piece's")
        return undecided("piecewise", "could not compare the response with every piece")
    if len(gold.pieces) != len(resp.pieces):
        return undecided("piecewise", f"the gold has {len(gold.pieces)} pieces, the response {len(resp.pieces)}")
    flipped = _otherwise_flipped(gold, resp)
    if flipped is not None:
        return flipped
    remaining = list(resp.pieces)
    for g_value, g_cond in gold.pieces:
        match = None
        unsure = False
        for k, (r_value, r_cond) in enumerate(remaining):
            same = _same_condition(g_cond, r_cond)
            if same is None:
                unsure = True
            elif same:
                match = k
                break
        if match is None:
            return (undecided if unsure else incorrect)("piecewise", "no piece of the response has the condition of a gold piece")
        verdict, method, why = compare(g_value, remaining.pop(match)[0])
        if verdict != "correct":
            return (verdict, f"piecewise/{method}", f"a piece's value: {why}")
    return correct("piecewise", "the same values under the same conditions")


def _otherwise_flipped(gold: Piecewise, resp: Piecewise) -> Result | None:
    """Two pieces, one "otherwise" on each side, the explicit conditions complementary ("if isosceles, 1;
    otherwise 2" against "if not isosceles, 1; otherwise 2"): each side's explicit case is the other's
    "otherwise", and the values are compared so."""
    if len(gold.pieces) != 2 or [c is None for _, c in gold.pieces].count(True) != 1:
        return None
    if [c is None for _, c in resp.pieces].count(True) != 1:
        return None
    (g_value, g_cond), (g_other, _) = sorted(gold.pieces, key=lambda p: p[1] is None)
    (r_value, r_cond), (r_other, _) = sorted(resp.pieces, key=lambda p: p[1] is None)
    if not _complementary(g_cond, r_cond):
        return None
    for a, b in ((g_value, r_other), (g_other, r_value)):
        verdict, method, why = compare(a, b)
        if verdict != "correct":
            return (verdict, f"piecewise/{method}", f"a piece's value (the conditions are complementary): {why}")
    return correct("piecewise", "the same values under complementary conditions written the other way round")


def _complementary(a, b) -> bool:
    """Whether condition b is the negation of condition a (the same words with one "not"; complementary
    sets of reals)."""
    if isinstance(a, Prose) and isinstance(b, Prose):
        na, nb = bool(_NEGATING.search(a.text.lower())), bool(_NEGATING.search(b.text.lower()))
        plain = lambda t: _NEGATING.sub(" ", t.lower())  # noqa: E731
        return na != nb and difflib.SequenceMatcher(None, _condition_words(plain(a.text)), _condition_words(plain(b.text))).ratio() >= MIN_CONDITION_SIMILARITY
    if isinstance(a, RealSet) and isinstance(b, RealSet):
        try:
            return bool(sp.Complement(sp.S.Reals, a.set) == b.set)
        except (TypeError, ValueError, NotImplementedError):
            return False
    return False


_STOP_WORDS = {"the", "a", "an", "is", "are", "be", "if", "when", "for", "of", "and", "it"}
_NEGATING = re.compile(r"\b(?:not|no|non|never)\b|n't|不|非")
MIN_CONDITION_SIMILARITY = 0.85  # word conditions this alike are the same ("isoceles" / "isosceles")


def _same_condition(a, b) -> bool | None:
    """Whether two piece conditions are the same (None when it cannot be decided)."""
    if a is None or b is None:
        return (a is None and b is None) or None
    if isinstance(a, Prose) or isinstance(b, Prose):
        if not (isinstance(a, Prose) and isinstance(b, Prose)):
            return None
        wa, wb = _condition_words(a.text), _condition_words(b.text)
        if bool(_NEGATING.search(a.text.lower())) != bool(_NEGATING.search(b.text.lower())):
            return False
        return difflib.SequenceMatcher(None, wa, wb).ratio() >= MIN_CONDITION_SIMILARITY or None
    verdict = compare(a, b)[0]
    return True if verdict == "correct" else False if verdict == "incorrect" else None


def _condition_words(text: str) -> str:
    return " ".join(w for w in re.findall(r"[a-z]+", text.lower()) if w not in _STOP_WORDS)


# ---- conditions ----------------------------------------------------------------------------------


def _vs_condition(gold: Condition, resp) -> Result:
    if isinstance(resp, Scalar) and resp.label is not None:
        resp = Condition((("=", sp.expand(sp.Symbol(resp.label) - resp.expr)),))  # y = -x/2 + 3/4 as an equation
    if isinstance(resp, RealSet) and len(gold.relations) == 1:
        return undecided("condition", "a condition against a set of reals")
    if not isinstance(resp, Condition):
        return incorrect("form", f"the gold is a condition, the response a {type(resp).__name__}")
    if len(gold.relations) != len(resp.relations):
        return undecided("condition", "different numbers of relations")
    for (gop, gexpr), (rop, rexpr) in zip(gold.relations, resp.relations, strict=True):
        if gop != rop:
            return incorrect("condition", f"relation {gop} against {rop}")
        if rexpr == 0:
            return incorrect("condition", "a trivial relation")
        ratio = sp.simplify(gexpr / rexpr)
        if not ratio.is_number or ratio == 0:
            return incorrect("condition", f"{gexpr} {gop} 0 is not a multiple of {rexpr} {rop} 0")
        if gop in ("<", "le") and not ratio.is_positive:
            return incorrect("condition", "the inequality points the other way")
    return correct("condition", "the same relations up to a constant factor")
