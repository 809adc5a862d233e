"""Answer types of gold answers: what kind of object a problem asks for.

Shipped with the data layer through `answer_type(gold)`; used for per-sample metadata, task filters
(`-T answer_type=...`) and the checker's reports.
"""

from __future__ import annotations

from typing import Literal

from imobench.answers.forms import Condition, Families, Family, Ints, Prose, RealSet, Scalar, Seq

AnswerType = Literal["integer", "exact number", "expression", "set or list", "tuple", "interval or condition", "function family", "prose"]
ANSWER_TYPES: tuple[str, ...] = AnswerType.__args__  # type: ignore[attr-defined]


def answer_type_of_form(form) -> str:
    if isinstance(form, Scalar):
        if form.expr.is_Integer:
            return "integer"
        if not form.expr.free_symbols:
            return "exact number"
        return "expression"
    if isinstance(form, Seq):
        return "tuple" if form.ordered else "set or list"
    if isinstance(form, Ints):
        return "set or list" if form.source in ("words", "rule") else "interval or condition"
    if isinstance(form, (RealSet, Condition)):
        return "interval or condition"
    if isinstance(form, (Family, Families)):
        return "function family"
    if isinstance(form, Prose):
        return "prose"
    return "prose"


def answer_type(gold: str) -> str:
    """The answer type of a dataset gold answer."""
    from imobench.answers.check import gold_form

    return answer_type_of_form(gold_form(gold))
