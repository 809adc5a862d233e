"""Answer forms: what a parsed answer *is* (a value, a tuple, a set of values, a set of reals, a set
of integers, a family of functions, a condition), built from the parser's items.

`to_form(text)` is the one entry point: it parses the text (maths first, then the words grammar of
`imobench.answers.words`) and returns a form, or `Prose` with the reason nothing else fitted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

import sympy as sp

from imobench.answers import intsets
from imobench.answers.intsets import IntSet
from imobench.answers.parse import (
    App,
    Dots,
    Items,
    ParseError,
    PlusMinus,
    Rel,
    SetBuilder,
    SetLit,
    SetOp,
    TooLarge,
    Tup,
    _expr,
    parse_answer,
)

INTEGER_NAMES = {"n", "m", "k", "p", "q", "r", "d", "j", "l", "N", "M", "K"}
PARAMETER_NAMES = {"k", "m", "t", "j", "l", "s", "i"}


@dataclass(frozen=True)
class Scalar:
    expr: sp.Expr
    decimal: bool = False  # written with a decimal point (so an approximation, unless exact)


@dataclass(frozen=True)
class Seq:
    items: tuple
    ordered: bool
    brackets: str = ""


@dataclass(frozen=True)
class RealSet:
    set: sp.Set
    var: str | None = None


@dataclass(frozen=True)
class Ints:
    set: IntSet
    var: str | None = None
    source: str = "rule"  # rule | words | relation


@dataclass(frozen=True)
class Family:
    name: str
    args: tuple
    expr: sp.Expr


@dataclass(frozen=True)
class Families:
    items: tuple


@dataclass(frozen=True)
class Condition:
    """Relations between several quantities: `3a^2 - b^2 = 3`, `{(a,b) : ab <= e^3}`."""

    relations: tuple  # of (op, expr) with expr = lhs - rhs and op in {'=', '<', 'le', 'ne'}
    vars: tuple = ()


@dataclass(frozen=True)
class Prose:
    text: str
    reason: str


_QUALIFIER = re.compile(r"(?:,\s*|\s+|\(\s*)\b(where|for|with)\b\s+(.*)$", re.S)
_DEFINITION = re.compile(r"^\\?([A-Za-z]+)\s*=\s*(.+)$", re.S)


def split_qualifier(text: str) -> tuple[str, str | None]:
    """`f(x) = ... for some a > 0` -> (`f(x) = ...`, `for some a > 0`)."""
    m = _QUALIFIER.search(text)
    if not m or not text[: m.start()].strip():
        return text, None
    qualifier = m.group(0).strip()
    if qualifier.startswith("("):  # "(for all odd primes p)"
        qualifier = qualifier[1:].rstrip().removesuffix(")")
    return text[: m.start()].strip().rstrip(","), qualifier.lstrip(", ").strip()


def to_form(text: str) -> object:
    """The form of an answer text.  Raises TooLarge for numbers beyond the size budget.

    A trailing qualifier is handled first: `where φ = ...` substitutes the definition; `for some
    a > 0`, `for n ≥ 1` only restrict parameters and are set aside (noted on families).
    """
    main, qualifier = split_qualifier(text)
    if qualifier is not None and not _is_words_answer(text):
        form = to_form(main)
        if isinstance(form, Prose):
            return Prose(text, form.reason)
        definition = _DEFINITION.match(re.sub(r"^where\s+", "", qualifier))
        if qualifier.startswith("where") and definition:
            try:
                value = _expr(parse_answer(definition.group(2)).items[0])
            except ParseError:
                return Prose(text, "a definition in the qualifier could not be read")
            return substitute(form, symbol_named(definition.group(1)), value)
        return form
    return _to_form(text)


_UNITS = re.compile(r"^(.*?[\d}])\s*(?:\\(?:text|textnormal|mathrm|mbox)\s*\{\s*[A-Za-z .²³^]+\}|[A-Za-z]{2,}(?:\s+[A-Za-z]{2,})?|[a-z]{1,2}[²³]|°[CF]?)\s*$", re.S)


def _without_units(text: str) -> str | None:
    """`125 miles`, `1/3 \\text{meters}` -> the number before the unit (None if there is no unit)."""
    m = _UNITS.match(text.strip())
    if not m or not m.group(1).strip():
        return None
    return m.group(1)


def _is_words_answer(text: str) -> bool:
    from imobench.answers.words import words_form

    return words_form(text) is not None


def symbol_named(name: str) -> sp.Symbol:
    return sp.Symbol(name)


def substitute(form, sym: sp.Symbol, value: sp.Expr):
    if isinstance(form, Scalar):
        return Scalar(form.expr.xreplace({sym: value}))
    if isinstance(form, Family):
        return Family(form.name, form.args, form.expr.xreplace({sym: value}))
    if isinstance(form, Families):
        return Families(tuple(substitute(f, sym, value) for f in form.items))
    if isinstance(form, Seq):
        return Seq(tuple(substitute(f, sym, value) for f in form.items), form.ordered, form.brackets)
    return form


def _to_form(text: str) -> object:
    from imobench.answers.words import number_from_words, words_form

    if re.fullmatch(r"[A-Za-z\- ]+", text.strip()):
        n = number_from_words(text)
        if n is not None:
            return Scalar(sp.Integer(n))  # "six" is not s*i*x

    try:
        items = parse_answer(text)
    except TooLarge:
        raise
    except ParseError as err:
        form = words_form(text)
        if form is not None:
            return form
        bare = _without_units(text)
        if bare is not None:
            return _to_form(bare)
        return Prose(text, f"not read as mathematics ({err})")
    try:
        return items_form(items)
    except TooLarge:
        raise
    except (ParseError, TypeError, ValueError, AttributeError, NotImplementedError) as err:
        form = words_form(text)
        if form is not None:
            return form
        return Prose(text, f"structure not understood ({err})")


def items_form(items: Items) -> object:
    parts = items.items
    if any(isinstance(p, Dots) for p in parts):
        return _range_form(parts)
    forms = [item_form(p) for p in parts]
    if len(forms) == 1:
        return forms[0]
    return combine(forms)


def combine(forms: list) -> object:
    """Several top-level answers joined by commas/"and"/"or"."""
    flat: list = []
    for f in forms:
        if isinstance(f, Seq) and not f.ordered and not f.brackets:
            flat.extend(f.items)
        else:
            flat.append(f)
    if all(isinstance(f, Family) for f in flat):
        return Families(tuple(flat))
    main_vars = {f.var for f in flat if isinstance(f, Ints) and f.var}
    if main_vars and any(isinstance(f, (RealSet, Condition)) and getattr(f, "var", None) not in main_vars for f in flat):
        # "n = 14k, k != 0": a condition on the parameter, not another part of the answer
        return Prose("", "a condition on a parameter of the answer is not compared symbolically")
    if any(isinstance(f, Ints) for f in flat) or (
        any(isinstance(f, RealSet) and f.var in INTEGER_NAMES for f in flat)
        and all(isinstance(f, (Ints, RealSet, Scalar)) for f in flat)
    ):
        sets = [as_int_set(f) for f in flat]
        if all(s is not None for s in sets):
            var = next((f.var for f in flat if getattr(f, "var", None)), None)
            return Ints(intsets.union(*sets), var, "relation")
    if all(isinstance(f, RealSet) for f in flat):
        return RealSet(sp.Union(*[f.set for f in flat]), flat[0].var)
    return Seq(tuple(flat), ordered=False)


def _range_form(parts: list) -> object:
    # 1, 2, ..., n   or  a, a+d, ..., b  with integers
    idx = next(i for i, p in enumerate(parts) if isinstance(p, Dots))
    before, after = parts[:idx], parts[idx + 1 :]
    if len(before) >= 2 and len(after) == 1 and all(isinstance(p, sp.Integer) for p in [*before, *after]):
        step = int(before[1] - before[0])
        start, end = int(before[0]), int(after[0])
        if step != 0 and (end - start) % step == 0 and 0 <= (end - start) // step <= 100_000:
            return Ints(intsets.finite(range(start, end + step, step)), None, "rule")
    if len(before) >= 1 and not after and all(isinstance(p, sp.Integer) for p in before):
        if len(before) >= 2:
            step = int(before[1] - before[0])
            if step > 0:
                return Ints(intsets.IntSet("inter", (intsets.residue(int(before[0]), step), intsets.IntSet("all", (int(before[0]), None)))), None, "rule")
    raise ParseError("a list with an ellipsis that is not an integer range")


def item_form(p) -> object:
    if isinstance(p, sp.Set):
        return set_const_form(p)
    if isinstance(p, PlusMinus):
        return Seq((item_form(p.plus), item_form(p.minus)), ordered=False)
    if isinstance(p, Tup):
        return tup_form(p)
    if isinstance(p, SetLit):
        if any(isinstance(x, Dots) for x in p.items):
            return _range_form(list(p.items))
        items: list = []
        for x in p.items:
            f = item_form(x)
            items.extend(f.items if isinstance(f, Seq) and not f.ordered and not f.brackets else [f])  # {0, ±2/3}
        return Seq(tuple(items), ordered=False, brackets="{}")
    if isinstance(p, SetOp):
        return RealSet(to_real_set(p))
    if isinstance(p, SetBuilder):
        return condition_form(list(p.condition), element=p.element)
    if isinstance(p, Rel):
        return rel_form(p)
    if isinstance(p, App):
        return Scalar(_expr(p))
    if isinstance(p, sp.Expr):
        return Scalar(p)
    raise ParseError(f"unexpected item {type(p).__name__}")


def set_const_form(s: sp.Set) -> object:
    if s == sp.S.Integers:
        return Ints(intsets.ALL)
    if s == sp.S.Naturals:
        return Ints(intsets.POSITIVE)
    if s == sp.S.EmptySet:
        return Seq((), ordered=False, brackets="{}")
    return RealSet(s)


def tup_form(p: Tup) -> object:
    if len(p.items) == 2 and (p.left, p.right) != ("(", ")"):
        return RealSet(_interval(p))
    return Seq(tuple(item_form(x) for x in p.items), ordered=True, brackets=p.left + p.right)


def _interval(p: Tup) -> sp.Set:
    a, b = (_expr(x) for x in p.items)
    return sp.Interval(a, b, left_open=p.left == "(", right_open=p.right == ")")


def to_real_set(p) -> sp.Set:
    if isinstance(p, SetOp):
        a, b = to_real_set(p.left), to_real_set(p.right)
        return {"cup": sp.Union, "cap": sp.Intersection, "setminus": sp.Complement}[p.op](a, b)
    if isinstance(p, Tup) and len(p.items) == 2:
        return _interval(p)
    if isinstance(p, SetLit):
        return sp.FiniteSet(*[_expr(x) for x in p.items])
    if isinstance(p, sp.Set):
        return p
    if isinstance(p, sp.Expr) and p.is_number:
        return sp.FiniteSet(p)
    raise ParseError("not a set of real numbers")


def rel_form(r: Rel) -> object:
    ops, terms = r.ops, r.terms
    if ops == ("equiv",) and r.modulus is not None:
        lhs, rhs, m = _expr(terms[0]), _expr(terms[1]), _expr(r.modulus)
        if isinstance(lhs, sp.Symbol) and rhs.is_Integer and m.is_Integer:
            return Ints(intsets.residue(int(rhs), int(m)), lhs.name, "relation")
        raise ParseError("congruence not of the form n ≡ a (mod m)")
    if ops and all(op in ("=", "approx") for op in ops) and ops[0] == "=" and len(ops) > 1:
        # x = 5 + 5 + 1 = 11 (≈ 11.0): the stated value is the last exact one
        exact = [t for op, t in zip(("=",) + ops, terms) if op == "="]
        return rel_form(Rel(("=",), (terms[0], exact[-1])))
    if ops == ("=",) and _is_name_expr(terms[0]) and isinstance(terms[1], sp.Expr) and terms[1].is_number:
        return Scalar(terms[1])  # |AB| = 4, AB = 4: a named quantity's value
    if ops == ("=",):
        lhs, rhs = terms
        if isinstance(lhs, App):
            return Family(lhs.name, tuple(_expr(a) for a in lhs.args), _expr(rhs))
        if isinstance(lhs, sp.Symbol):
            ap = _progression(lhs, rhs) or _powers(lhs, rhs)
            if ap is not None:
                return ap
            form = item_form(rhs)
            if isinstance(form, (RealSet, Ints)):
                return type(form)(form.set, lhs.name, *(() if isinstance(form, RealSet) else (form.source,)))
            return form
        if isinstance(lhs, Tup) and isinstance(rhs, Tup):
            return item_form(rhs)
    if ops in (("in",),) and isinstance(terms[0], sp.Symbol):
        form = item_form(terms[1])
        if isinstance(form, RealSet):
            return RealSet(form.set, terms[0].name)
        if isinstance(form, Ints):
            return Ints(form.set, terms[0].name, "relation")
        return form
    if all(op in ("<", ">", "le", "ge", "ne") for op in ops):
        real = _interval_chain(ops, terms)
        if real is not None:
            return real
    return condition_form([r])


def _is_name_expr(e) -> bool:
    """A quantity named by letters only (AB, |AB|, S_1): no numbers, no sums."""
    if not isinstance(e, sp.Expr) or isinstance(e, sp.Symbol):
        return False
    if isinstance(e, sp.Abs):
        e = e.args[0]
    return isinstance(e, (sp.Mul, sp.Symbol)) and all(isinstance(a, sp.Symbol) for a in sp.Mul.make_args(e))


def _progression(lhs: sp.Symbol, rhs) -> Ints | None:
    """`n = 4k + 3` (a parameter k, integer coefficients) as a residue class."""
    if not isinstance(rhs, sp.Expr):
        return None
    params = [s for s in rhs.free_symbols if s.name in PARAMETER_NAMES and s != lhs]
    if len(params) != 1 or rhs.free_symbols - {params[0]}:
        return None
    k = params[0]
    poly = sp.Poly(rhs, k) if rhs.is_polynomial(k) else None
    if poly is None or poly.degree() != 1:
        return None
    a, b = poly.all_coeffs()
    if a.is_Integer and b.is_Integer:
        return Ints(intsets.residue(int(b), int(a)), lhs.name, "relation")
    return None


def _powers(lhs: sp.Symbol, rhs) -> Ints | None:
    """`n = 2^k` (a parameter k in the exponent of an integer base) as the powers of 2."""
    if not isinstance(rhs, sp.Pow) or not rhs.base.is_Integer or rhs.base < 2:
        return None
    k = rhs.exp
    if isinstance(k, sp.Symbol) and k.name in PARAMETER_NAMES and k != lhs:
        return Ints(intsets.IntSet("powers", (int(rhs.base),)), lhs.name, "relation")
    return None


def _interval_chain(ops: tuple, terms: tuple) -> RealSet | None:
    """`a < x <= b`, `x >= c`, `x != c` with one variable and numeric bounds."""
    exprs = [_expr(t) for t in terms]
    syms = [e for e in exprs if isinstance(e, sp.Symbol)]
    if len(syms) != 1 or any(not e.is_number for e in exprs if e is not syms[0]):
        return _solved_chain(ops, exprs)
    var = syms[0]
    result: sp.Set = sp.S.Reals
    for op, a, b in zip(ops, exprs, exprs[1:]):
        if var not in (a, b):
            continue
        other = b if a == var else a
        flipped = a != var  # relation reads "other op var"
        op2 = {"<": ">", ">": "<", "le": "ge", "ge": "le", "ne": "ne"}[op] if flipped else op
        piece = {
            "<": sp.Interval.open(-sp.oo, other),
            "le": sp.Interval(-sp.oo, other),
            ">": sp.Interval.open(other, sp.oo),
            "ge": sp.Interval(other, sp.oo),
            "ne": sp.Complement(sp.S.Reals, sp.FiniteSet(other)),
        }[op2]
        result = sp.Intersection(result, piece)
    return RealSet(result, var.name)


def _solved_chain(ops: tuple, exprs: list) -> RealSet | None:
    """`-x > -1`, `1 <= |z| <= 3/2`: one variable in expressions, solved into a set of reals."""
    free = set().union(*(e.free_symbols for e in exprs))
    if len(free) != 1:
        return None
    var = next(iter(free))
    real = sp.Symbol(var.name, real=True)
    result: sp.Set = sp.S.Reals
    make = {"<": sp.StrictLessThan, ">": sp.StrictGreaterThan, "le": sp.LessThan, "ge": sp.GreaterThan, "ne": sp.Ne}
    for op, a, b in zip(ops, exprs, exprs[1:]):
        rel = make[op](a.xreplace({var: real}), b.xreplace({var: real}))
        try:
            piece = sp.solve_univariate_inequality(rel, real, relational=False) if op != "ne" else sp.Complement(
                sp.S.Reals, sp.solveset(sp.Eq(rel.lhs, rel.rhs), real, sp.S.Reals)
            )
        except (NotImplementedError, ValueError, TypeError):
            return None
        result = sp.Intersection(result, piece)
    return RealSet(result, var.name)


def condition_form(relations: list, element=None) -> Condition:
    out = []
    for r in relations:
        if not isinstance(r, Rel):
            raise ParseError("a condition that is not a relation")
        for op, a, b in zip(r.ops, r.terms, r.terms[1:]):
            lhs, rhs = _expr(a), _expr(b)
            if op in (">", "ge"):
                lhs, rhs = rhs, lhs
                op = "<" if op == ">" else "le"
            if op not in ("=", "<", "le", "ne"):
                raise ParseError(f"relation {op} in a condition")
            out.append((op, sp.expand(lhs - rhs)))
    variables = ()
    if element is not None:
        variables = tuple(str(v) for v in (element.items if isinstance(element, Tup) else (element,)))
    return Condition(tuple(out), variables)


def as_int_set(form) -> IntSet | None:
    """A form as a set of integers, where that reading makes sense."""
    if isinstance(form, Ints):
        return form.set
    if isinstance(form, Scalar) and form.expr.is_Integer:
        return intsets.finite([int(form.expr)])
    if isinstance(form, Scalar) and len(form.expr.free_symbols) == 1:
        n = sp.Symbol("n")
        got = _progression(n, form.expr) or _powers(n, form.expr)  # "4k+3", "2^k" stated alone
        if got is not None:
            return got.set
    if isinstance(form, Seq) and all(isinstance(x, Scalar) and x.expr.is_Integer for x in form.items):
        return intsets.finite(int(x.expr) for x in form.items)
    if isinstance(form, RealSet):
        pieces = _interval_pieces(form.set)
        if pieces is not None:
            return IntSet("intervals", tuple(pieces)) if pieces else intsets.EMPTY
    return None


def _interval_pieces(s: sp.Set) -> list | None:
    """A union of intervals as (lo, hi, lo_open, hi_open) with Fractions (None for infinity)."""
    if isinstance(s, sp.Intersection) or isinstance(s, sp.Complement):
        s = s.doit() if hasattr(s, "doit") else s
    s = sp.simplify(s) if not isinstance(s, (sp.Interval, sp.Union, sp.FiniteSet)) else s
    if isinstance(s, sp.Union):
        out = []
        for arg in s.args:
            got = _interval_pieces(arg)
            if got is None:
                return None
            out.extend(got)
        return out
    if isinstance(s, sp.Interval):
        return [(_frac(s.start), _frac(s.end), bool(s.left_open), bool(s.right_open))]
    if isinstance(s, sp.FiniteSet):
        vals = []
        for x in s.args:
            if not x.is_Rational:
                return None
            vals.append((_frac(x), _frac(x), False, False))
        return vals
    if s == sp.S.Reals:
        return [(None, None, True, True)]
    if s == sp.S.EmptySet:
        return []
    return None


def _frac(x) -> Fraction | None:
    if x in (sp.oo, -sp.oo):
        return None
    if x.is_Rational:
        return Fraction(int(x.p), int(x.q))
    return Fraction(sp.Rational(sp.nsimplify(sp.N(x, 30))).p, sp.Rational(sp.nsimplify(sp.N(x, 30))).q)
