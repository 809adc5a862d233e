"""Issue 12 item 4, the kinds that were not done: piecewise definitions, golds that name a winner or an
option, the Chinese condition words, congruences against `4k+3`, `ℕ \\ {1}`, "no solutions" against tuples,
and integer sets decided by the domain the problem names."""

from __future__ import annotations

import pytest

from imobench.answers.check import check_unbounded
from imobench.answers.piecewise import split_pieces
from imobench.answers.problem import integer_domain

C, I, U = "correct", "incorrect", "undecided"

CASES = [  # (id, gold, response, verdict)
    # piecewise definitions
    ("cases-env-same", "$f(n) = \\begin{cases} n^2 & n \\text{ even} \\\\ 0 & n \\text{ odd} \\end{cases}$",
     "$f(n)=\\begin{cases}n^2, & \\text{if } n \\text{ is even}\\\\ 0, & \\text{if } n\\text{ is odd}\\end{cases}$", C),
    ("cases-env-reordered", "$\\begin{cases} 1 & x > 0 \\\\ -1 & x < 0 \\end{cases}$", "$\\begin{cases} -1 & x < 0 \\\\ 1 & x > 0 \\end{cases}$", C),
    ("cases-env-values-swapped", "$\\begin{cases} 1 & x > 0 \\\\ -1 & x < 0 \\end{cases}$", "$\\begin{cases} 1 & x < 0 \\\\ -1 & x > 0 \\end{cases}$", I),
    ("cases-words-vs-parentheses", "$a^2 - a + 1$ ( $a \\ge 2$) 0 ($a=1$)", "$a^2-a+1$ for $a\\ge 2$, and $0$ for $a = 1$", C),
    ("cases-missing-a-case", "$a^2 - a + 1$ ( $a \\ge 2$) 0 ($a=1$)", "$a^2-a+1$", I),
    ("cases-otherwise", "1 if triangle is isoceles, otherwise 2", "1 if the triangle is isosceles, and 2 otherwise", C),
    ("cases-otherwise-negated-condition", "1 if triangle is isoceles, otherwise 2", "1 if the triangle is not isosceles, and 2 otherwise", I),
    ("cases-one-value", "1 if triangle is isoceles, otherwise 2", "2", I),
    ("cases-one-value-equal-to-every-piece", "$\\begin{cases} 3 & n \\text{ even} \\\\ 3 & n \\text{ odd} \\end{cases}$", "3", C),
    ("cases-qualified-response-not-read", "$T(p,q,r)=0 if (p,q,r)=(0,0,0), p+q+r+\\frac{9pqr}{4(p+q+r)} otherwise$",
     "$T(p,q,r) = p+q+r+\\frac{9pqr}{4(p+q+r)}$ for $(p,q,r) \\neq (0,0,0)$, and $T(0,0,0)=0$", U),
    ("cases-two-lines", "$a^2 - a + 1$ ( $a \\ge 2$) 0 ($a=1$)", "a^2 - a + 1 (a >= 2)\n0 (a = 1)", C),
    # named winners and yes/no
    ("name-alone", "Alice", "Alice", C),
    ("name-wins", "Alice", "**Alice** has a winning strategy.", C),
    ("name-other-wins", "Alice", "Bob wins.", I),
    ("name-other-alone", "Alice", "Bob", I),
    ("name-negated", "Alice", "Alice does not win; Bob does.", I),
    ("name-cannot-win", "Alice", "Thus Alice cannot win.", I),
    ("name-hedged", "Alice", "Alice or Bob, depending on n.", I),
    ("name-after-closing", "Bob", "Therefore Bob has a winning strategy. $\\blacksquare$", C),
    ("player-position", "the second player", "The second player wins.", C),
    ("player-position-other", "the second player", "The first player wins.", I),
    ("player-number", "the second player", "Player 2 has a winning strategy.", C),
    ("yes", "yes", "Yes", C),
    ("yes-sentence", "yes", "Yes, it is possible: take the construction above.", C),
    ("yes-vs-no", "yes", "The answer is no.", I),
    ("no-sentence", "no", "No, it is impossible.", C),
    ("no-chinese", "no", "不存在这样的划分，答案是否定的。", C),
    ("yes-chinese", "yes", "是的，存在。", C),
    ("no-as-none", "no", "There is no such set.", C),
    ("yes-no-unstated", "yes", "It depends on the parity of n.", U),
    # Chinese condition words
    ("chinese-or-families", "$g(x)=2x^{3}+c, g(x)=-2x^{3}+c$", "$g(x)=2x^3+c$ 或 $g(x)=-2x^3+c$，其中 $c$ 为任意常数", C),
    ("chinese-arbitrary-constant", "$P(x)=2x^{2}+c$", "$P(x)=2x^2+c$（$c$ 为任意实数）", C),
    ("chinese-or-words", "m is prime or 1", "$m=1$ 或 $m$ 为素数", C),
    ("chinese-or-words-missing", "m is prime or 1", "$m$ 为素数", I),
    ("chinese-and-bounds", "$0<c<1$", "$c>0$ 且 $c<1$", C),
    ("chinese-and-bounds-near-miss", "$0<c<1$", "$c>0$ 且 $c\\le 1$", I),
    ("chinese-all", "All positive integers", "所有正整数都满足条件", C),
    ("chinese-congruence-words", "$n=4k+3$", "所有模 4 余 3 的整数", C),
    ("chinese-none", "no solutions", "原方程无解", C),
    ("chinese-parameter-range", "$n=4k+3$", "$n=4k+3$（$k$ 为整数）", C),
    # congruences and progressions, ℕ \ {1}, "no solutions"
    ("congruence-vs-progression", "$n \\equiv 3 \\pmod 4$", "\\boxed{4k+3}", C),
    ("progression-with-parameter-domain", "$n=4k+3$", "$n = 4k - 1$, $k \\in \\mathbb{Z}$", C),
    ("progression-other-residue", "$n=4k+3$", "$n = 4k + 1$, $k \\in \\mathbb{Z}$", I),
    ("n-minus-one", "$\\mathbb{N} \\setminus \\{1\\}$", "all integers $n \\ge 2$", C),
    ("n-minus-one-vs-n", "$\\mathbb{N} \\setminus \\{1\\}$", "$\\mathbb{N}$", I),
    ("n-minus-one-listed", "$\\mathbb{N} \\setminus \\{1\\}$", "$\\{2, 3, 4, \\ldots\\}$", C),
    ("no-solutions-vs-tuples", "no solutions", "(1, 2), (3, 4)", I),
    ("tuples-vs-no-solutions", "(1, 2), (3, 4)", "There are no solutions.", I),
    ("no-solutions-except", "no solutions", "no solutions except (1,1)", I),
    ("no-solutions-vs-empty-set", "no solutions", "$\\varnothing$", C),
]


