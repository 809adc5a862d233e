"""Answers written in words: number words ("forty-two") and sets of integers described in English
("all powers of 2", "all multiples of 14, excluding 0", "1 and odd prime numbers", "n even",
"m is prime or 1", "no positive integers").  They are parsed into `IntSet`s so that such golds are
decided, not passed on.  Anything the grammar does not cover returns None (the answer is prose).
"""

from __future__ import annotations

import re

import sympy as sp

from imobench.answers import intsets
from imobench.answers.intsets import IntSet

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}


def number_from_words(text: str) -> int | None:
    """'forty-two' -> 42, 'one hundred and five' -> 105, 'minus three' -> -3; None if not a number."""
    words = re.sub(r"[-,]", " ", text.strip().lower().rstrip(".")).split()
    if not words:
        return None
    sign = 1
    if words[0] in ("minus", "negative"):
        sign, words = -1, words[1:]
    total = current = 0
    seen = False
    for w in words:
        if w == "and" and seen:
            continue
        if w in _UNITS:
            current += _UNITS[w]
        elif w in _TENS:
            current += _TENS[w]
        elif w == "hundred" and seen:
            current *= 100
        elif w in _SCALES and seen:
            total += current * _SCALES[w]
            current = 0
        else:
            return None
        seen = True
    return sign * (total + current) if seen else None


_EMPTY = re.compile(
    r"^(?:there\s+(?:is|are)\s+)?(?:no(?:ne)?|nothing)\b(?:\s+(?:such|positive|integers?|integer|numbers?|solutions?|values?|n|m|k|pairs?|exists?|x))*\s*$"
    r"|^(?:no\s+such\s+\w+(?:\s+exists?)?|does\s+not\s+exist|(?:the\s+)?empty\s+set)$"
)
_DROP = re.compile(r"\b(?:all|the|are|is|values?\s+of|numbers?\s+n|integers?\s+n|every|any|which|satisfy|such\s+that)\b")


def words_form(text: str):
    """A form for an answer in words, or None.  Imported lazily by `forms.to_form`."""
    from imobench.answers.forms import Ints, Scalar

    plain = _plain(text)
    if not plain:
        return None
    n = number_from_words(plain)
    if n is not None:
        return Scalar(sp.Integer(n))
    if _EMPTY.match(plain):
        return Ints(intsets.EMPTY, None, "words")
    s = int_set_from_words(plain)
    if s is not None:
        return Ints(s, None, "words")
    return None


def _plain(text: str) -> str:
    s = re.sub(r"\\text\s*\{([^{}]*)\}", r" \1 ", text)
    s = s.replace("$", " ").replace("\\(", " ").replace("\\)", " ")
    s = re.sub(r"\\mathbb\s*\{?Z\}?", " integers ", s)
    s = s.replace("\\ne", " != ").replace("\\neq", " != ")
    s = re.sub(r"\s+", " ", s).strip().lower().rstrip(".")
    return s


_EXCLUDE = re.compile(r"\s*,?\s*\b(?:excluding|except(?:\s+for)?|other\s+than|but\s+not|without)\b\s*")
_SPLIT = re.compile(r"\s*(?:,|;|\band\b|\bor\b|\bplus\b|\btogether\s+with\b)\s*")


def int_set_from_words(text: str) -> IntSet | None:
    """The integer set an English description names, or None if any clause is not understood."""
    parts = _EXCLUDE.split(text, maxsplit=1)
    base = _union_of_clauses(parts[0])
    if base is None:
        return None
    if len(parts) == 2:
        removed = _union_of_clauses(parts[1])
        if removed is None:
            return None
        return IntSet("diff", (base, removed))
    return base


def _union_of_clauses(text: str) -> IntSet | None:
    clauses = [c for c in _SPLIT.split(text) if c.strip()]
    if not clauses:
        return None
    sets = []
    for c in clauses:
        s = _clause(c)
        if s is None:
            return None
        sets.append(s)
    return intsets.union(*sets)


_FORM = re.compile(r"of\s+(?:the\s+)?form\s+(.+)$")
_POWERS = re.compile(r"powers?\s+of\s+(\d+)$")
_MULTIPLES = re.compile(r"multiples?\s+of\s+(\d+)$")
_NOUN = r"(?:numbers?|integers?|naturals?|natural\s+numbers?|n|m|k|p|x|values?|ones?)"


def _clause(clause: str) -> IntSet | None:
    c = _DROP.sub(" ", clause)
    c = re.sub(r"\s+", " ", c).strip()
    if not c:
        return None
    if re.fullmatch(r"-?\d+", c):
        return intsets.finite([int(c)])
    n = number_from_words(c)
    if n is not None:
        return intsets.finite([n])
    words = c.split()
    nonzero = any(w in ("nonzero", "non-zero") for w in words)
    words = [w for w in words if w not in ("nonzero", "non-zero")]
    if nonzero:
        inner = _clause(" ".join(words))
        return IntSet("diff", (inner, intsets.finite([0]))) if inner is not None else None
    positive = any(w in ("positive",) for w in words)
    nonneg = any(w in ("nonnegative", "non-negative") for w in words)
    words = [w for w in words if w not in ("positive", "nonnegative", "non-negative", "natural")]
    c = " ".join(words)
    domain = intsets.POSITIVE if positive else (IntSet("all", (0, None)) if nonneg else None)

    def restrict(s: IntSet) -> IntSet:
        return IntSet("inter", (s, domain)) if domain is not None else s

    m = _POWERS.search(c)
    if m and _only(c[: m.start()], ()):
        return restrict(IntSet("powers", (int(m.group(1)),)))
    m = _MULTIPLES.search(c)
    if m and _only(c[: m.start()], ()):
        return restrict(intsets.residue(0, int(m.group(1))))
    m = _FORM.search(c)
    if m:
        from imobench.answers.forms import Ints, to_form

        form = to_form(m.group(1))
        if isinstance(form, Ints):
            return restrict(form.set)
        from imobench.answers.forms import _progression
        from imobench.answers.parse import ParseError, parse_expression

        try:
            expr = parse_expression(m.group(1))
        except ParseError:
            return None
        ap = _progression(sp.Symbol("n"), expr)
        return restrict(ap.set) if ap is not None else None
    flags = set(words)
    rest = flags - {"odd", "even", "prime", "primes", "composite", "integers", "integer", "numbers", "number",
                    "n", "m", "k", "p", "x", "naturals", "values", "value", "ones", "one"}
    if rest:
        return None
    s: IntSet | None = None
    if flags & {"prime", "primes"}:
        s = IntSet("primes")
    if "odd" in flags:
        s = IntSet("inter", (s, intsets.residue(1, 2))) if s else intsets.residue(1, 2)
    if "even" in flags:
        s = IntSet("inter", (s, intsets.residue(0, 2))) if s else intsets.residue(0, 2)
    if s is None:
        if flags & {"integers", "integer", "numbers", "naturals"}:
            s = domain or intsets.ALL
            return s
        return None
    return restrict(s)


def _only(prefix: str, allowed: tuple) -> bool:
    leftover = [w for w in prefix.split() if w not in allowed]
    return not leftover
