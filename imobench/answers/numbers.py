"""Equality of numbers and of expressions, where "unknown" never means "equal".

A difference of two numbers is decided exactly when it can be (rationals; an algebraic number's minimal
polynomial; sympy's simplification to 0), or separated numerically: sympy evaluates the *difference*
with adaptive precision (it raises the working precision until the requested significant digits are
certain, up to `MAX_SEPARATION_DIGITS`), so `√2 + e^{-200}` and `√2` separate at the 87th digit.  A
difference that is zero to that many digits and that no exact method proves zero is *undecided*, never
correct.  Expressions in free variables are compared at test points, each point being such a number.
"""

from __future__ import annotations

import random

import sympy as sp
from sympy.core.evalf import PrecisionExhausted
from sympy.core.function import AppliedUndef

from imobench.answers.verdict import Result, correct, incorrect, undecided

WORK_DIGITS = 30  # significant digits asked of a nonzero difference
MAX_SEPARATION_DIGITS = 2_000  # how far the precision of a constant's difference is raised
MAX_POINT_DIGITS = 300  # the same, at each test point of an expression
TEST_POINTS = 8
INTEGER_POINT_RANGE = (2, 60)  # factorials and binomials need small natural arguments
_RNG_SEED = 20251
_INTEGER_FUNCTIONS = (sp.factorial, sp.factorial2, sp.binomial, sp.Sum, sp.Product)
_SUM_POINT_RANGE = (2, 14)  # a sum with a symbolic bound is expanded at these points (its number of terms)
_STEP_FUNCTIONS = (sp.floor, sp.ceiling, sp.frac)
_COMPLEX_FUNCTIONS = (sp.conjugate, sp.re, sp.im, sp.arg)
_SIGN_FUNCTIONS = (sp.Abs, sp.sign)  # told apart by negative points (variables are real unless a conjugate says not)
_TRANSCENDENTAL = (sp.exp, sp.log, sp.sin, sp.cos, sp.tan, sp.cot, sp.sec, sp.csc, sp.asin, sp.acos, sp.atan,
                   sp.sinh, sp.cosh, sp.tanh)
_ERRORS = (TypeError, ValueError, ArithmeticError, RecursionError, NotImplementedError, AttributeError)


def constant_zero(d: sp.Expr, max_digits: int = MAX_SEPARATION_DIGITS) -> bool | None:
    """Whether a constant expression is 0: True / False when decided, None when not."""
    if d == 0:
        return True
    if d.is_Rational:
        return False
    if d.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
        return None
    try:
        value = d.evalf(WORK_DIGITS, maxn=max_digits, strict=True)
    except PrecisionExhausted:
        value = None  # zero to max_digits digits: only an exact method can say it is 0
    except _ERRORS:
        return None
    if value is not None:
        if not value.is_number:
            return None
        if value != 0:
            return False
        if not value.has(sp.Float):
            return True
    return _proven_zero(d)


def _proven_zero(d: sp.Expr) -> bool | None:
    try:
        if sp.expand(d) == 0:
            return True
        if not d.has(*_TRANSCENDENTAL, sp.pi, sp.E) and d.is_algebraic is not False:
            x = sp.Dummy("x")
            return bool(sp.minimal_polynomial(d, x) == x)
        for simplify in (sp.simplify, lambda e: sp.expand_log(e, force=True), sp.trigsimp):
            if simplify(d) == 0:
                return True
    except _ERRORS:
        return None
    except Exception:  # noqa: BLE001 - sympy's exact methods raise many private errors; they mean "not proven"
        return None
    return None


def numbers_equal(a: sp.Expr, b: sp.Expr) -> Result:
    """Two constants: exactly equal, separated, or undecided."""
    if a == b:
        return correct("exact", "identical after normalisation")
    if a.is_Rational and b.is_Rational:
        return incorrect("exact", f"{a} ≠ {b}")
    zero = constant_zero(sp.Add(a, -b))
    if zero is True:
        return correct("symbolic", "the difference is exactly 0")
    if zero is False:
        return incorrect("numeric", f"{_show(a)} ≠ {_show(b)}")
    return undecided(
        "numeric", f"equal to {MAX_SEPARATION_DIGITS} digits but not proven equal (no exact form of the difference)"
    )


def _show(e: sp.Expr) -> str:
    try:
        return str(sp.N(e, 12))
    except _ERRORS:
        return str(e)[:60]


