"""Parsing grader replies.  A reply that cannot be parsed is *unscored*, never 0 or incorrect."""

from __future__ import annotations

import re
from statistics import median

from pydantic import BaseModel

_POINTS = re.compile(r"<points>\s*(\d+)\s*(?:out\s+of|/)\s*7\s*</points>", re.IGNORECASE)
_VERDICT_BOX = re.compile(r"\\boxed\s*\{\s*(Correct|Incorrect)\s*\}", re.IGNORECASE)
_LABEL = re.compile(r"\b(incorrect|partial|almost|correct)\b\W*$", re.IGNORECASE)
ALLOWED_POINTS = (0, 1, 6, 7)


class ParsedGrade(BaseModel):
    points: int | None
    label: str | None = None
    error: str | None = None


def parse_points(reply: str) -> ParsedGrade:
    """The last `<points>N out of 7</points>` of a reply, with N in {0, 1, 6, 7}."""
    found = _POINTS.findall(reply)
    if not found:
        return ParsedGrade(points=None, error="no <points>N out of 7</points> in the grader's reply")
    n = int(found[-1])
    if n not in ALLOWED_POINTS:
        return ParsedGrade(points=None, error=f"the grader gave {n} points; the scale allows 7, 6, 1 or 0")
    return ParsedGrade(points=n)


def parse_label(reply: str, points_of: dict[str, int]) -> ParsedGrade:
    """The label word ending a vanilla grader's reply (incorrect / partial / almost / correct)."""
    m = _LABEL.search(reply.strip())
    if not m:
        return ParsedGrade(points=None, error="the reply does not end with incorrect, partial, almost or correct")
    label = m.group(1).capitalize()
    return ParsedGrade(points=points_of[label], label=label)


def parse_answer_verdict(reply: str) -> bool | None:
    """The last \\boxed{Correct} / \\boxed{Incorrect} of an answer grader's reply; None if absent."""
    found = _VERDICT_BOX.findall(reply)
    if not found:
        return None
    return found[-1].lower() == "correct"


def aggregate(points: list[int], how: str) -> float:
    """Combine several grades of one proof: median, min or mean."""
    if how == "median":
        return float(median(points))
    if how == "min":
        return float(min(points))
    if how == "mean":
        return sum(points) / len(points)
    raise ValueError(f"unknown aggregation {how!r}; use median, min or mean")
