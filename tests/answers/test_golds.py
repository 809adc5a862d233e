"""All 400 golds (errata applied): types, self-equivalence, plain-text renderings, no false matches."""

from __future__ import annotations

import re
from collections import Counter
from itertools import combinations

import pytest

from imobench.answers.check import check_unbounded, gold_form
from imobench.answers.compare import compare
from imobench.answers.forms import Prose
from imobench.answers.types import ANSWER_TYPES, answer_type
from imobench.data import load

GOLDS = [(r.problem_id, r.short_answer) for r in load("answerbench").rows]
PROSE = {"imo-bench-algebra-038", "imo-bench-number_theory-029", "imo-bench-number_theory-036"}
# read since issue 12: algebra-041 (a family through an unknown g), algebra-098 (a sum of scaled tuples), and
# combinatorics-059, a phrase compared by its words (a choice)
CHOICE = {"imo-bench-combinatorics-059"}
PIECEWISE = {"imo-bench-algebra-031", "imo-bench-geometry-078", "imo-bench-number_theory-006"}  # read by cases

# An independent LaTeX -> plain text rendering (regexes, not the package's parser).
_PLAIN = [
    (r"\\[dt]?frac\{([^{}]*)\}\{([^{}]*)\}", r" ((\1)/(\2)) "),
    (r"\\sqrt\{([^{}]*)\}", r" sqrt(\1) "),
    (r"\\left|\\right", ""),
    (r"\\cdot", "*"),
    (r"\\leq?(?![a-z])", "<="),
    (r"\\geq?(?![a-z])", ">="),
    (r"\\neq?(?![a-z])", "!="),
    (r"\\infty", "oo"),
    (r"\\pi", "pi"),
    (r"\\lambda", "lambda"),
    (r"\\alpha", "alpha"),
    (r"\\rho", "rho"),
    (r"\^\{([^{}]*)\}", r"^(\1)"),
]


def plain_text(gold: str) -> str:
    s = gold.replace("$", "").strip()
    for _ in range(3):
        for pattern, repl in _PLAIN:
            s = re.sub(pattern, repl, s)
    return s


def test_answer_types_cover_every_gold() -> None:
    types = Counter(answer_type(g) for _, g in GOLDS)
    assert set(types) <= set(ANSWER_TYPES)
    assert types["integer"] == 232  # (2,251,252) is a tuple, not the integer 2251252
    assert types["prose"] == len(PROSE)
    assert {pid for pid, g in GOLDS if answer_type(g) == "prose"} == PROSE
    assert {pid for pid, g in GOLDS if answer_type(g) == "piecewise"} == PIECEWISE
    assert {pid for pid, g in GOLDS if answer_type(g) == "choice"} == CHOICE


@pytest.mark.parametrize(("pid", "gold"), GOLDS, ids=[p for p, _ in GOLDS])
def test_gold_is_equivalent_to_itself_and_its_plain_text(pid: str, gold: str) -> None:
    # identity comes first: even a prose gold, written back as the answer, is correct
    assert check_unbounded(gold, gold).verdict == "correct"
    assert check_unbounded(gold, f"The answer is $\\boxed{{{_value_key(gold)}}}$").verdict == "correct"
    if pid not in PROSE:
        rendering = plain_text(gold)
        got = check_unbounded(gold, rendering)
        assert got.verdict == "correct", (rendering, got)


# Different problems whose golds are written differently but denote the same object.
SAME_VALUE = {
    frozenset(("imo-bench-algebra-081", "imo-bench-number_theory-037")),  # n = 4k+3; numbers of the form 4k+3
    frozenset(("imo-bench-algebra-012", "imo-bench-combinatorics-011")),  # 1/2 and 0.5
    frozenset(("imo-bench-algebra-016", "imo-bench-combinatorics-011")),
    frozenset(("imo-bench-algebra-012", "imo-bench-geometry-017")),
    frozenset(("imo-bench-algebra-016", "imo-bench-geometry-017")),
    frozenset(("imo-bench-combinatorics-064", "imo-bench-number_theory-081")),  # no positive integers; no solutions
}


def _value_key(gold: str) -> str:
    return " ".join(gold.replace("$", "").split()).rstrip(".")


def test_no_two_different_golds_are_judged_equivalent() -> None:
    forms = [(pid, g, gold_form(g)) for pid, g in GOLDS]
    forms = [f for f in forms if not isinstance(f[2], Prose)]
    matched = []
    for (p1, g1, f1), (p2, g2, f2) in combinations(forms, 2):
        if type(f1) is not type(f2):
            continue
        verdict, _, _ = compare(f1, f2)
        if verdict == "correct":
            matched.append((p1, p2, g1, g2))
    unexpected = []
    for p1, p2, g1, g2 in matched:
        same_text = _value_key(g1) == _value_key(g2)
        same_number = bool(re.fullmatch(r"-?\d+", _value_key(g1))) and _value_key(g1) == _value_key(g2).lstrip("0")
        if not (same_text or same_number or frozenset((p1, p2)) in SAME_VALUE):
            unexpected.append((p1, p2, g1, g2))
    assert unexpected == []
    assert matched  # repeated golds exist (many problems have answer 2, 4, ...)


OTHER_GOLDS = [
    (f"answerbench-v1:{r.problem_id}", r.short_answer) for r in load("answerbench", "v1").rows
] + [
    (f"proofbench-{v}:{r.problem_id}", r.short_answer) for v in ("v1", "v2") for r in load("proofbench", v).rows
    if (r.short_answer or "").strip()
]


@pytest.mark.parametrize(("key", "gold"), OTHER_GOLDS, ids=[k for k, _ in OTHER_GOLDS])
def test_other_golds_boxed_verbatim_are_correct(key: str, gold: str) -> None:
    got = check_unbounded(gold, f"Final answer: $\\boxed{{{gold.strip()}}}$")
    assert got.verdict == "correct" and got.failure is None, got
