"""The word reader: answers written in words, in English or Chinese, read into answer forms.

Number words ("forty-two"), the empty answer ("no solutions", "不存在"), and sets of integers described
in words ("all powers of 2", "all multiples of 14, excluding 0", "1 and odd prime numbers", "n is prime",
"all odd n ≥ 5", "the positive integers divisible by 3 or 5", "所有正偶数", "2的幂").  A description is
read clause by clause; a clause with any word the grammar does not know makes the whole answer
unread (None), so a sentence is never half-read into a wrong set.  Only the form builder
(`imobench.answers.build`) imports this module.
"""

from __future__ import annotations

import re

import sympy as sp

from imobench.answers import intsets
from imobench.answers.forms import Ints, Scalar, powers, progression
from imobench.answers.intsets import IntSet
from imobench.answers.normalise import NUMBER_SCALES, NUMBER_TENS, NUMBER_UNITS, words_text
from imobench.answers.parse import ParseError, parse_expression

MAX_WORDS_CHARS = 400  # a longer text is a sentence or a proof, not an answer in words

_UNITS, _TENS, _SCALES = NUMBER_UNITS, NUMBER_TENS, NUMBER_SCALES


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


# ---- Chinese into the English grammar ------------------------------------------------------------------

_CHINESE = [
    (r"(\d+)\s*的\s*(?:正整数\s*次|非负整数\s*次|整数\s*次)?\s*(?:方\s*)?幂", r" powers of \1 "),
    (r"(\d+)\s*的\s*非零\s*倍数", r" nonzero multiples of \1 "), (r"(\d+)\s*的\s*(?:正)?倍数", r" multiples of \1 "),
    (r"奇(?=\s*(?:素数|质数))", " odd "), (r"偶(?=\s*(?:素数|质数))", " even "),
    (r"能\s*被\s*(\d+)\s*整除", r" divisible by \1 "),
    (r"(?:模|除以)\s*(\d+)\s*(?:后)?\s*余\s*(\d+)", r" congruent to \2 mod \1 "),  # 模 4 余 3: n ≡ 3 (mod 4)
    (r"^(.*?)(?:均|都)?不存在\s*$", r" none \1 "),  # "这样的正整数 n 不存在": the subject comes first in Chinese
    (r"这样的|这种|此类", " such "), (r"综上(?:所述)?|因此|所以|故|即", " "), (r"(?:原|该|此)?方程\s*(?:无解|没有(?:实数|整数)?解)", " none "),
    (r"满足(?:条件|题意|要求|题设)?(?:的)?", " satisfying "),
    (r"形如", " of the form "), (r"不存在|无解|没有(?:这样的|满足条件的)?\S*", " none "), (r"空集", " empty set "),
    (r"非负整数", " nonnegative integers "), (r"正整数", " positive integers "), (r"负整数", " negative integers "),
    (r"自然数", " natural numbers "), (r"整数", " integers "), (r"素数|质数", " prime "), (r"合数", " composite "),
    (r"正(?=\s*[奇偶])", " positive "), (r"负(?=\s*[奇偶])", " negative "), (r"奇数", " odd "), (r"偶数", " even "), (r"完全平方数", " perfect squares "),
    (r"大于或等于|大于等于|不小于|至少为?", " >= "), (r"小于或等于|小于等于|不大于|至多为?", " <= "),
    (r"大于", " > "), (r"小于", " < "), (r"除了?|除去|以外|之外", " except "),
    (r"所有的?|一切|全体|任意|任何", " all "), (r"或者|或", " or "), (r"并且|而且|且|和|及|与|以及", " and "),
    (r"其中.*$", " "), (r"都|均|皆", " "), (r"是|为", " is "), (r"的", " "), (r"[，、]", ", "), (r"。", " "),
]
_CHINESE_RE = [(re.compile(a), b) for a, b in _CHINESE]


def _english(text: str) -> str:
    s = text
    if re.search(r"[\u4e00-\u9fff]", s):
        for pattern, repl in _CHINESE_RE:
            s = pattern.sub(repl, s)
    return re.sub(r"\s+", " ", s).strip()


# ---- the grammar ---------------------------------------------------------------------------------------

