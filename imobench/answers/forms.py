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
    source: str = "rule"  # rule | words | relation
    domain: str | None = None  # the problem's integers (a gold's only): "positive", "nonnegative", "all"


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
        return Ints(intsets.residue(int(b), int(a)), lhs.name, "relation")
    return None


def powers(lhs: sp.Symbol, rhs) -> Ints | None:
    """`n = 2^k` (a parameter k in the exponent of an integer base) as the powers of that base."""
    if not isinstance(rhs, sp.Pow) or not rhs.base.is_Integer:
        return None
    k = rhs.exp
    if isinstance(k, sp.Symbol) and k.name in PARAMETER_NAMES and k != lhs:
        return Ints(intsets.powers(int(rhs.base)), lhs.name, "relation")
    return None


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

