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
    "rw-alg-034-3": "families with a free constant in a denominator: a re-parametrisation is not decided",
    "rw-alg-029-2": "families with a free constant in an exponent: a re-parametrisation is not decided",
    "rw-nt-069-1": "a set-builder condition in words (p \\text{ an odd prime}) is not read",
    "rw-nt-069-3": "the same values under qualifiers that differ ('a prime' against 'odd primes') are undecided",
    "rw-geo-078-2": "a condition in symbols (XY = XZ) against one in words (isosceles) is not compared",
    "rw-comb-059-3": "a phrase gold against other words: only the same content words decide",
    "rw-alg-031-1": "cases written as a value under a condition plus a value at a point are not read as cases",
    "rw-alg-038-1": "prose gold (a set of pairs described in words)",
    "rw-nt-029-1": "prose gold (a product written with \\cdots)",
    "rw-nt-006-4": "'otherwise' against an explicit condition: its complement within the problem's domain is not derived",
    "rw-nt-036-1": "prose gold (a digit string written with \\underbrace)",
    "ho3-54": "a function written with an argument placeholder (g = \\lfloor\\cdot\\rfloor) is not read",
    "ho3-65": "\\mathbb{P} (the primes) is not read",
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
