"""Final-answer extraction, table-driven."""

from __future__ import annotations

import pytest

from imobench.answers.extract import extract_final_answer

CASES = [
    ("so \\boxed{42}", "42", "boxed"),
    ("\\boxed{\\frac{1}{2}}", "\\frac{1}{2}", "boxed"),
    ("nested \\boxed{\\{1, \\{2\\}\\}}", "\\{1, \\{2\\}\\}", "boxed"),
    ("\\fbox{7}", "7", "boxed"),
    ("\\boxed {7}", "7", "boxed"),
    ("first \\boxed{3} then \\boxed{4}", "4", "boxed"),
    ("\\boxed{1} and \\boxed{2}", "1, 2", "boxed"),
    ("I got \\boxed{5}. Wait, that is wrong.\nFinal answer: 6", "6", "statement"),
    ("Final answer: \\boxed{8}", "8", "boxed"),
    ("The answer is $\\frac{3}{4}$.", "\\frac{3}{4}", "statement"),
    ("Final Answer: The final answer is $12$. I hope it is correct.", "12", "statement"),
    ("blah\nThe largest $n$ is 34.", "34", "last-line"),
    ("work\n\n**17**", "17", "last-line"),
    ("answer: \\(x^2\\)", "x^2", "statement"),
    ("therefore $\\text{odd } n$.", "\\text{odd } n", "sentence"),
    ("All numbers of the form $4k+3$", "All numbers of the form  4k+3", "last-line"),
    ("", "", "empty"),
]


@pytest.mark.parametrize(("response", "expected", "method"), CASES)
def test_extraction(response: str, expected: str, method: str) -> None:
    got = extract_final_answer(response)
    assert (got.text, got.method) == (expected, method)


def test_many_unclosed_boxes_stay_linear() -> None:
    text = "\\boxed{" * 20_000 + "5"
    assert extract_final_answer(text).method in ("last-line", "boxed")
