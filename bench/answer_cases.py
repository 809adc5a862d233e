"""A labelled set of answer pairs built from AnswerBench's golds, for measuring answer checkers.

For every gold that is not prose, `labelled_cases` writes equivalent rewrites (other notation,
plain text, Unicode, reordered sets, renamed constants, intervals as inequalities, number words,
digit grouping, decimals of rationals, "x = ..." forms) and near misses (off by one, sign, an
exponent, a missing or extra solution, a swapped tuple, a decimal approximation of an irrational,
a hedged "3, 4" for 4).  Labels hold by construction.  Deterministic: the same golds give the same
cases.  Used by `bench/answer_checkers.py` and by the tests.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

import sympy as sp
from pydantic import BaseModel, ConfigDict
from sympy.printing.str import StrPrinter

from imobench.answers.check import gold_form
from imobench.answers.forms import Families, Family, Ints, Prose, RealSet, Scalar, Seq
from imobench.answers.forms import answer_type_of_form


class Case(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    problem_id: str
    gold: str
    response: str
    equivalent: bool
    kind: str  # what the rewrite or the miss is
    answer_type: str


class _Plain(StrPrinter):
    def _print_Pow(self, expr, rational=False):
        return super()._print_Pow(expr, rational).replace("**", "^")

    def _print_factorial2(self, expr):
        return f"({self._print(expr.args[0])})!!"

    def _print_factorial(self, expr):
        return f"({self._print(expr.args[0])})!"

    def _print_Exp1(self, expr):
        return "e"


def plain(expr: sp.Expr) -> str:
    """Plain-text rendering (x^2, sqrt(2), floor(x)) as a person or a program writes it."""
    return _Plain().doprint(expr).replace("**", "^")


def latex(expr: sp.Expr) -> str:
    return sp.latex(expr)


_WORDS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()


def number_words(n: int) -> str:
    if n < 20:
        return _WORDS[n]
    tens, unit = divmod(n, 10)
    return _TENS[tens - 2] + ("" if unit == 0 else "-" + _WORDS[unit])


_WRAPPERS = (
    "{}",
    "The answer is $\\boxed{{{}}}$.",
    "So we conclude.\n\nFinal answer: ${}$",
    "Thus the answer is ${}$.",
    "**Answer:** \\boxed{{{}}}",
)


_TEXT_WRAPPERS = ("{}", "Final answer: {}", "The answer is: {}.")


def _wrap(text: str, rng: random.Random) -> str:
    if "$" in text or re.search(r"[A-Za-z]{3,}", re.sub(r"\\[A-Za-z]+", "", text)):
        return rng.choice(_TEXT_WRAPPERS).format(text)
    return rng.choice(_WRAPPERS).format(text)


def labelled_cases(golds: list[tuple[str, str]], seed: int = 7) -> list[Case]:
    """Cases for (problem id, gold) pairs; prose golds are left out (they go to the LLM grader)."""
    rng = random.Random(seed)
    out: list[Case] = []
    for pid, gold in golds:
        form = gold_form(gold)
        if isinstance(form, Prose):
            continue
        atype = answer_type_of_form(form)
        seen: set[str] = set()
        for k, (text, equivalent, kind) in enumerate(_variants(form, gold, rng)):
            if text in seen:
                continue
            seen.add(text)
            out.append(
                Case(id=f"{pid}#{k}", problem_id=pid, gold=gold, response=_wrap(text, rng), equivalent=equivalent, kind=kind, answer_type=atype)
            )
    return out


def _variants(form, gold: str, rng: random.Random) -> Iterator[tuple[str, bool, str]]:
    bare = " ".join(re.sub(r"(?<!\\)\$", "", gold).split()).rstrip(".")
    yield bare, True, "same text"
    if isinstance(form, Scalar):
        yield from _scalar_variants(form.expr, rng)
    elif isinstance(form, Seq):
        yield from _seq_variants(form, rng)
    elif isinstance(form, Ints):
        yield from _ints_variants(form, bare)
    elif isinstance(form, RealSet):
        yield from _realset_variants(form)
    elif isinstance(form, (Family, Families)):
        yield from _family_variants(form)


def _scalar_variants(e: sp.Expr, rng: random.Random) -> Iterator[tuple[str, bool, str]]:
    if e.is_Integer:
        n = int(e)
        yield str(n), True, "integer"
        yield f"n = {n}", True, "x = value"
        if abs(n) >= 10_000:
            s = f"{abs(n):,}"
            yield ("-" if n < 0 else "") + s.replace(",", "\\,"), True, "thin-space grouping"
            yield ("-" if n < 0 else "") + s, True, "comma grouping"
        if 0 <= n < 100:
            yield number_words(n), True, "number words"
        yield f"{n}.0", True, "exact decimal"
        yield str(n + 1), False, "off by one"
        yield str(n - 1), False, "off by one"
        if n != 0:
            yield str(-n), False, "sign"
            yield f"{n}, {n + 1}", False, "hedged"
            yield f"{n - 1} or {n}", False, "hedged"
            yield f"\\frac{{{n}}}{{2}}", False, "halved"
        yield f"{n}.5", False, "decimal near miss"
        return
    yield latex(e), True, "latex"
    yield plain(e), True, "plain text"
    yield latex(e).replace("\\frac", "\\dfrac"), True, "dfrac"
    if not e.free_symbols:
        if e.is_Rational:
            q = int(e.q)
            if all(p in (2, 5) for p in sp.factorint(q)):
                yield str(sp.Float(e, 30)).rstrip("0").rstrip("."), True, "exact decimal"
        else:
            yield str(sp.N(e, 12)), False, "decimal approximation"
        alt = sp.radsimp(e)
        if alt != e:
            yield latex(alt), True, "rationalised"
        yield latex(-e), False, "sign"
        yield latex(e + 1), False, "off by one"
        yield latex(2 * e), False, "doubled"
        if sp.simplify(e**2 - e) != 0:
            yield latex(e**2), False, "squared"
        return
    # expressions with parameters
    expanded = sp.expand(e)
    if expanded != e:
        yield latex(expanded), True, "expanded"
    factored = sp.factor(e)
    if factored != e and factored != expanded:
        yield latex(factored), True, "factored"
    yield latex(e + 1), False, "off by one"
    yield latex(-e), False, "sign"
    sym = sorted(e.free_symbols, key=str)[0]
    bumped = e.xreplace({sym: sym**2})
    if sp.simplify(bumped - e) != 0:
        yield latex(bumped), False, "exponent"
    yield latex(2 * e), False, "doubled"


def _seq_variants(form: Seq, rng: random.Random) -> Iterator[tuple[str, bool, str]]:
    items = [x.expr for x in form.items if isinstance(x, Scalar)]
    if len(items) != len(form.items) or not items:
        return
    if form.ordered:
        yield "(" + ", ".join(latex(x) for x in items) + ")", True, "tuple"
        yield "\\left(" + ",".join(plain(x) for x in items) + "\\right)", True, "tuple plain"
        if len(items) >= 2 and items[0] != items[1]:
            swapped = [items[1], items[0], *items[2:]]
            yield "(" + ", ".join(latex(x) for x in swapped) + ")", False, "swapped tuple"
        yield "(" + ", ".join(latex(x) for x in items[:-1]) + ")", False, "missing element"
        yield "(" + ", ".join(latex(x) for x in [*items[:-1], items[-1] + 1]) + ")", False, "off by one element"
        return
    rev = list(reversed(items))
    yield ", ".join(latex(x) for x in rev), True, "reordered"
    yield "\\{" + ", ".join(latex(x) for x in items) + "\\}", True, "set braces"
    yield " or ".join(f"x = {latex(x)}" for x in rev), True, "x = a or x = b"
    if len(items) > 1:
        yield ", ".join(latex(x) for x in items[:-1]), False, "missing solution"
    extra = max(items, key=lambda v: float(sp.N(v))) + 1 if all(x.is_number for x in items) else items[0] + 1
    yield ", ".join(latex(x) for x in [*items, extra]), False, "extra solution"
    yield ", ".join(latex(x) for x in [*items[:-1], items[-1] + 1]), False, "one solution off by one"


def _ints_variants(form: Ints, bare: str) -> Iterator[tuple[str, bool, str]]:
    s = form.set
    if s.kind == "residue":
        r, m = s.args
        yield f"n \\equiv {r} \\pmod{{{m}}}", True, "congruence"
        yield f"n = {m}k + {r}", True, "progression"
        yield f"all integers of the form ${m}k+{r}$", True, "words"
        yield f"n \\equiv {(r + 1) % m} \\pmod{{{m}}}", False, "wrong residue"
        yield f"n = {m + 1}k + {r}", False, "wrong modulus"
    elif s.kind == "powers":
        (b,) = s.args
        yield f"all powers of {b}", True, "words"
        yield f"powers of {b + 1}", False, "wrong base"
        yield "all positive integers", False, "too large a set"
    elif s.kind == "finite":
        vals = sorted(s.args)
        if vals:
            yield ", ".join(str(v) for v in reversed(vals)), True, "reordered"
            if len(vals) > 1:
                yield ", ".join(str(v) for v in vals[:-1]), False, "missing solution"
            yield ", ".join(str(v) for v in [*vals, vals[-1] + 1]), False, "extra solution"
        else:
            yield "none", True, "empty in words"
            yield "\\emptyset", True, "empty set"
            yield "1", False, "a value for an empty answer"
    else:
        yield bare.replace(",", " ,"), True, "spacing"
        yield f"\\text{{{bare}}}", True, "text wrapper"
        non = [n for n in range(1, 60) if not s.contains(n)]
        if non and form.source == "words":
            yield f"{non[0]} and {bare}", False, "extra solution"
        members = [n for n in range(1, 60) if s.contains(n)]
        if members and form.source == "words" and "exclud" not in bare and "except" not in bare:
            yield f"{bare}, except {members[0]}", False, "missing solution"


def _realset_variants(form: RealSet) -> Iterator[tuple[str, bool, str]]:
    s = form.set
    var = form.var or "x"
    pieces = s.args if isinstance(s, sp.Union) else (s,)
    if all(isinstance(p, sp.Interval) for p in pieces):
        yield " \\cup ".join(_interval_latex(p) for p in pieces), True, "interval notation"
        if len(pieces) == 1:
            p = pieces[0]
            ineq = _inequality(p, var)
            if ineq:
                yield ineq, True, "inequality"
            width = p.end - p.start if p.start.is_finite and p.end.is_finite else sp.Integer(4)
            delta = sp.Integer(1) if width > 2 else width / 2
            if p.start.is_finite:
                flipped = sp.Interval(p.start, p.end, not p.left_open, p.right_open)
                yield _interval_latex(flipped), False, "endpoint closedness"
                yield _interval_latex(sp.Interval(p.start + delta, p.end, p.left_open, p.right_open)), False, "endpoint off by one"
            elif p.end.is_finite:
                flipped = sp.Interval(p.start, p.end, p.left_open, not p.right_open)
                yield _interval_latex(flipped), False, "endpoint closedness"
                yield _interval_latex(sp.Interval(p.start, p.end - delta, p.left_open, p.right_open)), False, "endpoint off by one"
        else:
            yield " \\cup ".join(_interval_latex(p) for p in pieces[:-1]), False, "missing piece"


def _interval_latex(p: sp.Interval) -> str:
    left = "(" if p.left_open or not p.start.is_finite else "["
    right = ")" if p.right_open or not p.end.is_finite else "]"
    return f"{left}{latex(p.start)}, {latex(p.end)}{right}"


def _inequality(p: sp.Interval, var: str) -> str | None:
    lo, hi = p.start, p.end
    lt_lo = "<" if p.left_open else "\\le"
    lt_hi = "<" if p.right_open else "\\le"
    gt_lo = ">" if p.left_open else "\\ge"
    if lo.is_finite and hi.is_finite:
        return f"{latex(lo)} {lt_lo} {var} {lt_hi} {latex(hi)}"
    if lo.is_finite:
        return f"{var} {gt_lo} {latex(lo)}"
    if hi.is_finite:
        return f"{var} {lt_hi} {latex(hi)}"
    return None


def _family_variants(form) -> Iterator[tuple[str, bool, str]]:
    fams = form.items if isinstance(form, Families) else (form,)

    def render(fs, rename=None) -> str:
        parts = []
        for f in fs:
            expr = f.expr.xreplace(rename or {})
            parts.append(f"{f.name}({', '.join(map(str, f.args))}) = {latex(expr)}")
        return ", ".join(parts)

    params = sorted(set().union(*(f.expr.free_symbols - set(f.args) for f in fams)), key=str)
    yield render(fams), True, "latex"
    if len(fams) > 1:
        yield render(list(reversed(fams))), True, "reordered families"
        yield render(fams[:-1]), False, "missing family"
    if params:
        fresh = {p: sp.Symbol(p.name.upper() if p.name.islower() else p.name.lower() + "_0") for p in params}
        yield render(fams, fresh), True, "renamed constants"
    first = fams[0]
    arg = first.args[0]
    changed = Family(first.name, first.args, first.expr + arg)
    yield render([changed, *fams[1:]]), False, "changed family"
