"""The answer checker's entry point: gold text + response text -> a three-valued verdict.

`check_unbounded` is the pure computation (extract, parse, compare).  It can take unbounded time on
adversarial input, so callers use `check`, which runs it under `imobench.answers.bounded`'s time and
memory budget, in a worker process that is killed when the budget runs out.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator

from imobench.answers.compare import compare
from imobench.answers.extract import extract_final_answer
from imobench.answers.forms import Prose, to_form
from imobench.answers.parse import TooLarge
from imobench.answers.types import answer_type_of_form

VerdictLabel = Literal["correct", "incorrect", "undecided"]


class Verdict(BaseModel):
    """The checker's decision, the method that decided it and why."""

    model_config = ConfigDict(frozen=True)

    verdict: VerdictLabel
    extracted: str
    method: str
    reason: str
    answer_type: str | None = None

    @field_validator("extracted", "reason")
    @classmethod
    def _bounded(cls, value: str) -> str:
        """Verdicts go into logs and reports: a 50 KB answer or a 2,000-digit number is cut."""
        return value if len(value) <= 400 else value[:300] + f" … [{len(value) - 300} more characters]"


def clean_gold(gold: str) -> str:
    """A dataset gold as answer text: math delimiters and a trailing period removed.

    A gold that is itself a worked solution (it contains a box) is reduced to its boxed answer.
    """
    s = gold.strip()
    if "\\boxed" in s or "\\fbox" in s:
        s = extract_final_answer(s).text
    s = re.sub(r"(?<!\\)\$", " ", s)
    return " ".join(s.split()).rstrip(".").strip()


@lru_cache(maxsize=2048)
def gold_form(gold: str):
    """Parsed gold (cached: every response to a problem is compared with the same gold)."""
    try:
        return to_form(clean_gold(gold))
    except TooLarge as err:
        return Prose(gold, f"the gold is too large to build: {err}")


def check_unbounded(gold: str, response: str) -> Verdict:
    """Extract the final answer from `response` and compare it with `gold`."""
    form = gold_form(gold)
    answer_type = answer_type_of_form(form)
    extraction = extract_final_answer(response)
    if not extraction.text:
        return Verdict(verdict="incorrect", extracted="", method="extract", reason="the response states no final answer", answer_type=answer_type)
    try:
        resp = to_form(extraction.text)
    except TooLarge as err:
        return Verdict(
            verdict="undecided", extracted=extraction.text, method="size-budget",
            reason=f"the response's answer is too large to compare: {err}", answer_type=answer_type,
        )
    verdict, method, reason = compare(form, resp)
    return Verdict(
        verdict=verdict, extracted=extraction.text, method=f"{extraction.method}+{method}", reason=reason,
        answer_type=answer_type,
    )


def check(gold: str, response: str, *, timeout: float | None = None) -> Verdict:
    """`check_unbounded` under the default time and memory budget (see `bounded`)."""
    from imobench.answers.bounded import default_runner

    return default_runner().check(gold, response, timeout=timeout)
