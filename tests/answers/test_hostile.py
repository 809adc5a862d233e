"""Hostile input: arbitrary text never crashes or hangs the checker; Python is never executed;
huge numbers and long responses end as verdicts with reasons within the budget."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from imobench.answers.bounded import BoundedRunner
from imobench.answers.budget import CheckerBudget
from imobench.answers.check import check_unbounded

pytestmark = pytest.mark.hostile  # the hostile-input suite: pytest -m hostile

LATEXISH = st.lists(
    st.sampled_from(list("0123456789+-*/^_{}()[]|,.=<>!$ \\abcdefxyznkpqr") + ["\\frac", "\\sqrt", "\\boxed{", "\\left(", "\\pi", "\\infty", "\\le", "\\cup", "\\{", "\\}", "≤", "√", "π", "·", "−", "all ", "odd ", "powers of ", " and ", " or "]),
    max_size=60,
).map("".join)

VERDICTS = {"correct", "incorrect", "undecided"}


@pytest.fixture(scope="module")
def runner():
    r = BoundedRunner(CheckerBudget(workers=2, timeout_s=5))
    yield r
    r.close()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(gold=st.sampled_from(["42", "$\\frac{1}{2}$", "$x^2+1$", "4, 5", "$(1, 2, 3)$", "$[-6,5]$", "All powers of 2", "$g(x)=2x^{3}+c$"]), response=LATEXISH)
def test_arbitrary_latex_never_crashes(gold: str, response: str) -> None:
    verdict = check_unbounded(gold, response)
    assert verdict.verdict in VERDICTS and verdict.reason


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(response=st.text(max_size=400))
def test_arbitrary_unicode_gets_a_verdict_through_the_runner(runner, response: str) -> None:
    verdict = runner.check("$\\frac{1}{2}$", response)
    assert verdict.verdict in VERDICTS
    assert "internal error" not in verdict.reason


@pytest.mark.parametrize(
    ("response", "needle"),
    [
        ("\\boxed{10^{10^{10}}}", "too large"),
        ("\\boxed{(10^{10})!}", "too large"),
        ("\\boxed{2^{2^{2^{2^{2^{2}}}}}}", "too large"),
    ],
)
def test_huge_numbers_are_undecided_with_a_reason(runner, response: str, needle: str) -> None:
    v = runner.check("5", response)
    assert v.verdict == "undecided" and needle in v.reason


def test_double_factorial_is_computed_and_compared(runner) -> None:
    assert runner.check("5", "\\boxed{1000!!}").verdict == "incorrect"


def test_fifty_kilobyte_response(runner) -> None:
    text = ("We consider the cases. " * 2200)[:50_000] + "\nFinal answer: 5"
    v = runner.check("5", text)
    assert v.verdict == "correct"
    assert runner.check("5", "x" * 50_000).verdict == "undecided"


def test_time_budget_kills_a_slow_check() -> None:
    slow = BoundedRunner(CheckerBudget(workers=1, timeout_s=0.001))
    try:
        v = slow.check("$x^2$", "\\boxed{x^2 + \\sin(x)^2 + \\cos(x)^2 - 1}")
        assert v.verdict == "undecided" and "time budget" in v.reason
        assert slow.restarts == 1
    finally:
        slow.close()


def test_runner_is_safe_from_many_threads(runner) -> None:
    results: list[str] = []

    def work() -> None:
        for _ in range(20):
            results.append(runner.check("$\\frac{1}{2}$", "\\boxed{0.5}").verdict)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == ["correct"] * 80


@pytest.mark.parametrize(
    "payload",
    [
        "__import__('os').system('touch {p}')",
        "().__class__.__base__.__subclasses__()",
        "(lambda: __import__('os').system('touch {p}'))()",
        "eval(\"__import__('os').system('touch {p}')\")",
        "exec(\"open('{p}', 'w').write('x')\")",
        "\\boxed{{__import__('os').system('touch {p}')}}",
    ],
)
def test_python_in_responses_is_never_executed(runner, tmp_path: Path, payload: str) -> None:
    marker = tmp_path / "pwned"
    text = payload.format(p=marker)
    for verdict in (check_unbounded("0", text), runner.check("0", text)):
        assert verdict.verdict != "correct"
    assert not marker.exists()


def test_latex2sympy2_extended_sympifies_model_text_so_it_is_not_used(monkeypatch) -> None:
    """Issue 12 asked whether latex2sympy2_extended could be a second reader.  Its number reader calls
    `sympy.Number(text)`, which sympifies (evaluates) a string taken from the model's text, so the checker
    does not use it: this test shows the call, and that no checker module imports the library."""
    pytest.importorskip("latex2sympy2_extended")
    import sympy.core.numbers as numbers
    from latex2sympy2_extended import latex2sympy

    seen: list[str] = []
    real = numbers.sympify

    def spy(a, *args, **kwargs):
        if isinstance(a, str):
            seen.append(a)
        return real(a, *args, **kwargs)

    monkeypatch.setattr(numbers, "sympify", spy)
    latex2sympy("12 + 3")
    assert seen, "latex2sympy2_extended no longer sympifies strings: it may be reconsidered as a reader"
    package = Path(__file__).resolve().parents[2] / "imobench" / "answers"
    assert not [p.name for p in package.glob("*.py") if "latex2sympy" in p.read_text()]


WALLS = [  # (id, response): long texts built to make a pattern search or a statement loop quadratic
    ("condition-words", "if a b c when d for e " * 8000),
    ("answer-markers", "The answer is " * 10000),
    ("numbers", "1 2 3 4 5 " * 20000),
    ("restatements", "which is 1, " * 15000),
    ("negations", "not " * 40000),
    ("chinese-condition-words", "所有的正整数或者且其中为 " * 10000),
    ("cases-rows", "\\begin{cases}" + "1 & x>0 \\\\ " * 3000 + "\\end{cases}"),
    ("qualifier-words", "n = 4k+3 for " + "some positive " * 10000 + "k"),
]


@pytest.mark.parametrize("response", [w[1] for w in WALLS], ids=[w[0] for w in WALLS])
def test_walls_of_text_are_decided_within_the_budget(runner, response: str) -> None:
    """Each gets a verdict from the rules, not a budget failure (these took up to 210 s before the searches
    were bounded)."""
    got = runner.check("3", response, problem="Find all positive integers $n$, in that order. " * 200)
    assert got.failure is None, got
