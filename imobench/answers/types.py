"""Answer types of gold answers: what kind of object a problem asks for.

`answer_type(gold)` is the stable entry point for the data layer and the tasks (per-sample metadata,
`-T answer_type=...` filters, the checker's reports).  It sits above the checker (it reads the gold
the way the checker does), so nothing in the checker imports it.
"""

from __future__ import annotations

from imobench.answers.check import gold_form
from imobench.answers.forms import ANSWER_TYPES, AnswerType, answer_type_of_form

__all__ = ["ANSWER_TYPES", "AnswerType", "answer_type", "answer_type_of_form"]


def answer_type(gold: str) -> str:
    """The answer type of a dataset gold answer (one of ANSWER_TYPES)."""
    return answer_type_of_form(gold_form(gold))
