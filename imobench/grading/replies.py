"""Parsing grader replies.  A reply that cannot be parsed is *unscored*, never 0 or incorrect.

Where a grade is read from:
- points replies: `<points>N out of MAX</points>` tags anywhere in the reply (after the same
  normalisation the prompt escaping uses, and with HTML entities decoded, so a grader that decodes
  the escaped proof while quoting it is seen quoting).  A tag whose grade also occurs as a tag in the
  candidate proof is a quotation, not a verdict, and does not count; the tags that remain must agree,
  or the reply is unscored with that reason.  A grader that quotes the proof before its verdict is
  therefore still graded by its verdict.
- label replies (the vanilla baseline): the reply's final non-empty line, which must be exactly one
  label of the scale (optionally `Verdict:`-style prefixed, in emphasis, with a closing period).
  "not correct", "partially correct", "correct or almost", "probably correct" are no label, and
  nothing before the last line counts.
- answer verdicts: `\\boxed{Correct}` / `\\boxed{Incorrect}`, with the same quotation and agreement
  rules against the student's answer.
"""

from __future__ import annotations

import html
import re
from statistics import median

from pydantic import BaseModel

from imobench.grading.prompts import normalised_view
from imobench.records import UnscoredCode
from imobench.scale import Scale

_POINTS = re.compile(r"<\s*points\s*>\s*(\d{1,4})\s*(?:out\s+of|/)\s*(\d{1,4})\s*<\s*/\s*points\s*>")
_VERDICT_BOX = re.compile(r"\\boxed\s*\{\s*(correct|incorrect)\s*\}")
_LABEL_PREFIX = r"(?:(?:final\s+)?(?:verdict|grade|label|answer|assessment|evaluation|rating)\s*[:=\-]\s*)?"
_DECORATION = "*_`#>\"' \t"


class ParsedGrade(BaseModel):
    """A grader reply read on a scale: the points, or why there are none."""

    points: int | None
    label: str | None = None
    error: str | None = None
    code: UnscoredCode | None = None


class ParsedVerdict(BaseModel):
    """An answer grader reply: correct (True), incorrect (False), or None with the reason."""

    verdict: bool | None
    error: str | None = None
    code: UnscoredCode | None = None


def _folded(text: str) -> str:
    return normalised_view(html.unescape(text))[0]


def parse_points(reply: str, scale: Scale, proof: str = "") -> ParsedGrade:
    """The grade of a points reply (see the module docstring for which tags count)."""
    wanted = f"<points>N out of {scale.max_points}</points>"
    tags = [(int(n), int(of)) for n, of in _POINTS.findall(_folded(reply))]
    if not tags:
        return ParsedGrade(points=None, error=f"no {wanted} in the grader's reply", code="grader_reply")
    quoted = set(_POINTS.findall(_folded(proof))) if proof else set()
    own = [t for t in tags if (str(t[0]), str(t[1])) not in quoted]
    if not own:
        return ParsedGrade(points=None, code="grader_reply",
                           error="every <points> tag in the grader's reply also occurs in the candidate proof (a quotation, not a grade)")
    if len(set(own)) > 1:
        shown = ", ".join(f"{n} out of {of}" for n, of in dict.fromkeys(own))
        return ParsedGrade(points=None, error=f"the grader's reply holds <points> tags that disagree ({shown})", code="grader_conflict")
    n, of = own[0]
    if of != scale.max_points:
        return ParsedGrade(points=None, error=f"the grader graded out of {of}; this scale's maximum is {scale.max_points}", code="grader_reply")
    if n not in scale.points:
        return ParsedGrade(points=None, error=f"the grader gave {n} points; the scale allows {scale.describe_points()}", code="grader_reply")
    return ParsedGrade(points=n, label=scale.label_of(n))


def parse_label(reply: str, scale: Scale) -> ParsedGrade:
    """The label on the final line of a vanilla grader's reply."""
    names = "|".join(re.escape(label.casefold()) for label in sorted(scale.labels, key=len, reverse=True))
    lines = [line for line in _folded(reply).splitlines() if line.strip(_DECORATION)]
    expected = ", ".join(label.lower() for label in reversed(scale.labels))
    if not lines:
        return ParsedGrade(points=None, error=f"empty reply; expected one of {expected} on the last line", code="grader_reply")
    last = lines[-1].strip(_DECORATION).rstrip(".!").strip(_DECORATION)
    m = re.fullmatch(rf"{_LABEL_PREFIX}(?:\*\*|__)?({names})(?:\*\*|__)?", last)
    if m is None:
        return ParsedGrade(points=None, code="grader_reply",
                           error=f"the last line ({last[:80]!r}) is not exactly one of {expected}")
    points = scale.points_of(m.group(1))
    return ParsedGrade(points=points, label=scale.label_of(points))


def parse_answer_verdict(reply: str, answer: str = "") -> ParsedVerdict:
    """The `\\boxed{Correct}` / `\\boxed{Incorrect}` of an answer grader's reply."""
    found = _VERDICT_BOX.findall(_folded(reply))
    if not found:
        return ParsedVerdict(verdict=None, error="no \\boxed{Correct} or \\boxed{Incorrect} in the grader's reply", code="grader_reply")
    quoted = set(_VERDICT_BOX.findall(_folded(answer))) if answer else set()
    own = [v for v in found if v not in quoted]
    if not own:
        return ParsedVerdict(verdict=None, code="grader_reply",
                             error="every boxed verdict in the grader's reply also occurs in the student's answer (a quotation)")
    if len(set(own)) > 1:
        return ParsedVerdict(verdict=None, error="the grader's reply boxes both Correct and Incorrect", code="grader_conflict")
    return ParsedVerdict(verdict=own[0] == "correct")


def aggregate(points: list[float], how: str) -> float:
    """Combine several grades of one proof: median, min or mean."""
    if how == "median":
        return float(median(points))
    if how == "min":
        return float(min(points))
    if how == "mean":
        return sum(points) / len(points)
    raise ValueError(f"unknown aggregation {how!r}; use median, min or mean")
