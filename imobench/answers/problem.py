"""What a problem statement says about the shape of its answer: whether a list of values is ordered.

A gold written as a bare comma list ("4, 10, -2") is either a set of solutions or a tuple of named
quantities, and the text alone does not say which.  The problem does: "ordered triple", "find x, y and
z", "in that order", "respectively", "依次", "分别", "按顺序", "列出" ask for values in an order; "find all",
"all possible values", "所有" ask for a set.  An order word wins over a set word ("find all ordered
pairs" asks for tuples).  Without a problem, or when it says neither, the caller falls back on the
convention that a solution set is listed in increasing order (see `imobench.answers.check`).

Plain regular expressions over the problem's text; nothing here reads the answer.
"""

from __future__ import annotations

import re
from typing import Literal

from imobench.answers.normalise import fold

MAX_PROBLEM_CHARS = 20_000  # a statement longer than this is read from its end (the question comes last)

ListOrder = Literal["ordered", "set"]

_VAR = r"\$?\s*[A-Za-z](?:_\{?\w+\}?)?\s*\$?"
_ORDERED = re.compile(
    "|".join(
        [
            r"\bordered\s+(?:pairs?|triples?|triplets?|quadruples?|quadruplets?|tuples?|lists?|sequences?|sets?)\b",
            r"\bin\s+(?:this|that|the\s+(?:same|given|following|above))\s+order\b",
            r"\bin\s+(?:increasing|decreasing|ascending|descending|numerical)\s+order\b",
            r"\brespectively\b",
            r"\b(?:find|compute|determine|calculate|give|what\s+are)\s+(?:the\s+values?\s+of\s+)?"
            + _VAR + r"\s*,\s*" + _VAR + r"(?:\s*,\s*" + _VAR + r")*\s*,?\s*and\s+" + _VAR + r"(?=[\s.,;?]|$)",
            r"\b(?:find|compute|determine|calculate|give)\s+(?:the\s+(?:ordered\s+)?(?:pair|triple|tuple)\s+)?\$?\s*\(\s*[A-Za-z]\s*(?:,\s*[A-Za-z]\s*)+\)",
            r"有序|依次|按顺序|按照顺序|分别|列出",
        ]
    ),
    re.I,
)
_SET = re.compile(
    r"\b(?:find|determine|list|give|describe|compute)\s+all\b|\ball\s+(?:the\s+)?(?:possible\s+)?(?:values?|solutions?|roots?|"
    r"integers?|numbers?|reals?|real\s+numbers?|positive|nonnegative|natural|primes?|pairs?|triples?|[a-z]\b)|"
    r"\bwhich\s+(?:integers|values|numbers|positive|real)\b|\bset\s+of\s+(?:all\s+)?(?:possible\s+)?(?:values|solutions)\b|"
    r"\ball\s+such\b|所有|全部|一切|哪些",
    re.I,
)
_QUESTION = re.compile(
    r"\b(?:find|determine|compute|calculate|evaluate|what|which|give|list|enter|express|write|prove\s+that\s+the\s+answer)\b|"
    r"求|问|列出|写出|是多少|为多少",
    re.I,
)
_SENTENCE_END = re.compile(r"(?<=[.?!。？！])\s+|\n\s*\n")


IntegerDomain = Literal["positive", "nonnegative", "all"]
_DOMAIN = re.compile(
    r"\b(?:find|determine|list|describe)\s+all\s+(?:possible\s+)?(?:the\s+)?"
    r"(?P<kind>positive|nonnegative|non-negative|natural|even|odd)?\s*(?P<noun>integers?|integer\s+values?|natural\s+numbers?|numbers?)\b"
    r"|求(?:出)?所有(?:的)?(?P<zh>正整数|非负整数|自然数|整数)",
    re.I,
)


def integer_domain(problem: str | None) -> IntegerDomain | None:
    """Which integers the question ranges over ("Find all positive integers n": "positive", "Find all
    integers x", "all even integers d": "all"), read only from its "find all ..." phrase; None otherwise.
    Two integer sets that differ only at 0 or below are decided by it."""
    if not problem:
        return None
    m = _DOMAIN.search(fold(problem[-MAX_PROBLEM_CHARS:]))
    if not m:
        return None
    kind = (m.group("kind") or "").lower()
    noun = (m.group("noun") or "").lower()
    zh = m.group("zh")
    if zh:
        return {"正整数": "positive", "自然数": "positive", "非负整数": "nonnegative", "整数": "all"}[zh]
    if kind in ("positive", "natural") or noun.startswith("natural"):
        return "positive"
    if kind in ("nonnegative", "non-negative"):
        return "nonnegative"
    if noun.startswith("integer"):
        return "all"
    return None


def list_order(problem: str | None) -> ListOrder | None:
    """"ordered" when the problem asks for values in an order, "set" when it asks for all solutions,
    None when it says neither (or there is no problem).  Only the sentences that ask something are read:
    an order word in the set-up ("its divisors in increasing order") says nothing about the answer."""
    if not problem:
        return None
    text = fold(problem[-MAX_PROBLEM_CHARS:])
    asks = [s for s in _SENTENCE_END.split(text) if _QUESTION.search(s)]
    scope = " ".join(asks) if asks else text  # "its divisors in increasing order. Find all n": the ask decides
    if _ORDERED.search(scope):
        return "ordered"
    if _SET.search(scope):
        return "set"
    return None