_EMPTY = re.compile(
    r"^(?:the\s+answer\s+is\s+)?(?:there\s+(?:is|are|exist|exists)\s+)?(?:no(?:ne)?|nothing)\b"
    r"(?:\s+(?:such|positive|natural|real|integer|integers|numbers?|solutions?|values?|n|m|k|x|pairs?|triples?|exists?|exist|"
    r"possible|satisfying|that|work|works|is|are|of|them|suitable|valid|at|all))*\s*$"
    r"|^(?:(?:such\s+(?:an?\s+)?\w+\s+)?does\s+not\s+exist|(?:the\s+)?empty\s+set|no\s+such\s+\w+(?:\s+exists?)?|\\emptyset|\{\s*\})$"
)
_EXCLUDE = re.compile(r"\s*,?\s*\b(?:excluding|except(?:\s+for)?|other\s+than|but\s+not|without|besides|apart\s+from)\b\s*")
_SPLIT = re.compile(r"\s*(?:,\s*(?:and|or)\b|,|;|\band\b|\bor\b|\bplus\b|\btogether\s+with\b|\bas\s+well\s+as\b)\s*")
_FILLER = {
    "all", "the", "every", "any", "each", "are", "is", "be", "being", "which", "that", "those", "such", "exactly",
    "precisely", "only", "of", "values", "value", "numbers", "number", "integers", "integer", "n", "m", "k", "x",
    "a", "an", "satisfying", "with", "where", "for", "whole", "ones", "one", "answer", "answers", "solutions", "solution",
    "it", "them", "they", "both", "must", "can", "either", "in", "case", "set", "possible", "works", "work",
    "we", "have", "get", "so", "thus", "hence", "therefore", "final",
}
_NUM = r"-?\d+"


def words_form(text: str):
    """An answer in words as a form (`Scalar` or `Ints`), or None if the grammar does not read it."""
    if len(text) > MAX_WORDS_CHARS:
        return None
    plain = _english(words_text(text))
    plain = re.sub(r"^(?:the\s+)?(?:final\s+)?answer\s*(?:is|:)\s*", "", plain).strip()
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


def _protect_lists(text: str) -> str:
    """`divisible by 3 or 5` is one condition, not a clause `5`: join such lists with `|` before splitting.
    A spelled number after "of"/"by" is its digits ("the powers of two")."""
    text = re.sub(
        r"\b(of|by)\s+(" + "|".join(w for w in NUMBER_UNITS if NUMBER_UNITS[w] >= 2) + r")\b",
        lambda m: f"{m.group(1)} {NUMBER_UNITS[m.group(2)]}",
        text,
    )
    text = re.sub(r"\b((?:divisible\s+by|multiples?\s+of)\s+-?\d+)\s+(or|and)\s+(?:by|of)\s+(?=-?\d)", r"\1 \2 ", text)  # "by 2 or by 3"
    return re.sub(
        r"(divisible\s+by|multiples?\s+of|powers?\s+of|congruent\s+to)\s+(-?\d+(?:\s*(?:,\s*or|,\s*and|,|or|and)\s*-?\d+)+)",
        lambda m: m.group(1) + " " + re.sub(r"\s*(?:,\s*or|,\s*and|,|or)\s*", "|", m.group(2)).replace(" and ", "&").replace("and", "&"),
        text,
    )


def _union_of_clauses(text: str) -> IntSet | None:
    clauses = [c for c in _SPLIT.split(_protect_lists(text)) if c.strip()]
    if not clauses:
        return None
    sets = []
    shared = None  # "positive integers that are odd or divisible by 3": the first clause's domain carries
    for c in clauses:
        s = _clause(c, shared)
        if s is None:
            return None
        got, domain = s
        shared = shared or domain
        sets.append(got)
    return intsets.union(*sets)


