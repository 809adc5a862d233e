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
import re
import sys
from dataclasses import dataclass, field
from fractions import Fraction

import sympy as sp

from imobench.answers.latex import GREEK, Token, TokenizeError, tokenize

MAX_DIGITS = 20_000  # a number with more digits than this is not built
MAX_FACTORIAL = 3_000
MAX_DEPTH = 60

# Python refuses int <-> str conversions above 4,300 digits by default; the checker's own budget is
# MAX_DIGITS, so a 5,000-digit answer must be read (and shown), not fail as an internal error.
if 0 < sys.get_int_max_str_digits() < MAX_DIGITS + 100:
    sys.set_int_max_str_digits(MAX_DIGITS + 100)


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
class Matrix:
    rows: tuple  # of tuples of items


@dataclass(frozen=True)
class Ratio:
    """`a : b` (a ratio) or `H:MM` (a time of day, `clock` true)."""

    left: object
    right: object
    clock: bool = False


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
_POSITIVE = sp.Interval.open(0, sp.oo)
_SETS = {  # \mathbb{Q}^+ is the positive rationals, never all of Q
    "setR": sp.S.Reals, "setZ": sp.S.Integers, "setN": sp.S.Naturals, "setQ": sp.S.Rationals, "setC": sp.S.Complexes,
    "setZpos": sp.S.Naturals, "setNpos": sp.S.Naturals, "setRpos": _POSITIVE,
    "setQpos": sp.Intersection(sp.S.Rationals, _POSITIVE, evaluate=False),
    "setZnonneg": sp.S.Naturals0, "setNnonneg": sp.S.Naturals0, "setRnonneg": sp.Interval(0, sp.oo),
    "setQnonneg": sp.Intersection(sp.S.Rationals, sp.Interval(0, sp.oo), evaluate=False),
    "setZnz": sp.Complement(sp.S.Integers, sp.FiniteSet(0), evaluate=False),
    "setRnz": sp.Complement(sp.S.Reals, sp.FiniteSet(0), evaluate=False),
    "setQnz": sp.Complement(sp.S.Rationals, sp.FiniteSet(0), evaluate=False),
    "setNnz": sp.S.Naturals, "setCnz": sp.Complement(sp.S.Complexes, sp.FiniteSet(0), evaluate=False),
    "emptyset": sp.S.EmptySet,
}
MAX_MATRIX_PRODUCT = 20_000  # entries times inner length of a matrix product that is built
MAX_TERMS = 2_000  # a sum or product with numeric bounds and at most this many terms is evaluated
_OPAQUE_NAME = re.compile(r"[A-Za-z]{2,12}")
_OPERATOR_NAME = re.compile(
    r"arrow|implies|iff|mapsto|gets|^to$|therefore|because|forall|exists|neg|lnot|sum|prod|int|lim|sup|inf|max|min|det|"
    r"partial|nabla|cdot|circ|star|bullet|dots|hline|label|tag|space|newline|linebreak|item|begin|end|left|right|"
    r"frac|sqrt|text|math|operatorname|boxed|fbox|color|hat|tilde|vec|dot|prime|over|under|stack|choose|mod|equiv|"
    r"approx|sim|cong|perp|parallel|angle|triangle|cup|cap|subset|supset|setminus|in$|ni$|notin|wedge|vee|oplus|otimes|"
    r"times|div|pm|mp|le|ge|ne|lt|gt|ll|gg|prec|succ|mid|vert|Vert|quad|phantom|displaystyle|limits|big|Big",
    re.I,
)
_REL_CMDS = {"le": "le", "ge": "ge", "ne": "ne", "equiv": "equiv", "in": "in", "notin": "notin", "approx": "approx", "sim": "approx",
             "simeq": "approx", "doteq": "approx", "mid": "divides", "subset": "subset", "subseteq": "subset"}