@pytest.mark.parametrize(("gold", "response", "verdict"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_kind(gold: str, response: str, verdict: str) -> None:
    got = check_unbounded(gold, response)
    assert got.verdict == verdict, got


DOMAIN_CASES = [  # (id, gold, response, problem, verdict): sets that differ only at 0 or below
    ("positive-domain", "all multiples of 14, excluding 0", "all positive multiples of 14", "Find all positive integers $d$ such that ...", C),
    ("all-integers-domain", "all multiples of 14, excluding 0", "all positive multiples of 14", "Find all even integers $d$ such that ...", I),
    ("no-domain", "all multiples of 14, excluding 0", "all positive multiples of 14", None, U),
    ("nonnegative-domain-differs-at-0", "$n \\ge 1$", "$n \\ge 0$", "Find all nonnegative integers $n$ with ...", I),
    ("nonnegative-domain-same", "$n \\ge 0$", "all nonnegative integers", "Find all nonnegative integers $n$ with ...", C),
    ("chinese-positive-domain", "$n=4k+3$", "所有模 4 余 3 的正整数", "求所有正整数 $n$，使得……", C),
]


@pytest.mark.parametrize(("gold", "response", "problem", "verdict"), [c[1:] for c in DOMAIN_CASES], ids=[c[0] for c in DOMAIN_CASES])
def test_integer_domain_of_the_problem(gold: str, response: str, problem: str | None, verdict: str) -> None:
    assert check_unbounded(gold, response, problem=problem).verdict == verdict


@pytest.mark.parametrize(
    ("problem", "expected"),
    [("Find all positive integers $n$ such that", "positive"), ("Find all integers $x$ with", "all"),
     ("Find all nonnegative integers $n$", "nonnegative"), ("Find all rich sets that contain $2^k$ for positive integers $k$", None),
     ("求所有正整数 $n$", "positive"), ("Find all natural numbers $n$", "positive"), (None, None)],
    ids=["positive", "integers", "nonnegative", "sets-not-integers", "chinese", "natural", "none"],
)
def test_integer_domain(problem: str | None, expected: str | None) -> None:
    assert integer_domain(problem) == expected


@pytest.mark.parametrize(
    "text",
    ["60, 100, 8p (for all odd primes p)", "f(x) = x for all real x", "$n = 1, 2, 3$", "x + 1 (mod 3)"],
    ids=["list-with-a-qualified-item", "one-qualified-value", "list", "congruence-remark"],
)
def test_lists_and_qualifiers_are_not_pieces(text: str) -> None:
    assert split_pieces(text) is None


HEDGED_CHOICES = [  # a choice under a condition, or both answers at once, is not stated
    ("winner-depends-on-a-case", "Alice", "Alice wins if n is even, Bob otherwise.", I),
    ("winner-under-a-condition", "Alice", "Alice wins when n is even.", U),
    ("yes-and-no", "yes", "Yes and no.", U),
]


@pytest.mark.parametrize(("gold", "response", "verdict"), [c[1:] for c in HEDGED_CHOICES], ids=[c[0] for c in HEDGED_CHOICES])
def test_hedged_choice(gold: str, response: str, verdict: str) -> None:
    assert check_unbounded(gold, response).verdict == verdict