def _clause(clause: str, inherited: IntSet | None) -> tuple[IntSet, IntSet | None] | None:
    c = re.sub(r"\s+", " ", clause).strip(" .")
    c = re.sub(r"^[a-z]\s*=\s*(?=-?\d+$)", "", c)  # "m = 1" in "m = 1 or m is prime"
    if re.fullmatch(_NUM, c):
        return intsets.finite([int(c)]), None
    n = number_from_words(c)
    if n is not None:
        return intsets.finite([n]), None
    c = re.sub(r"\bnon[- ]", "non", c)
    c = re.sub(r"\b(?:is|are)\s+not\s+divisible\s+by\b", "notdivisibleby", c)
    c = re.sub(r"\bnot\s+divisible\s+by\b", "notdivisibleby", c)
    c = re.sub(r"\bdivisible\s+by\b|\bmultiples?\s+of\b|\bdivided\s+by\b", "divisibleby", c)
    c = re.sub(r"\bpowers?\s+of\b", "powersof", c)
    c = re.sub(r"\b(?:perfect\s+)?squares?\b", " squares ", c)
    c = re.sub(r"\b(?:perfect\s+)?cubes?\b", " cubes ", c)
    c = re.sub(r"\b(?:greater\s+than\s+or\s+equal\s+to|at\s+least|no\s+less\s+than|not\s+less\s+than)\b", ">=", c)
    c = re.sub(r"\b(?:less\s+than\s+or\s+equal\s+to|at\s+most|no\s+more\s+than|not\s+greater\s+than)\b", "<=", c)
    c = re.sub(r"\b(?:greater\s+than|more\s+than|larger\s+than|bigger\s+than|exceeding|above)\b", ">", c)
    c = re.sub(r"\b(?:less\s+than|smaller\s+than|below)\b", "<", c)
    c = re.sub(r"\bcongruent\s+to\b", "≡", c)
    c = re.sub(r"\bfrom\s+(-?\d+)\s+(?:to|through|up\s+to)\s+(-?\d+)\b", r">= \1 <= \2", c)  # "any integer from 1 to 1235"
    c = re.sub(r"(>=|<=|>|<|≡|!=)", r" \1 ", c)
    form_of = re.search(r"\bof\s+(?:the\s+)?form\s+(.+)$", c)
    tokens = (c[: form_of.start()] if form_of else c).split()
    parts: list[IntSet] = []
    domain: IntSet | None = None
    i = 0
    while i < len(tokens):
        w = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if w in ("positive", "nonnegative", "negative", "nonpositive", "nonzero", "natural", "naturals"):
            domain_here = {
                "positive": intsets.POSITIVE, "natural": intsets.POSITIVE, "naturals": intsets.POSITIVE, "nonnegative": IntSet("all", (0, None)),
                "negative": IntSet("all", (None, -1)), "nonpositive": IntSet("all", (None, 0)),
                "nonzero": IntSet("diff", (intsets.ALL, intsets.finite([0]))),
            }[w]
            domain = domain_here if domain is None else IntSet("inter", (domain, domain_here))
        elif w in ("odd",):
            parts.append(intsets.residue(1, 2))
        elif w in ("even",):
            parts.append(intsets.residue(0, 2))
        elif w in ("prime", "primes"):
            parts.append(IntSet("primes"))
        elif w in ("composite", "composites"):
            parts.append(IntSet("composites"))
        elif w == "squares":
            parts.append(IntSet("kth_powers", (2,)))
        elif w == "cubes":
            parts.append(IntSet("kth_powers", (3,)))
        elif w in ("divisibleby", "notdivisibleby", "powersof") and nxt is not None and re.fullmatch(r"-?\d+(?:[|&]-?\d+)*", nxt):
            alts = [int(x) for x in re.split(r"[|&]", nxt)]
            joined = "&" if "&" in nxt else "|"
            if w == "powersof":
                got = [powers_of(b) for b in alts]
            else:
                got = [intsets.residue(0, d) if d else intsets.finite([0]) for d in alts]
            one = intsets.union(*got) if joined == "|" else IntSet("inter", tuple(got))
            parts.append(IntSet("diff", (intsets.ALL, one)) if w == "notdivisibleby" else one)
            i += 1
        elif w in (">=", "<=", ">", "<", "!=") and nxt is not None and re.fullmatch(_NUM, nxt):
            v = int(nxt)
            parts.append({
                ">=": IntSet("all", (v, None)), ">": IntSet("all", (v + 1, None)), "<=": IntSet("all", (None, v)),
                "<": IntSet("all", (None, v - 1)), "!=": IntSet("diff", (intsets.ALL, intsets.finite([v]))),
            }[w])
            i += 1
        elif w == "≡" and nxt is not None and re.fullmatch(_NUM, nxt):
            rest = tokens[i + 2 : i + 4]
            m = re.fullmatch(r"\(?\s*(?:mod|modulo)", rest[0]) if rest else None
            if not (m and len(rest) == 2 and re.fullmatch(r"\d+\)?", rest[1])):
                return None
            parts.append(intsets.residue(int(nxt), int(rest[1].rstrip(")"))))
            i += 3
        elif w in _FILLER or re.fullmatch(r"[a-z]", w):
            if w in ("natural", "naturals"):
                domain = intsets.POSITIVE if domain is None else domain
        else:
            return None
        i += 1
    if form_of:
        got = _of_the_form(form_of.group(1))
        if got is None:
            return None
        parts.append(got)
    if domain is None and parts and inherited is not None:
        domain = inherited
    if domain is not None:
        parts.append(domain)
    if not parts:
        if re.search(r"\b(?:integers?|numbers?)\b", c) and not re.search(r"\b(?:real|rational|complex)\b", c):
            return intsets.ALL, None  # "all integers", "every integer"
        if re.fullmatch(r"(?:all|every|any)\s+[a-z]", c):
            return intsets.ALL, None  # "all n"
        return None
    return (parts[0] if len(parts) == 1 else IntSet("inter", tuple(parts))), domain


def powers_of(base: int) -> IntSet:
    """{base^k : k >= 0}: every base, including 0, 1 and -1 (finite sets, never a loop)."""
    return intsets.powers(base)


def _of_the_form(text: str) -> IntSet | None:
    s = re.sub(r"^[a-z]\s*=\s*", "", text.strip()).strip(" .")
    s = re.sub(r"\s*(?:,|where|for|with)\s.*$", "", s)
    try:
        expr = parse_expression(s)
    except ParseError:
        return None
    n = sp.Symbol("_n")
    got = progression(n, expr) or powers(n, expr)
    return got.set if got is not None else None
