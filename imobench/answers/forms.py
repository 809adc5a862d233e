"""Answer forms: what a parsed answer *is*: a value, a tuple or list, a set of reals, a set of integers,
a family of functions, a condition, or prose.

These are plain frozen dataclasses; `imobench.answers.build` makes them from text (through the parser
and the word reader) and `imobench.answers.compare` decides between two of them.  The conversions here
(`as_int_set`, `progression`, `powers`) read one form as another where that reading is exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

import sympy as sp

from imobench.answers import intsets
from imobench.answers.intsets import IntSet

AnswerType = Literal[
    "integer", "exact number", "expression", "set or list", "tuple", "interval or condition", "function family",
    "piecewise", "choice", "prose",
]
ANSWER_TYPES: tuple[str, ...] = AnswerType.__args__  # type: ignore[attr-defined]
INTEGER_NAMES = {"n", "m", "k", "p", "q", "r", "d", "j", "l", "N", "M", "K"}
PARAMETER_NAMES = {"k", "m", "t", "j", "l", "s", "i"}


@dataclass(frozen=True)
class Scalar:
    """One value.  `label` is the name a labelled equation gave it (`a_n = 3n`, `y = 2x + 1`: the
    label is kept so that the value can also be read as an equation); `note` is "percent" for `x%`
    (compared as x/100 and as x), "clock" for a time of day `H:MM` (compared only with times) or
    "qualified" for a value stated under a condition that was set aside ("x + 1 for x ≠ 0")."""

    expr: sp.Expr
    label: str | None = None
    note: str = ""


@dataclass(frozen=True)
class Seq:
    """Several values: a tuple (`ordered`) or a set.  `order_known` is False for a bare comma list whose
    order nobody has settled (a gold not listed in increasing order, with no problem statement that says
    "all solutions" or "ordered"): the same values in another order are then undecided, never correct."""

    items: tuple
    ordered: bool
    brackets: str = ""
    order_known: bool = True
    bare: bool = False  # written as plain values joined by commas only ("4, 10, -2"; not "n = 1, -2", "±2", "1 and 2")


@dataclass(frozen=True)
class RealSet:
    set: sp.Set
    var: str | None = None


@dataclass(frozen=True)
class Ints:
    set: IntSet
    var: str | None = None
    source: str = "rule"  # rule | words | relation | divides
    domain: str | None = None  # the problem's integers (a gold's only): "positive", "nonnegative", "all"
    param: tuple | None = None  # ("linear", a, b, "k") for a k + b, ("power", base, "k") for base^k: how a range of k restricts it


@dataclass(frozen=True)
class Family:
    name: str
    args: tuple
    expr: sp.Expr
    qualified: bool = False  # stated under a condition that was set aside ("T(p) = ... for p ≠ 0")


@dataclass(frozen=True)
class Families:
    items: tuple


@dataclass(frozen=True)
class Condition:
    """Relations between several quantities: `3a^2 - b^2 = 3`, `{(a,b) : ab <= e^3}`."""

    relations: tuple  # of (op, expr) with expr = lhs - rhs and op in {'=', '<', 'le', 'ne'}
    vars: tuple = ()


@dataclass(frozen=True)
class Piecewise:
    """A value by cases: `pieces` is a tuple of (value form, condition form), the condition None for
    "otherwise"; a condition that is not mathematics is kept as its `Prose` text."""

    pieces: tuple
    label: str | None = None


@dataclass(frozen=True)
class Choice:
    """A named choice: a player ("alice", "player 2") or an answer to a yes/no question ("yes", "no")."""

    key: str
    kind: str  # name | player | yes-no


@dataclass(frozen=True)
class Prose:
    text: str
    reason: str


def answer_type_of_form(form) -> str:
    """The answer type (one of ANSWER_TYPES) of a gold's form."""
    if isinstance(form, Scalar):
        if form.expr.is_Integer:
            return "integer"
        if not form.expr.free_symbols:
            return "exact number"
        return "expression"
    if isinstance(form, Seq):
        return "tuple" if form.ordered else "set or list"
    if isinstance(form, Ints):
        return "set or list" if form.source in ("words", "rule") else "interval or condition"
    if isinstance(form, (RealSet, Condition)):
        return "interval or condition"
    if isinstance(form, (Family, Families)):
        return "function family"
    if isinstance(form, Piecewise):
        return "piecewise"
    if isinstance(form, Choice):
        return "choice"
    return "prose"


def listed_increasing(seq: Seq) -> bool:
    """Whether a list of real numbers is written in strictly increasing order (how solution sets are
    conventionally listed).  False when some item is not a real number or a comparison is not decided."""
    values = []
    for x in seq.items:
        if not isinstance(x, Scalar) or not x.expr.is_number or x.expr.is_extended_real is not True:
            return False
        values.append(x.expr)
    try:
        return all(sp.Add(b, -a).is_positive is True for a, b in zip(values, values[1:]))
    except (TypeError, ValueError, ArithmeticError):
        return False


