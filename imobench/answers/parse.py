"""A parser for answer text that builds sympy objects directly and can execute nothing.

It reads the token list of `imobench.answers.latex` with a precedence-climbing parser and calls
sympy constructors (Integer, Rational, Add, Mul, Pow, Symbol, a fixed table of functions).  No
`eval`, `sympify` or `parse_expr` is involved, so text such as `__import__('os')` is at worst a
product of symbols or a parse error.  Constructors that can explode (powers, factorials, binomials)
check sizes first and raise `TooLarge` instead of computing a 10^10^10-digit number.

The result of `parse_answer` is a list of top-level items (the answer split at commas, semicolons
and "and"/"or"), each a sympy expression or one of the small structural nodes below; the meaning
of those (tuple or interval, list or set) is decided in `imobench.answers.forms`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction

import sympy as sp

from imobench.answers.latex import GREEK, Token, TokenizeError, tokenize

MAX_DIGITS = 20_000  # a number with more digits than this is not built
MAX_FACTORIAL = 3_000
MAX_DEPTH = 60


class ParseError(ValueError):
    """The text is not an answer expression this parser reads."""


class TooLarge(ParseError):
    """The text denotes a number too large to build within the budget."""


@dataclass(frozen=True)
class Tup:
    items: tuple
    left: str
    right: str


@dataclass(frozen=True)
class SetLit:
    items: tuple


@dataclass(frozen=True)
class SetBuilder:
    element: object
    condition: tuple


@dataclass(frozen=True)
class Rel:
    ops: tuple  # '=', '<', '>', 'le', 'ge', 'ne', 'equiv', 'in', 'notin'
    terms: tuple
    modulus: object = None


@dataclass(frozen=True)
class App:
    name: str
    args: tuple


@dataclass(frozen=True)
class PlusMinus:
    plus: object
    minus: object


@dataclass(frozen=True)
class SetOp:
    op: str  # cup | cap | setminus
    left: object
    right: object


@dataclass(frozen=True)
class Dots:
    """`\\ldots` in a list: 1, 2, ..., n."""


@dataclass
class Items:
    items: list = field(default_factory=list)
    joiners: list = field(default_factory=list)  # ',', ';', 'and', 'or'


_GREEK = GREEK | {"ell"}
_FUNCS = {
    "sin": sp.sin, "cos": sp.cos, "tan": sp.tan, "cot": sp.cot, "sec": sp.sec, "csc": sp.csc,
    "arcsin": sp.asin, "arccos": sp.acos, "arctan": sp.atan, "exp": sp.exp, "ln": sp.log,
    "sinh": sp.sinh, "cosh": sp.cosh, "tanh": sp.tanh,
}
_VARIADIC = {"max": sp.Max, "min": sp.Min, "gcd": sp.gcd, "lcm": sp.lcm}
_SETS = {
    "setR": sp.S.Reals, "setZ": sp.S.Integers, "setN": sp.S.Naturals, "setQ": sp.S.Rationals,
    "setC": sp.S.Complexes, "setZpos": sp.S.Naturals, "setNpos": sp.S.Naturals, "setRpos": sp.Interval.open(0, sp.oo),
    "setQpos": sp.S.Rationals, "emptyset": sp.S.EmptySet,
}
_REL_CMDS = {"le": "le", "ge": "ge", "ne": "ne", "equiv": "equiv", "in": "in", "notin": "notin", "approx": "approx", "sim": "approx"}
_STOP_WORDS = {"and", "or"}


def symbol(name: str) -> sp.Symbol:
    return sp.Symbol(name)


# ---- guarded constructors ------------------------------------------------------------------------


def _digits_estimate(base: sp.Expr, exp: sp.Expr) -> float | None:
    """log10 of |base**exp| when both are plain numbers, else None."""
    try:
        b = abs(float(base))
        e = float(exp)
    except (TypeError, ValueError, OverflowError):
        return None
    if b in (0.0, 1.0):
        return 0.0
    return abs(e) * math.log10(b)


def power(base, exp):
    if isinstance(base, sp.Expr) and isinstance(exp, sp.Expr) and base.is_number and exp.is_number:
        if exp.is_real is not False and base.is_real is not False:
            est = _digits_estimate(base, exp)
            if est is not None and est > MAX_DIGITS:
                raise TooLarge(f"a power with about {est:.3g} digits (budget {MAX_DIGITS})")
            if est is None and base.free_symbols == set():
                # exp too large for float: 10^(10^400)
                raise TooLarge("a power whose exponent is too large to evaluate")
    if isinstance(exp, sp.Expr) and exp.is_number and not isinstance(base, sp.Expr):
        raise ParseError("power of a non-expression")
    return sp.Pow(base, exp)


def factorial(x, double: bool = False):
    if x.is_number:
        if x.is_integer is False or x.is_negative:
            raise ParseError("factorial of a non-natural number")
        if x > MAX_FACTORIAL:
            raise TooLarge(f"factorial of {x} (budget {MAX_FACTORIAL})")
    return sp.factorial2(x) if double else sp.factorial(x)


def binomial(n, k):
    if n.is_number and k.is_number and (abs(n) > 100_000 or abs(k) > 100_000):
        raise TooLarge("binomial coefficient too large")
    return sp.binomial(n, k)


def number(text: str) -> sp.Expr:
    """Exact value of a decimal literal: 1.75 is 7/4, never a float."""
    if "." in text:
        f = Fraction(text)
        return sp.Rational(f.numerator, f.denominator)
    if len(text) > MAX_DIGITS:
        raise TooLarge(f"a literal with {len(text)} digits")
    return sp.Integer(int(text))


# ---- the parser ----------------------------------------------------------------------------------


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.t = tokens
        self.i = 0
        self.depth = 0

    # token helpers
    def peek(self, k: int = 0) -> Token | None:
        j = self.i + k
        return self.t[j] if j < len(self.t) else None

    def at(self, kind: str, value: str | None = None, k: int = 0) -> bool:
        tok = self.peek(k)
        return tok is not None and tok.kind == kind and (value is None or tok.value == value)

    def at_op(self, *values: str) -> bool:
        tok = self.peek()
        return tok is not None and tok.kind == "op" and tok.value in values

    def take(self) -> Token:
        tok = self.peek()
        if tok is None:
            raise ParseError("unexpected end of answer")
        self.i += 1
        return tok

    def expect_op(self, value: str) -> None:
        tok = self.take()
        if tok.kind != "op" or tok.value != value:
            raise ParseError(f"expected {value!r}, found {tok.value!r}")

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ParseError(f"nesting deeper than {MAX_DEPTH}")

    def leave(self) -> None:
        self.depth -= 1

    # grammar
    def items(self, closers: tuple[str, ...] = ()) -> Items:
        out = Items()
        while True:
            if self.at("cmd", "ldots"):
                self.take()
                out.items.append(Dots())
            else:
                out.items.append(self.relation())
            tok = self.peek()
            if tok is None or (tok.kind == "op" and tok.value in closers):
                return out
            if tok.kind == "op" and tok.value in (",", ";"):
                self.take()
                out.joiners.append(tok.value)
                continue
            if tok.kind == "word" and tok.value.lower() in _STOP_WORDS:
                self.take()
                out.joiners.append(tok.value.lower())
                continue
            raise ParseError(f"unexpected {tok.value!r}")

    def relation(self):
        self.enter()
        terms = [self.set_expr()]
        ops: list[str] = []
        modulus = None
        while True:
            tok = self.peek()
            if tok is None:
                break
            op = None
            if tok.kind == "op" and tok.value in ("=", "<", ">"):
                op = tok.value
                self.take()
                if op in "<>" and self.at_op("="):
                    self.take()
                    op = "le" if op == "<" else "ge"
            elif tok.kind == "cmd" and tok.value in _REL_CMDS:
                op = _REL_CMDS[tok.value]
                self.take()
            if op is None:
                break
            ops.append(op)
            terms.append(self.set_expr())
        if self.at("cmd", "pmod") or self.at("cmd", "bmod") or self.at("cmd", "mod") or (
            self.at_op("(") and self.at("word", "mod", 1)
        ):
            modulus = self.modulus()
        self.leave()
        if not ops:
            if modulus is not None:
                raise ParseError("a modulus without a congruence")
            return terms[0]
        return Rel(tuple(ops), tuple(terms), modulus)

    def modulus(self):
        if self.at_op("("):
            self.take()
            self.take()  # 'mod'
            m = self.sum()
            self.expect_op(")")
            return m
        tok = self.take()
        if tok.value == "pmod":
            return self.group_or_unary()
        return self.sum()

    def set_expr(self):
        left = self.sum()
        while self.at("cmd") and self.peek().value in ("cup", "cap", "setminus"):
            op = self.take().value
            right = self.sum()
            left = SetOp(op, left, right)
        if self.at_op("\\") :
            raise ParseError("stray backslash")
        return left

    def sum(self):
        left = self.term()
        while True:
            if self.at_op("+"):
                self.take()
                left = _add(left, self.term())
            elif self.at_op("-"):
                self.take()
                left = _add(left, _neg(self.term()))
            elif self.at("cmd", "pm") or self.at("cmd", "mp"):
                sign = self.take().value
                right = self.term()
                a, b = _add(left, right), _add(left, _neg(right))
                left = PlusMinus(a, b) if sign == "pm" else PlusMinus(b, a)
            else:
                return left

    def term(self):
        left = self.unary()
        while True:
            if self.at_op("*") or self.at("cmd", "cdot"):
                self.take()
                left = _mul(left, self.unary())
            elif self.at_op("/"):
                self.take()
                left = _div(left, self.unary())
            elif self.at("cmd", "percent"):
                self.take()
                left = _div(left, sp.Integer(100))
            elif self._starts_implicit_factor(left):
                left = _mul(left, self.power())
            else:
                return left

    def _starts_implicit_factor(self, left) -> bool:
        tok = self.peek()
        if tok is None:
            return False
        if tok.kind == "num":
            # "2 3" is not 6, but (n-2)2^n and 2^a 3^b are products
            return not isinstance(left, sp.Number)
        if tok.kind == "id":
            return True
        if tok.kind == "cmd":
            return tok.value in ("frac", "sqrt", "binom", "pi", "infty", "lfloor", "lceil", "log", "varphi", "bar", "overline", "floor", "ceil", "abs", "binomial", "factorial", "factorial2") or tok.value in _GREEK or tok.value in _FUNCS or tok.value in _VARIADIC
        if tok.kind == "op":
            if tok.value == "(" and self.at("word", "mod", 1):
                return False
            return tok.value in ("(", "{")
        return False

    def unary(self):
        if self.at_op("-"):
            self.take()
            return _neg(self.unary())
        if self.at_op("+"):
            self.take()
            return self.unary()
        if self.at("cmd", "pm"):
            self.take()
            v = self.unary()
            return PlusMinus(v, _neg(v))
        return self.power()

    def power(self):
        base = self.postfix()
        if self.at_op("^"):
            self.take()
            self.enter()
            exp = self.group_or_unary(exponent=True)
            self.leave()
            base = _pow(base, exp)
            # a^b! is rare; postfix after power not supported
        return base

    def postfix(self):
        value = self.primary()
        while True:
            if self.at_op("!"):
                self.take()
                double = False
                if self.at_op("!"):
                    self.take()
                    double = True
                value = factorial(_expr(value), double=double)
            elif self.at_op("'"):
                raise ParseError("derivative marks are not read")
            else:
                return value

    def group_or_unary(self, exponent: bool = False):
        if self.at_op("{"):
            self.take()
            inner = self.relation()
            self.expect_op("}")
            return inner
        if exponent:
            tok = self.peek()
            if tok is not None and tok.kind == "num" and len(tok.value) > 1 and "." not in tok.value:
                # x^23 is x^{23}; only the LaTeX single-character rule would make it x^2 3
                self.take()
                return number(tok.value)
            if self.at_op("-"):
                self.take()
                return _neg(self.postfix())
            return self.postfix()
        return self.primary()

    def braced(self):
        self.expect_op("{")
        inner = self.relation()
        self.expect_op("}")
        return inner

    def latex_arg(self):
        """An argument of \\frac or \\sqrt: {..} or a single token (\\frac12)."""
        if self.at_op("{"):
            return self.braced()
        tok = self.peek()
        if tok is not None and tok.kind == "num" and len(tok.value) > 1 and tok.value[:2].isdigit():
            # \frac12: LaTeX reads one digit per argument
            self.t[self.i] = Token("num", tok.value[1:])
            return number(tok.value[0])
        tok = self.take()
        if tok.kind == "num":
            return number(tok.value)
        if tok.kind == "id":
            return symbol(tok.value)
        if tok.kind == "cmd" and (tok.value in _GREEK or tok.value == "pi"):
            return sp.pi if tok.value == "pi" else symbol(tok.value)
        raise ParseError(f"unexpected {tok.value!r} as an argument")

    def primary(self):
        tok = self.peek()
        if tok is None:
            raise ParseError("unexpected end of answer")
        self.enter()
        try:
            return self._primary(tok)
        finally:
            self.leave()

    def _primary(self, tok: Token):
        if tok.kind == "num":
            self.take()
            return number(tok.value)
        if tok.kind == "id":
            self.take()
            name = tok.value + self.subscript()
            if self.at_op("(") and _looks_like_application(self):
                return App(name, tuple(self.paren_args()))
            return _name(name)
        if tok.kind == "word":
            raise ParseError(f"word {tok.value!r} in an expression")
        if tok.kind == "op":
            if tok.value in ("(", "["):
                return self.bracketed()
            if tok.value == "{":
                self.take()
                inner = self.items(closers=("}",))
                self.expect_op("}")
                if len(inner.items) == 1:
                    return inner.items[0]
                return SetLit(tuple(inner.items))  # {1, 3}: a set written without backslashes
            if tok.value == "\\{":
                return self.set_literal()
            if tok.value == "|":
                self.take()
                inner = self.sum()
                self.expect_op("|")
                return sp.Abs(_expr(inner))
            raise ParseError(f"unexpected {tok.value!r}")
        return self.command(tok)

    def subscript(self) -> str:
        if not self.at_op("_"):
            return ""
        self.take()
        if self.at_op("{"):
            self.take()
            parts = []
            while not self.at_op("}"):
                t = self.take()
                parts.append(t.value)
            self.take()
            return "_" + "".join(parts)
        return "_" + self.take().value

    def paren_args(self) -> list:
        self.expect_op("(")
        args = [self.relation()]
        while self.at_op(","):
            self.take()
            args.append(self.relation())
        self.expect_op(")")
        return args

    def bracketed(self):
        left = self.take().value
        items = self.items(closers=(")", "]"))
        right = self.take().value
        if len(items.items) == 1 and left == "(" and right == ")":
            return items.items[0]
        if any(j not in (",",) for j in items.joiners):
            raise ParseError("mixed separators inside brackets")
        return Tup(tuple(items.items), left, right)

    def set_literal(self):
        self.take()  # \{
        if self.at_op("\\}"):
            self.take()
            return SetLit(())
        first = self.relation()
        if self.at_op(":") or self.at_op("|"):
            self.take()
            cond = self.items(closers=("\\}",))
            self.expect_op("\\}")
            return SetBuilder(first, tuple(cond.items))
        items = [first]
        while self.at_op(",") or self.at_op(";"):
            self.take()
            items.append(Dots() if self.at("cmd", "ldots") and self.take() else self.relation())
        self.expect_op("\\}")
        return SetLit(tuple(items))

    def command(self, tok: Token):
        name = tok.value
        self.take()
        if name == "frac":
            num = self.latex_arg()
            den = self.latex_arg()
            return _div(num, den)
        if name in ("floor", "ceil", "abs", "factorial", "factorial2") or (name in ("binomial",) and self.at_op("(")):
            args = [_expr(a) for a in self.paren_args()]
            if name == "binomial":
                if len(args) != 2:
                    raise ParseError("binomial takes two arguments")
                return binomial(*args)
            if len(args) != 1:
                raise ParseError(f"{name} takes one argument")
            if name in ("factorial", "factorial2"):
                return factorial(args[0], double=name == "factorial2")
            return {"floor": sp.floor, "ceil": sp.ceiling, "abs": sp.Abs}[name](args[0])
        if name == "sqrt" and self.at_op("("):
            return sp.sqrt(_expr(self.function_arg()))
        if name == "sqrt":
            index = None
            if self.at_op("["):
                self.take()
                index = self.sum()
                self.expect_op("]")
            arg = self.latex_arg()
            return sp.sqrt(_expr(arg)) if index is None else _pow(arg, _div(sp.Integer(1), index))
        if name == "binom":
            n = self.latex_arg()
            k = self.latex_arg()
            return binomial(_expr(n), _expr(k))
        if name == "pi":
            return sp.pi
        if name == "infty":
            return sp.oo
        if name in _SETS:
            return _SETS[name]
        if name in ("lfloor", "lceil"):
            inner = self.sum()
            closing = "rfloor" if name == "lfloor" else "rceil"
            t = self.take()
            if t.kind != "cmd" or t.value != closing:
                raise ParseError(f"\\{name} without \\{closing}")
            return sp.floor(_expr(inner)) if name == "lfloor" else sp.ceiling(_expr(inner))
        if name == "log" and self.at_op("(") and self._plain_two_args():
            a, b = [_expr(x) for x in self.paren_args()]
            return sp.log(a, b)
        if name == "log":
            base = None
            if self.at_op("_"):
                self.take()
                base = self.latex_arg()
            arg = self.function_arg()
            return sp.log(_expr(arg)) if base is None else sp.log(_expr(arg), _expr(base))
        if name in _FUNCS:
            exp = None
            if self.at_op("^"):
                self.take()
                exp = self.group_or_unary(exponent=True)
            arg = self.function_arg()
            value = _FUNCS[name](_expr(arg))
            return value if exp is None else _pow(value, exp)
        if name in _VARIADIC:
            args = self.paren_args()
            return _VARIADIC[name](*[_expr(a) for a in args])
        if name in _GREEK:
            return _name(name + self.subscript())
        if name == "bar" or name == "overline":
            arg = self.latex_arg()
            return sp.conjugate(_expr(arg))
        raise ParseError(f"\\{name} is not read")

    def _plain_two_args(self) -> bool:
        depth = 0
        for tok in self.t[self.i :]:
            if tok.kind == "op" and tok.value == "(":
                depth += 1
            elif tok.kind == "op" and tok.value == ")":
                depth -= 1
                if depth == 0:
                    return False
            elif depth == 1 and tok.kind == "op" and tok.value == ",":
                return True
        return False

    def function_arg(self):
        if self.at_op("("):
            self.take()
            inner = self.sum()
            self.expect_op(")")
            return inner
        if self.at_op("{"):
            return self.braced()
        return self.power()


def _looks_like_application(p: _Parser) -> bool:
    """`f(x)` is an application; `a(a-1)` a product.  Decided by what follows the closing paren:
    an application is followed by `=`, and its arguments are plain names or numbers."""
    j = p.i + 1
    depth = 1
    simple = True
    while j < len(p.t) and depth:
        tok = p.t[j]
        if tok.kind == "op" and tok.value == "(":
            depth += 1
        elif tok.kind == "op" and tok.value == ")":
            depth -= 1
        elif tok.kind not in ("id", "num") and not (tok.kind == "op" and tok.value in (",", "_", "{", "}")):
            simple = False
        j += 1
    nxt = p.t[j] if j < len(p.t) else None
    return simple and nxt is not None and nxt.kind == "op" and nxt.value == "="


def _name(name: str):
    if name == "e":
        return sp.E
    return symbol(name)


def _expr(value) -> sp.Expr:
    if isinstance(value, App):
        return sp.Mul(symbol(value.name), *[_expr(a) for a in value.args])
    if isinstance(value, sp.Basic) and not isinstance(value, sp.Set):
        return value
    raise ParseError(f"expected a value, found {type(value).__name__}")


def _lift(fn, *values):
    """Apply an arithmetic operation, distributing over ± alternatives."""
    for k, v in enumerate(values):
        if isinstance(v, PlusMinus):
            a = list(values)
            b = list(values)
            a[k], b[k] = v.plus, v.minus
            return PlusMinus(_lift(fn, *a), _lift(fn, *b))
    return fn(*[_expr(v) for v in values])


def _add(a, b):
    return _lift(lambda x, y: sp.Add(x, y), a, b)


def _neg(a):
    return _lift(lambda x: -x, a)


def _mul(a, b):
    return _lift(lambda x, y: sp.Mul(x, y), a, b)


def _div(a, b):
    def div(x, y):
        if y == 0:
            raise ParseError("division by zero")
        return sp.Mul(x, sp.Pow(y, -1))

    return _lift(div, a, b)


def _pow(a, b):
    return _lift(power, a, b)


def parse_answer(text: str) -> Items:
    """Parse answer text into its top-level items; raises ParseError (or TooLarge)."""
    try:
        tokens = tokenize(text)
    except TokenizeError as err:
        raise ParseError(str(err)) from None
    if not tokens:
        raise ParseError("empty answer")
    p = _Parser(tokens)
    try:
        result = p.items()
    except RecursionError:
        raise ParseError("answer nests too deeply") from None
    except (TypeError, ValueError, ZeroDivisionError, OverflowError, AttributeError) as err:
        if isinstance(err, ParseError):
            raise
        raise ParseError(f"cannot build the expression: {err}") from None
    return result


def parse_expression(text: str) -> sp.Expr:
    """Parse text that must be a single value."""
    items = parse_answer(text)
    if len(items.items) != 1:
        raise ParseError("expected a single value")
    return _expr(items.items[0])
