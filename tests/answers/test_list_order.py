"""Whether a bare gold list is a set or values in an order (issue 12 item 6, last bullet): the problem
statement decides when the caller passes it; without it, only a gold listed in increasing order is a set."""

from __future__ import annotations

import pytest

from imobench.answers.bounded import BoundedRunner
from imobench.answers.budget import CheckerBudget
from imobench.answers.check import check_unbounded
from imobench.answers.problem import list_order

C, I, U = "correct", "incorrect", "undecided"

PROBLEMS = [  # (id, problem statement, what it says about a list answer)
    ("ordered-triple", "Find the ordered triple $(a, b, c)$ of real numbers such that ...", "ordered"),
    ("find-x-y-and-z", "Let $x+y+z=12$ and $xyz=-80$. Find $x$, $y$ and $z$.", "ordered"),
    ("in-that-order", "Compute the three roots, in that order.", "ordered"),
    ("respectively", "Find the smallest and the largest value of $f$, respectively.", "ordered"),
    ("find-tuple", "Find $(a, b)$ such that $a + b = 3$ and $a - b = 1$.", "ordered"),
    ("chinese-in-order", "求 $a, b, c$ 的值，并依次写出。", "ordered"),
    ("chinese-list", "列出 $x$ 和 $y$。", "ordered"),
    ("find-all", "Find all integers $x$ such that $(8x-41)(x+3)^2$ is a perfect cube.", "set"),
    ("all-possible-values", "Find all the possible values of $\\sum_{i=0}^{1000} (i+1)a_i^2$.", "set"),
    ("chinese-all", "求所有满足条件的正整数 $n$。", "set"),
    ("set-up-order-is-not-the-ask", "Let $1 = d_0 < d_1 < \\dots < d_k$ be its odd divisors in increasing order. Find all $n$ such that $5d_1 = n - 3d_k$.", "set"),
    ("all-ordered-pairs", "Find all ordered pairs $(m, n)$ of integers with $m^2 = n^3$.", "ordered"),
    ("says-neither", "How many roots does the polynomial have?", None),
    ("no-problem", "", None),
]


@pytest.mark.parametrize(("problem", "expected"), [p[1:] for p in PROBLEMS], ids=[p[0] for p in PROBLEMS])
def test_list_order_read_from_the_problem(problem: str, expected: str | None) -> None:
    assert list_order(problem) == expected


CASES = [  # (id, gold, response, problem or None, verdict)
    # without a problem: a gold in increasing order is a set, any other bare list is not known to be one
    ("sorted-gold-reordered", "-2, 4, 10", "10, 4, -2", None, C),
    ("unsorted-gold-reordered", "4, 10, -2", "10, 4, -2", None, U),
    ("unsorted-gold-decimals-reordered", "4, .1, 2", "0.1, 4, 2", None, U),
    ("decreasing-gold-reordered", "5,-3", "-3, 5", None, U),
    ("unsorted-gold-same-order", "4, 10, -2", "4, 10, -2", None, C),
    ("unsorted-gold-same-order-rewritten", "4, 10, -2", "\\boxed{4,\\ 10,\\ -2}", None, C),
    ("unsorted-gold-missing-value", "4, 10, -2", "10, 4", None, I),
    ("unsorted-gold-wrong-value", "4, 10, -2", "10, 4, 2", None, I),
    ("unsorted-gold-as-braced-set", "5,-3", "$x \\in \\{-3, 5\\}$", None, U),
    ("labelled-gold-is-a-set", "n = 1, -2", "-2, 1", None, C),
    ("plus-minus-gold-is-a-set", "$\\pm 2021$", "$\\{-2021, 2021\\}$", None, C),
    ("tuples-are-a-set-of-solutions", "(0;0;0),(0;-2;0)", "(0, -2, 0), (0, 0, 0)", None, C),
    # with the problem: its words decide, in both directions
    ("set-problem-reordered", "5,-3", "-3, 5", "Find all integers $x$ such that $(8x-41)(x+3)^2$ is a perfect cube.", C),
    ("set-problem-braced", "5,-3", "$x \\in \\{-3, 5\\}$", "Find all integers $x$ such that $(8x-41)(x+3)^2$ is a perfect cube.", C),
    ("set-problem-missing-value", "5,-3", "5", "Find all integers $x$ such that $(8x-41)(x+3)^2$ is a perfect cube.", I),
    ("ordered-problem-reordered", "4, 10, -2", "10, 4, -2", "Find the ordered triple $(a,b,c)$.", I),
    ("ordered-problem-in-order", "4, 10, -2", "$(4, 10, -2)$", "Find the ordered triple $(a,b,c)$.", C),
    ("named-values-reordered", "-2, 4, 10", "4, -2, 10", "Find $a$, $b$ and $c$.", I),
    ("named-values-in-order", "-2, 4, 10", "$a=-2$, $b=4$, $c=10$", "Find $a$, $b$ and $c$.", C),
    ("problem-says-neither", "4, 10, -2", "10, 4, -2", "How many solutions are there?", U),
]


@pytest.mark.parametrize(("gold", "response", "problem", "verdict"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_order_of_a_list(gold: str, response: str, problem: str | None, verdict: str) -> None:
    got = check_unbounded(gold, response, problem=problem)
    assert got.verdict == verdict, got


def test_the_bounded_runner_passes_the_problem_on() -> None:
    runner = BoundedRunner(CheckerBudget(workers=1))
    try:
        without = runner.check("5,-3", "-3, 5")
        with_set = runner.check("5,-3", "-3, 5", problem="Find all integers $x$ with $x^2 - 2x = 15$.")
        with_order = runner.check("5,-3", "-3, 5", problem="Find the ordered pair $(a, b)$.")
    finally:
        runner.close()
    assert (without.verdict, with_set.verdict, with_order.verdict) == (U, C, I)