MAX_BASE = 36
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
        self.allow_ratio = True  # false inside a set builder, where ':' separates the condition
        self.after_power = False  # 2^3 5^2: a number may follow a power as a factor
        self.index_vars: set[str] = set()  # inside \sum_{k=..}: F_{n-k} is the term F(n - k) of a sequence

    # token helpers
    def peek(self, k: int = 0) -> Token | None:
        j = self.i + k
        return self.t[j] if j < len(self.t) else None

    def at(self, kind: str, value: str | None = None, k: int = 0) -> bool:
        tok = self.peek(k)
        return tok is not None and tok.kind == kind and (value is None or tok.value == value)

    def at_op(self, *values: str, k: int = 0) -> bool:
        tok = self.peek(k)
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
                nxt = self.peek()
                if nxt is not None and nxt.kind == "word" and nxt.value.lower() in _STOP_WORDS:
                    self.take()  # "60, 100, or 8p": the comma and the word are one joiner
                    out.joiners.append(nxt.value.lower())
                    continue
                out.joiners.append(tok.value)
                continue
            if tok.kind == "word" and tok.value.lower() in _STOP_WORDS:
                self.take()
                out.joiners.append(tok.value.lower())
                continue
            raise ParseError(f"unexpected {tok.value!r}")

    def relation(self):
        self.enter()
        terms = [self.ratio()]
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
            elif tok.kind == "cmd" and tok.value in _REL_CMDS and (self.allow_ratio or tok.value != "mid"):
                op = _REL_CMDS[tok.value]
                self.take()
            if op is None:
                break
            ops.append(op)
            terms.append(self.ratio())
        if self.at("cmd", "pmod") or self.at("cmd", "bmod") or self.at("cmd", "mod") or self.at("word", "mod") or (
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

    def ratio(self):
        """`a : b` outside set-builder braces; `12:00` (a whole hour, where a ratio would divide by 0) is a time."""
        start = self.i
        left = self.set_expr()
        if not (self.allow_ratio and self.at_op(":")):
            return left
        self.take()
        right_start = self.i
        right = self.set_expr()
        a, b = self.t[start], self.t[right_start]
        clock = (
            self.i - start == 3 and a.kind == "num" and b.kind == "num" and a.value.isdigit() and len(a.value) <= 2
            and b.value == "00"
        )  # "12:00" is a time (12:00 vs 1:00 decided); "7:32", "11:21" are ratios
        out = Ratio(left, right, clock)
        while self.at_op(":") and not clock:
            self.take()
            out = Ratio(out, self.set_expr())
        return out

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
        listed = [left]  # 1 + 2 + \\cdots + n: the terms written before an ellipsis
        while True:
            if self.at_op("+") and self.at("cmd", "ldots", k=1):
                self.take()
                self.take()
                if self.at_op("+"):
                    self.take()
                return _progression_of(listed, self.term(), sp.Add)
            if self.at_op("+"):
                self.take()
                right = self.term()
                listed.append(right)
                left = _add(left, right)
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
        listed = [left]  # 1 \\cdot 3 \\cdot 5 \\cdots (2k-1): the factors written before an ellipsis
        while True:
            if self.at("cmd", "ldots") and len(listed) >= 2 and self.peek(1) is not None:
                self.take()
                if self.at_op("*") or self.at("cmd", "cdot"):
                    self.take()
                return _progression_of(listed, self.power(), sp.Mul)
            if (self.at_op("*") or self.at("cmd", "cdot")) and self.at("cmd", "ldots", k=1) and len(listed) >= 2:
                self.take()
                continue
            if self.at_op("*") or self.at("cmd", "cdot"):
                self.take()
                right = self.unary()
                listed.append(right)
                left = _mul(left, right)
            elif self.at_op("/"):
                self.take()
                left = _div(left, self.unary())
            elif self.at("cmd", "percent"):
                self.take()
                left = _div(left, sp.Integer(100))
            elif self.at("cmd", "setZ") and isinstance(left, sp.Integer) and left != 0:
                self.take()  # 14\\mathbb{Z}: the multiples of 14
                k = sp.Dummy("k", integer=True)
                return sp.ImageSet(sp.Lambda(k, left * k), sp.S.Integers)
            elif self._starts_implicit_factor(left):
                left = _mul(left, self.power())
            else:
                return left

    def _starts_implicit_factor(self, left) -> bool:
        tok = self.peek()
        if tok is None:
            return False
        if tok.kind == "num":
            # "2 3" is not 6, but (n-2)2^n, 2^a 3^b and 2^3 5^2 are products
            return not isinstance(left, sp.Number) or self.after_power
        if tok.kind == "id":
            return True
        if tok.kind == "cmd":
            return tok.value in ("frac", "sqrt", "binom", "pi", "mopen", "infty", "lfloor", "lceil", "log", "varphi", "bar", "overline", "floor", "ceil", "abs", "binomial", "factorial", "factorial2") or tok.value in _GREEK or tok.value in _FUNCS or tok.value in _VARIADIC
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
        self.after_power = False
        base = self.postfix()
        if self.at_op("^"):
            self.take()
            self.enter()
            exp = self.group_or_unary(exponent=True)
            self.leave()
            base = _pow(base, exp)
            self.after_power = True
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
                value = factorial(as_expr(value), double=double)
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
            return _name(tok.value)  # \\log_e 2: e is Euler's number, as everywhere else
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
            based = self.base_subscript(tok.value)
            if based is not None:
                return based
            mixed = self.mixed_fraction(tok.value)
            if mixed is not None:
                return mixed
            return number(tok.value)
        if tok.kind == "id":
            self.take()
            if self.index_vars and self.at_op("_"):
                term = self.sequence_term(tok.value)
                if term is not None:
                    return term
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
                return sp.Abs(as_expr(inner))
            raise ParseError(f"unexpected {tok.value!r}")
        return self.command(tok)

    def _num_at(self, k: int) -> str | None:
        tok = self.peek(k)
        return tok.value if tok is not None and tok.kind == "num" and tok.value.isdigit() else None

    def base_subscript(self, digits: str):
        """`1011_2`, `204_{5}`: a numeral in base 2..36 (its digits must be digits of that base)."""
        if not (self.at_op("_") and digits.isdigit()):
            return None
        braced = self.at_op("{", k=1)
        base_text = self._num_at(2 if braced else 1)
        if base_text is None or (braced and not self.at_op("}", k=3)):
            return None
        base = int(base_text)
        if not 2 <= base <= MAX_BASE or any(int(d) >= base for d in digits):
            raise ParseError(f"{digits}_{base_text}: not a numeral in base {base_text}")
        if len(digits) > MAX_DIGITS:
            raise TooLarge(f"a numeral with {len(digits)} digits")
        self.i += 4 if braced else 2
        return sp.Integer(int(digits, base))

    def mixed_fraction(self, whole: str):
        """`3\\frac{1}{4}` and `2 1/3` are mixed numbers (3 + 1/4), as textbooks and peers write them."""
        if not whole.isdigit():
            return None
        parts = None
        if self.at("cmd", "frac"):
            if self.at_op("{", k=1) and self._num_at(2) and self.at_op("}", k=3) and self.at_op("{", k=4) and self._num_at(5) and self.at_op("}", k=6):
                parts = (self._num_at(2), self._num_at(5), 7)
            elif self._num_at(1) is not None and len(self._num_at(1)) == 2:
                parts = (self._num_at(1)[0], self._num_at(1)[1], 2)
        elif self._num_at(0) and self.at_op("/", k=1) and self._num_at(2):
            parts = (self._num_at(0), self._num_at(2), 3)
        if parts is None:
            return None
        a, b, length = int(parts[0]), int(parts[1]), parts[2]
        if not 0 < a < b:
            return None
        nxt = self.peek(length)
        if nxt is not None and (nxt.kind in ("num", "id", "cmd") or (nxt.kind == "op" and nxt.value in ("^", "(", "_", "!", "{"))):
            return None  # 2\\frac{1}{3}x is a product
        self.i += length
        return sp.Integer(int(whole)) + sp.Rational(a, b)

    def sequence_term(self, name: str):
        """`F_{n-k-1}` inside a sum over k: the term F(n - k - 1) of the sequence F (None when the subscript
        does not mention the summation variable; it is then part of a name, as `a_1` is)."""
        start = self.i
        self.take()  # _
        if self.at_op("{"):
            self.take()
            depth, j = 1, self.i
            while j < len(self.t) and depth:
                if self.t[j].kind == "op" and self.t[j].value in ("{", "}"):
                    depth += 1 if self.t[j].value == "{" else -1
                j += 1
            inner = self.t[self.i : j - 1]
        else:
            inner = self.t[self.i : self.i + 1]
            j = self.i + 1
        if not any(t.kind == "id" and t.value in self.index_vars for t in inner):
            self.i = start
            return None
        sub = _Parser(list(inner))
        index = as_expr(sub.sum())
        if sub.i != len(inner):
            raise ParseError("a subscript that is not an expression")
        self.i = j
        return sp.Function(name)(index)

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
        if len(items.items) == 1 and (left == "(" and right == ")" or isinstance(items.items[0], Matrix)):
            return items.items[0]  # \\left[\\begin{array}...\\end{array}\\right] is the matrix
        if set(items.joiners) - {","} and set(items.joiners) != {";"}:
            raise ParseError("mixed separators inside brackets")  # (0;-2;6) is a tuple, (1, 2; 3) is not read
        return Tup(tuple(items.items), left, right)

    def set_literal(self):
        self.take()  # \{
        if self.at_op("\\}"):
            self.take()
            return SetLit(())
        saved, self.allow_ratio = self.allow_ratio, False
        try:
            first = self.relation()
        finally:
            self.allow_ratio = saved
        if self.at_op(":") or self.at_op("|") or self.at("cmd", "mid"):
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
            args = [as_expr(a) for a in self.paren_args()]
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
            return sp.sqrt(as_expr(self.function_arg()))
        if name == "sqrt":
            index = None
            if self.at_op("["):
                self.take()
                index = self.sum()
                self.expect_op("]")
            arg = self.latex_arg()
            return sp.sqrt(as_expr(arg)) if index is None else _pow(arg, _div(sp.Integer(1), index))
        if name == "binom":
            n = self.latex_arg()
            k = self.latex_arg()
            return binomial(as_expr(n), as_expr(k))
        if name == "pi":
            return sp.pi
        if name == "mopen":
            return self.matrix()
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
            return sp.floor(as_expr(inner)) if name == "lfloor" else sp.ceiling(as_expr(inner))
        if name == "log" and self.at_op("(") and self._plain_two_args():
            a, b = [as_expr(x) for x in self.paren_args()]
            return sp.log(a, b)
        if name == "log":
            base = None
            if self.at_op("_"):
                self.take()
                base = self.latex_arg()
            arg = self.function_arg()
            return sp.log(as_expr(arg)) if base is None else sp.log(as_expr(arg), as_expr(base))
        if name in _FUNCS:
            exp = None
            if self.at_op("^"):
                self.take()
                exp = self.group_or_unary(exponent=True)
            arg = self.function_arg()
            value = _FUNCS[name](as_expr(arg))
            return value if exp is None else _pow(value, exp)
        if name in _VARIADIC:
            args = self.paren_args()
            return _VARIADIC[name](*[as_expr(a) for a in args])
        if name in _GREEK:
            return _name(name + self.subscript())
        if name == "bar" or name == "overline":
            arg = self.latex_arg()
            return sp.conjugate(as_expr(arg))
        if name in ("sum", "prod"):
            return self.big_operator(name)
        if name == "Eq" and self.at_op("("):
            args = self.paren_args()
            if len(args) != 2:
                raise ParseError("Eq takes two arguments")
            return Rel(("=",), tuple(args))
        if _OPAQUE_NAME.fullmatch(name) and not _OPERATOR_NAME.search(name) and not self.at_op("{", "_", "^", "("):
            return symbol("\\" + name)  # an unknown name (\\zzz) is a quantity of its own, never a product of letters
        raise ParseError(f"\\{name} is not read")

    def big_operator(self, name: str):
        """`\\sum_{k=a}^{b} body` and `\\prod`: the body is the product that follows (up to the next + or -).
        With numeric bounds of at most `MAX_TERMS` terms the sum is evaluated; otherwise it is kept whole
        (compared at integer points, `imobench.answers.numbers`)."""
        if not self.at_op("_"):
            raise ParseError(f"\\{name} without a range")
        self.take()
        self.expect_op("{")
        var_tok = self.take()
        if var_tok.kind != "id" or not self.at_op("="):
            raise ParseError(f"\\{name} with a range that is not k = a")
        self.take()
        low = as_expr(self.sum())
        self.expect_op("}")
        if not self.at_op("^"):
            raise ParseError(f"\\{name} without an upper bound")
        self.take()
        high = as_expr(self.group_or_unary(exponent=True))
        var = symbol(var_tok.value)
        saved, self.index_vars = self.index_vars, self.index_vars | {var_tok.value}
        try:
            body = as_expr(self.term())
        finally:
            self.index_vars = saved
        cls = sp.Sum if name == "sum" else sp.Product
        value = cls(body, (var, low, high))
        if (high - low).is_Integer and 0 <= int(high - low) < MAX_TERMS:
            return value.doit()
        return value

    def matrix(self) -> Matrix:
        rows: list[tuple] = []
        row: list = []
        while True:
            row.append(self.relation())
            tok = self.take()
            if tok.kind == "cmd" and tok.value == "mcol":
                continue
            rows.append(tuple(row))
            row = []
            if tok.kind == "cmd" and tok.value == "mrow":
                continue
            if tok.kind == "cmd" and tok.value == "mclose":
                break
            raise ParseError(f"unexpected {tok.value!r} in a matrix")
        if len({len(r) for r in rows}) != 1:
            raise ParseError("a matrix whose rows have different lengths")
        return Matrix(tuple(rows))

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
    if _top_level_comma(p.t[p.i + 1 : j - 1]) and any(t.kind == "id" for t in p.t[p.i + 1 : j - 1]):
        return True  # g(x + y, xy(x - y)^2): a function of several arguments (a product has no commas)
    if nxt is not None and nxt.kind == "cmd" and nxt.value in ("le", "ge", "ne", "equiv", "in"):
        return simple  # 0 < f(x) \le 1: a bound on the function's value
    return simple and nxt is not None and nxt.kind == "op" and nxt.value in ("=", "<", ">")


def _top_level_comma(tokens: list) -> bool:
    depth = 0
    for tok in tokens:
        if tok.kind == "op" and tok.value in ("(", "[", "{", "\\{"):
            depth += 1
        elif tok.kind == "op" and tok.value in (")", "]", "}", "\\}"):
            depth -= 1
        elif depth == 0 and tok.kind == "op" and tok.value == ",":
            return True
    return False


def _name(name: str):
    if name == "e":
        return sp.E
    return symbol(name)


def as_expr(value) -> sp.Expr:
    """A parsed item as a sympy expression (an application f(x) outside an equation is a product)."""
    if isinstance(value, Ratio):
        a, b = as_expr(value.left), as_expr(value.right)
        if value.clock:
            return 60 * a + b
        if b == 0:
            raise ParseError("a ratio with a zero term")
        return sp.Mul(a, sp.Pow(b, -1))
    if isinstance(value, App):
        if len(value.args) > 1:
            return sp.Function(value.name)(*[as_expr(a) for a in value.args])  # g(x + y, xy): an unknown function
        return sp.Mul(symbol(value.name), *[as_expr(a) for a in value.args])
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
    return fn(*[as_expr(v) for v in values])


def _entries(m: Matrix) -> list[list[sp.Expr]]:
    return [[as_expr(c) for c in row] for row in m.rows]


def _matrix_of(rows: list[list[sp.Expr]]) -> Matrix:
    return Matrix(tuple(tuple(row) for row in rows))


def _matrix_add(a: Matrix, b: Matrix) -> Matrix:
    x, y = _entries(a), _entries(b)
    if len(x) != len(y) or len(x[0]) != len(y[0]):
        raise ParseError("a sum of matrices of different shapes")
    return _matrix_of([[sp.Add(p, q) for p, q in zip(r, s)] for r, s in zip(x, y)])


def _matrix_mul(a, b) -> Matrix:
    """A product of two matrices (rows times columns) or of a number and a matrix."""
    if not isinstance(a, Matrix):
        return _matrix_of([[sp.Mul(as_expr(a), q) for q in row] for row in _entries(b)])
    if not isinstance(b, Matrix):
        return _matrix_of([[sp.Mul(p, as_expr(b)) for p in row] for row in _entries(a)])
    x, y = _entries(a), _entries(b)
    if len(x[0]) != len(y) or len(x) * len(y[0]) * len(y) > MAX_MATRIX_PRODUCT:
        raise ParseError("a product of matrices whose shapes do not fit")
    return _matrix_of([[sp.Add(*[x[i][k] * y[k][j] for k in range(len(y))]) for j in range(len(y[0]))] for i in range(len(x))])


def _interval_negated(t: Tup) -> Tup:
    """-[0, 1) is (-1, 0]: the negatives of an interval's points."""
    mirror = {"(": ")", "[": "]", ")": "(", "]": "["}
    return Tup((_neg(t.items[1]), _neg(t.items[0])), mirror[t.right], mirror[t.left])


def _progression_of(listed: list, last, op) -> sp.Expr:
    """`1 + 2 + ... + n`, `1 \\cdot 3 \\cdot 5 \\cdots (2k-1)`: the sum or product of an arithmetic progression
    of integers from the first listed term to the last one (which may be symbolic)."""
    values = [as_expr(v) for v in listed]
    if len(values) < 2 or not all(v.is_Integer for v in values):
        raise ParseError("an ellipsis after terms that are not integers")
    step = values[1] - values[0]
    if step == 0 or any(b - a != step for a, b in zip(values, values[1:])):
        raise ParseError("an ellipsis after terms that are not an arithmetic progression")
    last = as_expr(last)
    j = sp.Dummy("j", integer=True)
    count = sp.simplify((last - values[0]) / step)
    if count.is_number and (not count.is_Integer or count < len(values) - 1 or count > MAX_TERMS):
        raise ParseError("an ellipsis whose last term is not on the progression")
    term = values[0] + step * j
    return (sp.Sum if op is sp.Add else sp.Product)(term, (j, 0, count)).doit() if count.is_number else (
        sp.Sum(term, (j, 0, count)) if op is sp.Add else sp.Product(term, (j, 0, count))
    )


def _vector(t) -> bool:
    """A parenthesised tuple of two or more values: a vector under + and scaling (p(-2,1,0) + q(1,-2,1))."""
    return isinstance(t, Tup) and (t.left, t.right) == ("(", ")") and len(t.items) >= 2


def _vector_op(fn, *values) -> Tup:
    size = {len(v.items) for v in values if _vector(v)}
    if len(size) != 1:
        raise ParseError("arithmetic on tuples of different lengths")
    n = size.pop()
    columns = [[v.items[i] if _vector(v) else v for v in values] for i in range(n)]
    return Tup(tuple(fn(*col) for col in columns), "(", ")")


def _add(a, b):
    if isinstance(a, Matrix) and isinstance(b, Matrix):
        return _matrix_add(a, b)
    if _vector(a) and _vector(b):
        return _vector_op(_add, a, b)
    return _lift(lambda x, y: sp.Add(x, y), a, b)


def _neg(a):
    if isinstance(a, Matrix):
        return _matrix_mul(sp.Integer(-1), a)
    if _vector(a) and all(isinstance(x, sp.Expr) for x in a.items):
        return _vector_op(_neg, a)
    if isinstance(a, Tup) and len(a.items) == 2 and (a.left, a.right) != ("(", ")") and a.left in "([" and a.right in ")]":
        return _interval_negated(a)
    return _lift(lambda x: -x, a)


def _mul(a, b):
    if isinstance(a, Matrix) or isinstance(b, Matrix):
        return _matrix_mul(a, b)
    if _vector(a) != _vector(b) and isinstance(a if _vector(b) else b, sp.Expr):
        return _vector_op(_mul, a, b)  # p(-2, 1, 0): a scaled vector
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
    return as_expr(items.items[0])
