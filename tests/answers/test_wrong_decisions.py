"""Wrong decisions found by attacking the checker (issue 12 item 6), and notation (item 5): one row each."""

from __future__ import annotations

import pytest

from imobench.answers.check import check_unbounded

C, I, U = "correct", "incorrect", "undecided"
PI_45 = "3.141592653589793238462643383279502884197169399"
BIG = str(7**5916)  # 5,000 digits: over Python's 4,300-digit int/str limit, under the checker's budget

NOT_CORRECT = [  # (id, gold, response): never "correct"
    ("sqrt2-plus-e-minus-200", "$\\sqrt{2}$", "\\boxed{\\sqrt{2} + e^{-200}}"),
    ("pi-to-45-decimals", "$\\pi$", f"\\boxed{{{PI_45}}}"),
    ("pi-times-1e-45", "0", "\\boxed{\\pi \\cdot 10^{-45}}"),
    ("three-plus-ln2-over-1e60", "3", "\\boxed{3 + \\ln 2/10^{60}}"),
    ("ten-to-9-factorial", "1000000000", "10^9 factorial"),
    ("natural-numbers-vs-integers", "$\\mathbb{Z}$", "all natural numbers"),
    ("q-plus-vs-q", "$\\mathbb{Q}$", "\\boxed{\\mathbb{Q}^+}"),
    ("floor-vs-ceiling-family", "$g(x)=\\lfloor x \\rfloor$", "g(x) = \\lceil x \\rceil"),
    ("conjugate-vs-identity-family", "$X(y)=1+(u-1) \\bar{y}$", "X(y) = 1 + (u-1) y"),
    ("no-solutions-vs-tuples", "no solutions", "\\boxed{(1, 2), (3, 4)}"),
    ("no-solutions-vs-a-far-value", "no solutions", "n = 1000000"),  # outside any sampled window
    ("ordered-triple-reordered", "(3,2,5)", "\\boxed{2, 3, 5}"),
    ("power-of-two-missing-4096", "All powers of 2", "all powers of 2 except 4096"),
    # found on the peer suites and the hand-written model finals (brief items 1, 2, 5)
    ("unsorted-list-reordered", "4, 10, -2", "10, 4, -2"),
    ("one-and-primes-vs-primes", "n is prime", "1 and n is prime"),
    ("extra-value-and-words", "m is prime or 1", "The answer is: 4 and m is prime or 1."),
    ("negated-final-statement", "3", "We have checked every case. Therefore the answer is not $3$."),
    ("denied-value-after-the-stated-one", "12", "The answer is 13, not 12."),
    ("bound-before-a-formula", "21", "All in all, at most $21$ configurations survive."),
    ("bound-after-a-copula", "21", "The number of moves is at most $21$."),
    ("winner-under-a-case", "Alice", "Alice wins if n is even, Bob otherwise."),
    ("powers-listed-with-dots", "All positive integers", "$\\{1, 2, 4, 8, \\dots\\}$"),
]


@pytest.mark.parametrize(("gold", "response"), [c[1:] for c in NOT_CORRECT], ids=[c[0] for c in NOT_CORRECT])
def test_never_correct(gold: str, response: str) -> None:
    got = check_unbounded(gold, response)
    assert got.verdict != "correct", got
    assert got.failure is None, got


