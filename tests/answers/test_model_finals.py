"""The hand-written model finals of `tests/answers/model_finals.py`: every row decided as its label says,
except the rows named below with the convention that leaves them undecided."""

from __future__ import annotations

import pytest

from imobench.answers.check import check_unbounded
from imobench.data import load
from model_finals import ROWS  # tests/answers is on the path (rootdir-relative test modules)

PROBLEMS = {r.problem_id: r for r in load("answerbench").rows}
UNDECIDED_BY_CONVENTION = {  # rows the checker leaves to the grader, and the convention that says so
    "all-integers-vs-positive": "integer sets that differ only at 0 and below are undecided unless the problem's "
                                "'find all ...' names the integers it ranges over (this one asks for sets)",
    "set-builder-condition": "a domain stated only in the response ('of positive reals') is not assumed of the gold",
}


def gold_and_problem(ref: str) -> tuple[str, str | None]:
    """A row's gold (read from AnswerBench for `pid:` references) and the problem the task would pass."""
    if ref.startswith("pid:"):
        row = PROBLEMS[ref.removeprefix("pid:")]
        return row.short_answer, row.problem
    return ref, None


@pytest.mark.parametrize(("ref", "response", "equivalent"), [r[1:] for r in ROWS], ids=[r[0] for r in ROWS])
def test_model_final(request, ref: str, response: str, equivalent: bool) -> None:
    gold, problem = gold_and_problem(ref)
    got = check_unbounded(gold, response, problem=problem)
    expected = UNDECIDED_BY_CONVENTION.get(request.node.callspec.id) and "undecided" or ("correct" if equivalent else "incorrect")
    assert got.verdict == expected, got


def test_ids_are_unique() -> None:
    assert len({r[0] for r in ROWS}) == len(ROWS)