def with_list_order(form, order: str | None):
    """The gold form with what the problem says about a bare list's order: "ordered" makes it a tuple,
    "set" keeps it a set, None keeps it a set only when it is listed in increasing order.  Only a bare
    list is in question: a label (`n = 1, -2`), `±`, "and"/"or" or set braces already say "set"."""
    if not isinstance(form, Seq) or form.ordered or form.brackets or not form.bare or len(form.items) < 2:
        return form
    if not all(isinstance(x, Scalar) for x in form.items):
        return form  # a list of tuples or of families is a set of solutions, whatever the order
    if order == "ordered":
        return Seq(form.items, ordered=True, brackets="")
    if order == "set" or listed_increasing(form):
        return form
    return Seq(form.items, ordered=False, brackets="", order_known=False)


def with_integer_domain(form, domain: str | None):
    """A gold set of integers with the domain its problem ranges over (see `intsets.compare`)."""
    if isinstance(form, Ints) and domain is not None:
        return Ints(form.set, form.var, form.source, domain)
    return form


def progression(lhs: sp.Symbol, rhs) -> Ints | None:
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
        return Ints(intsets.residue(int(b), int(a)), lhs.name, "relation", param=("linear", int(a), int(b), k.name))
    return None


def powers(lhs: sp.Symbol, rhs) -> Ints | None:
    """`n = 2^k` (a parameter k in the exponent of an integer base) as the powers of that base."""
    if not isinstance(rhs, sp.Pow) or not rhs.base.is_Integer:
        return None
    k = rhs.exp
    if isinstance(k, sp.Symbol) and k.name in PARAMETER_NAMES and k != lhs:
        return Ints(intsets.powers(int(rhs.base)), lhs.name, "relation", param=("power", int(rhs.base), k.name))
    return None


MAX_PARAMETER_POINTS = 64  # a parameter range with more excluded or listed values than this is not applied


def restricted(form: Ints, values: IntSet) -> Ints | None:
    """`n = 14k` with `k ≠ 0`, `n = 2^k` with `k ≥ 1`: the set of a k + b (or base^k) over the parameter's
    range, when that range is a half-line, all integers, or either with finitely many values left out;
    None when it is not such a range (the caller then leaves the answer undecided)."""
    if form.param is None:
        return None
    lo, hi, holes = _half_line(values)
    if (lo is None and hi is None and holes is None) or (lo is not None and hi is not None):
        return None
    if form.param[0] == "linear":
        _, a, b, _ = form.param
        out = form.set
        if lo is not None or hi is not None:
            ends = [a * x + b for x in (lo, hi) if x is not None]
            bound = intsets.IntSet("all", (min(ends), None) if (a > 0) == (lo is not None) else (None, max(ends)))
            out = intsets.IntSet("inter", (out, bound))
        if holes:
            out = intsets.IntSet("diff", (out, intsets.finite(a * h + b for h in holes)))
        return Ints(out, form.var, form.source)
    _, base, _ = form.param
    if hi is not None or lo is None and holes is None:
        return None
    start = max(lo or 0, 0)
    removed = {base**j for j in range(0, start)} | {base**h for h in (holes or ()) if h >= 0}
    out = form.set if not removed else intsets.IntSet("diff", (form.set, intsets.finite(removed)))
    return Ints(out, form.var, form.source)


def _half_line(values: IntSet) -> tuple[int | None, int | None, tuple | None]:
    """(low, high, left-out values) of an integer range that is a half-line or all integers with finitely
    many values left out; (None, None, None) when it is neither."""
    if values.kind == "all":
        lo, hi = values.args if values.args else (None, None)
        return lo, hi, ()
    if values.kind == "diff" and values.args[1].kind == "finite" and len(values.args[1].args) <= MAX_PARAMETER_POINTS:
        lo, hi, holes = _half_line(values.args[0])
        if holes is None:
            return None, None, None
        return lo, hi, tuple(sorted(set(holes) | set(values.args[1].args)))
    if values.kind == "intervals" and len(values.args) == 1:
        a, b, ao, bo = values.args[0]
        if a is not None and b is not None:
            return None, None, None
        lo = None if a is None else (int(a) + 1 if ao and a == int(a) else -(-a.numerator // a.denominator))
        hi = None if b is None else (int(b) - 1 if bo and b == int(b) else b.numerator // b.denominator)
        return lo, hi, ()
    if values.kind == "intervals" and len(values.args) == 2:
        (a1, b1, _, bo1), (a2, b2, ao2, _) = values.args
        if a1 is None and b2 is None and b1 == a2 and bo1 and ao2 and b1 == int(b1):
            return None, None, (int(b1),)  # k ≠ c read as (-∞, c) ∪ (c, ∞)
    return None, None, None


def as_int_set(form) -> IntSet | None:
    """A form as a set of integers, where that reading makes sense."""
    if isinstance(form, Ints):
        return form.set
    if isinstance(form, Scalar) and form.expr.is_Integer:
        return intsets.finite([int(form.expr)])
    if isinstance(form, Scalar) and len(form.expr.free_symbols) == 1:
        n = sp.Symbol("n")
        got = progression(n, form.expr) or powers(n, form.expr)  # "4k+3", "2^k" stated alone
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