DECIDED = [  # (id, gold, response, verdict): read, and decided
    ("power-written-2-star-star-10", "1024", "\\boxed{2**10}", C),
    ("power-written-2-star-star-10-not-210", "210", "\\boxed{2**10}", I),
    ("five-thousand-digits", BIG, f"\\boxed{{{BIG}}}", C),
    ("five-thousand-digits-off-by-one", BIG, f"\\boxed{{{BIG[:-1]}{(int(BIG[-1]) + 1) % 10}}}", I),
    ("superscript-five", "$x^5 + 1$", "\\boxed{x⁵ + 1}", C),
    ("circled-one", "1", "The answer is ①.", C),
    ("powers-of-one", "1", "all powers of 1", C),
    ("powers-of-zero", "0, 1", "all powers of 0", C),
    ("sqrt-identity-proven", "$\\sqrt{2}+\\sqrt{3}$", "\\boxed{\\sqrt{5 + 2\\sqrt{6}}}", C),
    ("transcendental-identity-proven", "1", "\\boxed{\\sin^2(1) + \\cos^2(1)}", C),
    # notation (item 5)
    ("pmatrix-vs-bmatrix", "$\\begin{pmatrix}1 & 2 \\\\ 3 & 4\\end{pmatrix}$", "\\boxed{\\begin{bmatrix}1&2\\\\3&4\\end{bmatrix}}", C),
    ("matrix-near-miss", "$\\begin{pmatrix}1 & 2 \\\\ 3 & 4\\end{pmatrix}$", "\\boxed{\\begin{pmatrix}1&2\\\\3&5\\end{pmatrix}}", I),
    ("mixed-number-latex", "$\\frac{13}{4}$", "\\boxed{3\\frac{1}{4}}", C),
    ("mixed-number-plain", "$\\frac{7}{3}$", "The answer is 2 1/3.", C),
    ("units-text", "5", "\\boxed{5\\text{ m}}", C),
    ("units-textbf", "$\\frac{1}{3}$", "$\\frac{1}{3} \\textbf{meters}$", C),
    ("units-days", "7", "The answer is 7 days.", C),
    ("degrees", "90", "\\boxed{90^\\circ}", C),
    ("degrees-inside-sine", "$\\frac{1}{2}$", "\\boxed{\\sin 30^\\circ}", C),
    ("e-notation", "0.000354", "\\boxed{3.54e-4}", C),
    ("digit-groups-bang", "11111111100", "\\boxed{11,\\! 111,\\! 111,\\! 100}", C),
    ("digit-groups-braces", "1000", "\\boxed{1{,}000}", C),
    ("base-subscript", "11", "\\boxed{1011_2}", C),
    ("juxtaposed-powers", "200", "\\boxed{2^3 5^2}", C),
    ("imaginary-unit", "$1+i$", "\\boxed{i + 1}", C),
    ("imaginary-unit-near-miss", "$1+i$", "\\boxed{1 - i}", I),
    ("percent-either-reading", "28", "\\boxed{28\\%}", C),
    # labelled equations (item 3)
    ("function-value", "17", "\\boxed{f(2) = 17}", C),
    ("sequence-label", "$3n$", "\\boxed{a_n = 3n}", C),
    ("labelled-tuple", "(1, 2, 3)", "\\boxed{(x, y, z) = (1, 2, 3)}", C),
    ("value-on-the-left", "5", "\\boxed{5 = n}", C),
    ("chain-of-labels", "1", "\\boxed{x = y = 1}", C),
    ("approx-after-exact", "$\\frac{\\sqrt{3}}{3}$", "\\boxed{\\frac{\\sqrt{3}}{3} \\approx 0.577}", C),
    ("plus-minus", "$-\\frac{2}{3},0,\\frac{2}{3}$", "\\boxed{0, \\pm\\frac{2}{3}}", C),
    ("labelled-solutions", "(5,2),(7,2)", "\\boxed{p=5,q=2;p=7,q=2}", C),
    ("labelled-ratio", "$S_{1}:S=7:32$", "\\boxed{7:32}", C),
    ("clock-times-differ", "$12:00$", "\\boxed{1:00}", I),
    ("n-minus-set", "$\\mathbb{N} \\setminus \\{1\\}$", "all positive integers except 1", C),
    ("congruence-vs-progression", "$n \\equiv 3 \\pmod 4$", "\\boxed{4k+3}", C),
    # found on the peer suites and the hand-written model finals (brief items 1, 3, 5)
    ("long-formula-after-a-marker", "$4\\cdot3^{2023}$", f"So we conclude.\n\nFinal answer: ${4 * 3**2023}$.", C),
    ("domain-statement-beside-a-restriction", "$(-\\infty, -3) \\cup (-3, \\infty)$", "$x \\in \\mathbb{R}, x \\neq -3$", C),
    ("parameter-domain-beside-a-progression", "$n=4k+3$", "$n = 4k - 1$, $k \\in \\mathbb{Z}$", C),
    ("bounds-joined-by-and", "$0<c<1$", "$c > 0$ and $c < 1$", C),
    ("a-hole-in-a-half-line", "$(-\\infty,-4)\\cup (-4,-\\frac{8}{3})$", "$x<-\\frac{8}{3}$, $x \\ne -4$", C),
    ("equality-remark-after-the-value", "$\\frac{1}{2}$", "因此，所求的最大值为 $\\dfrac{1}{2}$，当且仅当 $a=b=c$ 时取等号。", C),
    ("value-restated-after-a-denial", "1000.99", "the number is not 10 which is 1,000.99€", C),
]


@pytest.mark.parametrize(("gold", "response", "verdict"), [c[1:] for c in DECIDED], ids=[c[0] for c in DECIDED])
def test_decided(gold: str, response: str, verdict: str) -> None:
    got = check_unbounded(gold, response)
    assert got.verdict == verdict, got
    assert got.failure is None, got
