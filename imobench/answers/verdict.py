"""The checker's verdict: the bottom layer of `imobench.answers`, imported by every other layer.

A verdict is three-valued (correct, incorrect, undecided): "undecided" is never a score, it goes to the
LLM grader or is counted as unscored.  `failure` says why a check did not run to its end (a budget, or an
internal error of the checker itself), so that a batch or a log can count those apart from answers the
rules could not decide.  `checker` names the rules and budget that produced the verdict, so that two
logs scored under different rules are never compared silently.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator

VerdictLabel = Literal["correct", "incorrect", "undecided"]
Failure = Literal["time", "memory", "size", "internal"]
MAX_SHOWN_CHARS = 400  # verdict text goes into logs and reports: longer fields are cut
SHOWN_HEAD_CHARS = 300


class Verdict(BaseModel):
    """The checker's decision, the method that decided it and why."""

    model_config = ConfigDict(frozen=True)

    verdict: VerdictLabel
    extracted: str
    method: str
    reason: str
    answer_type: str | None = None
    failure: Failure | None = None  # set only when verdict is "undecided" because the check did not finish
    checker: str = ""  # `CheckerBudget.identity()` of the runner that produced it

    @field_validator("extracted", "reason")
    @classmethod
    def _bounded(cls, value: str) -> str:
        """A 50 KB answer or a 2,000-digit number is cut (and the cut is said)."""
        if len(value) <= MAX_SHOWN_CHARS:
            return value
        return value[:SHOWN_HEAD_CHARS] + f" … [{len(value) - SHOWN_HEAD_CHARS} more characters]"

    @property
    def decided(self) -> bool:
        return self.verdict != "undecided"


# A comparison's result inside the checker: (verdict, method, reason).
Result = tuple[str, str, str]


def correct(method: str, reason: str) -> Result:
    return ("correct", method, reason)


def incorrect(method: str, reason: str) -> Result:
    return ("incorrect", method, reason)


def undecided(method: str, reason: str) -> Result:
    return ("undecided", method, reason)
