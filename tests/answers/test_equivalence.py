"""Equivalence of answer forms: each form, with its near misses.  (gold, response, verdict)."""

from __future__ import annotations

import pytest

from imobench.answers.check import check_unbounded

C, I, U = "correct", "incorrect", "undecided"

CASES = [
    # exact numbers
    ("$\\frac{1}{2}$", "0.5", C),
    ("$\\sqrt{2}$", "1.41421356237", I),  # a decimal approximation of an irrational is not equal
    ("$\\sqrt{2}$", "\\frac{2}{\\sqrt{2}}", C),
    ("$\\frac{3\\sqrt{3}}{2\\sqrt{5}}$", "\\frac{3\\sqrt{15}}{10}", C),
    ("$\\frac{5+\\sqrt{21}}{2}$", "\\frac{5-\\sqrt{21}}{2}", I),
    ("2048", "2^{11}", C),
    ("2048", "2047", I),
    ("4", "3, 4", I),  # hedged
    ("4", "x = 4", C),
    ("0.5", "\\frac12", C),
    ("1.75", "7/4", C),
    ("1431655764", "1\\,431\\,655\\,764", C),
    ("42", "forty-two", C),
    ("90", "90^\\circ", C),
    # expressions with parameters
    ("$2025^2 a(a-1)$", "2025^2a^2 - 2025^2 a", C),
    ("$2025^2 a(a-1)$", "2025^2a^2 + 2025^2 a", I),
    ("$(n-2)2^n +1$", "n2^n - 2^{n+1} + 1", C),
    ("$\\binom{2k}{k}^2$", "\\left(\\frac{(2k)!}{(k!)^2}\\right)^2", C),
    ("$\\lfloor \\frac{p}{9} \\rfloor$", "\\lfloor p/9 \\rfloor", C),
    ("$\\lfloor \\frac{p}{9} \\rfloor$", "\\lceil p/9 \\rceil", I),
    ("$2^{u-2}$", "\\frac{2^u}{4}", C),
    ("$2^{u-2}$", "2^{u-1}", I),
    # sets and tuples
    ("$-\\frac{2}{3},0,\\frac{2}{3}$", "\\{0, \\pm \\frac{2}{3}\\}", C),
    ("$-\\frac{2}{3},0,\\frac{2}{3}$", "0, \\frac{2}{3}", I),
    ("2, 3, 4, 6, 8, 12, 24", "24, 12, 8, 6, 4, 3, 2", C),
    ("2, 3, 4, 6, 8, 12, 24", "2, 3, 4, 6, 8, 12, 24, 48", I),
    ("(3,2,5)", "(3, 2, 5)", C),
    ("(3,2,5)", "(2, 3, 5)", I),
    ("4, 5", "n = 4 \\text{ or } n = 5", C),
    # intervals and conditions
    ("$(-\\infty, -3) \\cup (-3, \\infty)$", "x \\neq -3", C),
    ("$(-\\infty, -3) \\cup (-3, \\infty)$", "\\mathbb{R} \\setminus \\{-3\\}", C),
    ("$x\\geq-\\frac{6}{5}$", "[-\\frac{6}{5}, \\infty)", C),
    ("$x\\geq-\\frac{6}{5}$", "(-\\frac{6}{5}, \\infty)", I),
    ("$0<c<1$", "c \\in (0, 1)", C),
    ("$0 < k \\le \\frac{4}{9}$", "(0, \\frac{4}{9}]", C),
    ("$0 < k \\le \\frac{4}{9}$", "(\\frac{2}{9}, \\frac{4}{9}]", I),
    ("$n \\ge 2$", "n > 1", C),
    ("$[-6,5]$", "-6 \\le x \\le 5", C),
    # congruences and integer sets in words
    ("$n=4k+3$", "n \\equiv 3 \\pmod 4", C),
    ("$n=4k+3$", "n \\equiv 3 \\pmod{4}", C),
    ("$n=4k+3$", "n \\equiv 1 \\pmod 4", I),
    ("All numbers of the form $4k+3$", "n = 4m - 1", C),
    ("All powers of 2", "n = 2^k", C),
    ("All powers of 2", "all even numbers", I),
    ("all multiples of 14, excluding 0", "n = 14k, k \\ne 0", C),  # the parameter's range restricts the progression
    ("all multiples of 14, excluding 0", "n = 14k, k \\ge 2", I),
    ("all multiples of 14, excluding 0", "n = 14k, k \\ne 0, 1", I),
    ("all multiples of 14, excluding 0", "nonzero multiples of 14", C),
    ("all multiples of 14, excluding 0", "all multiples of 14", U),  # differ only at 0: domain-dependent
    ("all multiples of 14, excluding 0", "all multiples of 7, excluding 0", I),
    ("1 and odd prime numbers", "1 and all odd primes", C),
    ("1 and odd prime numbers", "all primes", I),
    ("No positive integers", "none", C),
    ("No positive integers", "\\emptyset", C),
    ("No positive integers", "1", I),
    ("odd $n$", "n \\equiv 1 \\pmod 2", C),
    ("even $n$", "odd n", I),
    ("m is prime or 1", "1 and the primes", C),
    ("All positive integers", "\\mathbb{Z}^+", C),
    ("$\\mathbb{Z}$", "all integers", C),
    # function families
    ("$g(x)=2x^{3}+c, g(x)=-2x^{3}+c$", "g(x) = -2x^3 + C, g(x) = 2x^3 + C", C),
    ("$g(x)=2x^{3}+c, g(x)=-2x^{3}+c$", "g(x) = 2x^3 + c", I),
    ("$P(x)=2x^{2}+c$", "P(x) = 2x^2 + 2c + 1", C),  # a re-parametrised constant
    ("$P(x)=2x^{2}+c$", "P(x) = 2x^2", I),
    ("$Y(x)=A+\\frac{B}{x}-x$", "Y(t) = \\frac{b}{t} + a - t", C),
    ("f(x)=x+1", "f(x) = 1 + x", C),
    ("f(x)=x+1", "x + 1", C),
    ("$\\lfloor\\varphi n\\rfloor$, where $\\varphi = \\frac{\\sqrt{5}+1}{2}$", "\\left\\lfloor \\frac{(1+\\sqrt5) n}{2} \\right\\rfloor", C),
    # a gold phrase in words: the same content words state it; other words are passed on, never "incorrect"
    ("taking the empty card", "take the empty card", C),
    ("taking the empty card", "The optimal strategy is to take the empty card.", C),
    ("taking the empty card", "taking the card with the largest number", U),
    ("taking the empty card", "one should not take the empty card", I),
    # prose golds are passed on
    ("all $(c,v)$ for which $c,v>1$ and $\\frac{\\log c}{\\log v}\\in\\mathbb{Q}$", "pairs with $\\log_v c$ rational", U),
]


@pytest.mark.parametrize(("gold", "response", "verdict"), CASES)
def test_equivalence(gold: str, response: str, verdict: str) -> None:
    got = check_unbounded(gold, response)
    assert got.verdict == verdict, got
    assert got.method and got.reason


def test_every_verdict_names_method_and_type() -> None:
    got = check_unbounded("$\\frac{1}{2}$", "\\boxed{0.5}")
    assert got.method == "boxed+exact" and got.answer_type == "exact number"