def _points(symbols: list, expr: sp.Expr, rng: random.Random) -> list[dict]:
    """Test points for the variables: integers where factorials need them, non-integers where a floor or
    a ceiling could hide a difference, complex numbers where a conjugate or modulus could."""
    integer_only = expr.has(*_INTEGER_FUNCTIONS)
    steps = expr.has(*_STEP_FUNCTIONS)
    complex_too = expr.has(*_COMPLEX_FUNCTIONS)
    signs = expr.has(*_SIGN_FUNCTIONS) or any(isinstance(p, sp.Pow) and not p.exp.is_integer for p in expr.atoms(sp.Pow))
    out = []
    sums = expr.has(sp.Sum, sp.Product)
    for j in range(TEST_POINTS):
        point = {}
        for s in symbols:
            if sums:
                v = sp.Integer(rng.randint(*_SUM_POINT_RANGE))
            elif integer_only:
                v = sp.Integer(rng.randint(*INTEGER_POINT_RANGE))
            elif steps and j % 2 == 0:
                v = sp.Integer(rng.randint(2, 500)) + sp.Rational(rng.randint(1, 96), 97)
            else:
                v = sp.Rational(rng.randint(3, 997), rng.randint(2, 89))
            if complex_too and j % 2 == 1:
                v = v + sp.I * sp.Rational(rng.randint(1, 97), rng.randint(2, 29))
            elif signs and not integer_only and j % 2 == 1:
                v = -v  # |x| against x, sqrt(x^2) against x: equal at positive points only
            point[s] = v
        out.append(point)
    return out


def expressions_equal(a: sp.Expr, b: sp.Expr, free: set) -> Result:
    """Two expressions in free variables: a symbolic proof, exact equality at every test point (an
    identity test), a point where they differ, or undecided."""
    d = sp.Add(a, -b)
    try:
        if sp.expand(d) == 0:
            return correct("symbolic", "the difference expands to 0")
    except _ERRORS:
        pass
    symbols = sorted(free, key=lambda s: s.name)
    rng = random.Random(_RNG_SEED)
    points = _points(symbols, d, rng) + _points(symbols, d, random.Random())[:2]  # two the writer cannot know
    exact = unknown = 0
    for point in points:
        try:
            value = d.xreplace(point)
            if value.has(sp.Sum, sp.Product):
                value = value.doit()
        except _ERRORS:
            continue
        if value.has(sp.nan, sp.zoo) or value.free_symbols:
            continue
        if value.has(AppliedUndef):
            # terms F(0), F(1), ... of an unknown sequence: a formula in them is zero only if it expands to 0
            zero = sp.expand(value) == 0
        else:
            zero = constant_zero(value, MAX_POINT_DIGITS)
        if zero is False:
            shown = ", ".join(f"{k}={v}" for k, v in point.items())
            return incorrect("random-points", f"differ at {shown}")
        if zero is True:
            exact += 1
        else:
            unknown += 1
    if exact + unknown == 0:
        return undecided("random-points", "neither side evaluates to a number at the test points")
    if unknown == 0:
        return correct("random-points", f"exactly equal at {exact} test points (an identity test)")
    try:
        if sp.simplify(d) == 0:
            return correct("symbolic", "the difference simplifies to 0")
    except _ERRORS:
        pass
    return undecided("random-points", f"equal at {exact + unknown} test points to {MAX_POINT_DIGITS} digits; not proven")


def values_equal(a: sp.Expr, b: sp.Expr) -> Result:
    """Two values (constants or expressions); `i` alone is the imaginary unit."""
    if a == b:
        return correct("exact", "identical after normalisation")
    i = sp.Symbol("i")
    if (a.free_symbols | b.free_symbols) == {i}:
        a, b = a.xreplace({i: sp.I}), b.xreplace({i: sp.I})
        if a == b:
            return correct("exact", "identical (i is the imaginary unit)")
    a_inf, b_inf = a.has(sp.oo, -sp.oo, sp.zoo), b.has(sp.oo, -sp.oo, sp.zoo)
    if a in (sp.oo, -sp.oo) and b in (sp.oo, -sp.oo):
        return incorrect("exact", f"{a} ≠ {b}")  # equal ones were caught above
    if a_inf or b_inf:
        return incorrect("exact", "infinite on one side only") if a_inf != b_inf else undecided("exact", "infinities")
    free = a.free_symbols | b.free_symbols
    if not free:
        return numbers_equal(a, b)
    return expressions_equal(a, b, free)
