"""Kinds of answers the peer suites showed unread or misread (issue 12 items 1-5), each with near misses.

Every row names a kind, not a peer case: the rules are general (a decimal comma, a restated value, matrix
arithmetic, a sum with bounds, sympy's `Eq`, a solution worked out as the gold, ...)."""

from __future__ import annotations

import pytest

from imobench.answers.check import check_unbounded
from imobench.answers.extract import extract_final_answer

C, I, U = "correct", "incorrect", "undecided"

CASES = [  # (id, gold, response, verdict)
    # decimal commas: read so only where a list or a digit group is the unlikely reading
    ("decimal-comma-two-digits", "12.75", "12,75", C),
    ("decimal-comma-long-integer-part", "2500.5", "2500,5", C),
    ("decimal-comma-zero", "0.25", "0,25", C),
    ("decimal-comma-with-currency", "3.40", "Total: 3,40 €", C),
    ("decimal-comma-in-the-gold", "0,75", "\\boxed{0.75}", C),
    ("decimal-comma-near-miss", "12.75", "12,57", I),
    ("comma-one-digit-against-its-decimal-is-undecided", "3.7", "3,7", U),  # a list of two, or a decimal comma
    ("comma-one-digit-against-another-value", "3.8", "3,7", I),
    ("comma-three-digits-stays-a-group", "1.234", "1,234", I),
    ("comma-list-gold-not-a-decimal", "3,7", "3.7", I),
    # a value restated at the end of a sentence, negations, hedges
    ("restated-value", "250", "so the total is 5^3 \\cdot 2, which is 250", C),
    ("restated-value-with-unit", "12.5", "the area is not 10 which is 12.5 cm²", C),
    ("restated-remark-is-cut", "7", "The answer is 7, which is prime.", C),
    ("it-is", "42", "no, it's not 24, it's 42", C),
    ("negated-value", "12", "The answer is not 12.", I),
    ("negated-value-then-another", "12", "The answer is 13, not 12.", I),
    ("denied-alternative", "13", "The answer is 13, not 12.", C),
    # answers stated in a sentence
    ("count-in-a-sentence", "15", "Therefore, there are 15 different colourings that satisfy the rules.", C),
    ("one-number-in-the-final-statement", "4", "Final Answer: Bob needs 4 more days to finish.", C),
    ("percent-in-a-sentence", "30\\%", "Therefore, the price drops by 30%.", C),
    ("hedged-sentence-is-not-read", "4", "Final Answer: Bob needs about 4 more days to finish.", U),
    ("a-step-number-is-not-an-answer", "2", "Final Answer: by Step 2 the claim follows.", U),
    ("two-numbers-in-a-sentence", "4", "Final Answer: Bob needs 4 more days, or 5 at most.", U),
    ("statement-ends-at-its-sentence", "9", "The final answer is $9$. Note: the solution assumes that all of the 12 values are distinct.", C),
    ("remark-in-parentheses", "12", "Answer: 12 (attained by the construction above).", C),
    ("as-claimed", "4, 5", "The possible values of $n$ are 4 and 5, as claimed.", C),
    ("closing-mark-after-answer", "12", "In conclusion, the maximum number of moves is $12$. $\\square$", C),
    ("qed-after-answer", "12", "Therefore, the answer is 12. Q.E.D.", C),
    ("quoted-final-answer", "3, 4", 'Final Answer: The final answer is \\"$3 $ and $4 $\\". I hope it is correct.', C),
    ("truncated-response", "13", "Let $x = (2+\\sqrt3)^{10}$.\n\nNow, consider \\(f = x - \\lfloor (2 + \\sqrt{3})^{10", I),
    ("so-concludes-nothing", "5", "We compute.\nTherefore $a = 5$.\nNotice that $b + 2 > 0$ here, so we can use this to our advantage.", C),
    # golds that are worked solutions, and golds with several boxes
    ("gold-is-a-solution-with-a-final-statement",
     "Each day the value drops by 10, so after 3 days it is $70 - 10 = 60$ and the loss is $40$. " * 4
     + "Final Answer: The final answer is $40$. I hope it is correct.", "\\boxed{40}", C),
    ("gold-is-a-solution-near-miss",
     "Each day the value drops by 10, so after 3 days it is $70 - 10 = 60$ and the loss is $40$. " * 4
     + "Final Answer: The final answer is $40$. I hope it is correct.", "\\boxed{60}", I),
    ("gold-boxes-joined-by-symbols", "$\\boxed{7} ++ \\boxed{9}$", "$\\{7, 9\\}$", C),
    ("gold-boxes-separated-by-words", "\\boxed{7} was wrong, the answer is \\boxed{9}", "$\\boxed{7,9}$", I),
    ("gold-box-with-its-label", "so the solutions are $x = \\boxed{3,-1}$.", "$-1, 3$", C),
    ("gold-box-unclosed", "\\boxed{f(x) = 2x", "f(x)=2x", C),
    ("boxes-for-parts", "(2, 5), (1, 1)", "\\boxed{(2, 5)} \\text{ for part (a) and } \\boxed{(1, 1)}", C),
    # notation
    ("matrix-sum", "$\\begin{pmatrix}3 & 5 \\\\ 7 & 9\\end{pmatrix}$",
     "$\\begin{pmatrix}1 & 2 \\\\ 3 & 4\\end{pmatrix} + \\begin{pmatrix}2 & 3 \\\\ 4 & 5\\end{pmatrix}$", C),
    ("matrix-sum-near-miss", "$\\begin{pmatrix}3 & 5 \\\\ 7 & 9\\end{pmatrix}$",
     "$\\begin{pmatrix}1 & 2 \\\\ 3 & 4\\end{pmatrix} - \\begin{pmatrix}2 & 3 \\\\ 4 & 5\\end{pmatrix}$", I),
    ("matrix-product", "$\\begin{pmatrix}2 & 1 \\\\ 4 & 3\\end{pmatrix}$",
     "$\\begin{pmatrix}1 & 2 \\\\ 3 & 4\\end{pmatrix} \\begin{pmatrix}0 & 1 \\\\ 1 & 0\\end{pmatrix}$", C),
    ("matrix-product-order-matters", "$\\begin{pmatrix}2 & 1 \\\\ 4 & 3\\end{pmatrix}$",
     "$\\begin{pmatrix}0 & 1 \\\\ 1 & 0\\end{pmatrix} \\begin{pmatrix}1 & 2 \\\\ 3 & 4\\end{pmatrix}$", I),
    ("matrix-scaled", "$\\begin{pmatrix}2 & 4 \\\\ 6 & 8\\end{pmatrix}$", "$2\\begin{bmatrix}1 & 2 \\\\ 3 & 4\\end{bmatrix}$", C),
    ("sum-with-numeric-bounds", "55", "\\boxed{\\sum_{k=1}^{10} k}", C),
    ("sum-with-numeric-bounds-near-miss", "55", "\\boxed{\\sum_{k=1}^{11} k}", I),
    ("polynomial-as-a-sum", "$x^3 + 3x^2 + 3x + 1$", "$\\sum_{k=0}^{3}\\binom{3}{k}x^k$", C),
    ("recurrence-with-a-sum", "$a_n = \\sum_{k=0}^{n-1} a_k a_{n-1-k}$", "$a_n = \\sum_{k=0}^{n-1} a_{n-1-k} a_k$", C),
    ("recurrence-with-a-sum-near-miss", "$a_n = \\sum_{k=0}^{n-1} a_k a_{n-1-k}$", "$a_n = \\sum_{k=0}^{n-2} a_k a_{n-2-k}$", I),
    ("product-with-numeric-bounds", "120", "\\boxed{\\prod_{k=1}^{5} k}", C),
    ("sympy-eq", "Eq(x**2 + y**2, 4)", "\\boxed{Eq(x**2 + y**2, 4)}", C),
    ("sympy-eq-scaled", "Eq(x**2 + y**2, 4)", "x^2/4 + y^2/4 = 1", C),
    ("sympy-eq-near-miss", "Eq(x**2 + y**2, 4)", "\\boxed{Eq(x**2 + 2*y**2, 4)}", I),
    ("semicolon-tuples", "$(1;2;3),(3;2;1)$", "\\boxed{(3, 2, 1), (1, 2, 3)}", C),
    ("semicolon-tuples-near-miss", "$(1;2;3),(3;2;1)$", "\\boxed{(3, 2, 1), (1, 3, 2)}", I),
    ("unknown-command-is-a-name", "$\\hbar = 0$", "$\\hbar = 0$", C),
    ("unknown-command-chain", "$2 = \\qux = y = 5$", "$5$", C),
    ("arrow-is-not-a-name", "4", "\\boxed{x = 3 \\Rightarrow y = 4}", U),
    ("or-without-spaces", "$g(x) = 1 \\text{ and } g(x) = -1$", "g(x)=1org(x)=-1", C),
    ("function-value-bounds", "$0<f(x)<1$", "$(0,1)$", C),
    ("function-value-bounds-near-miss", "$0<f(x)<1$", "$(0,1]$", I),
    ("negated-interval", "$(-1, 0]$", "$-[0,1)$", C),
    ("negated-interval-is-not-a-number", "1", "$-[0,1)$", I),
    ("choose", "$\\binom{2k}{k}^2$", "$\\boxed{{2k \\choose k}^2}$", C),
    ("choose-near-miss", "$\\binom{2k}{k}^2$", "$\\boxed{{2k \\choose k+1}^2}$", I),
    ("currency-inside-math", "$10/9$", "Answer $ \\frac{1}{2} \\$ = \\frac{10}{9} $", C),
    ("unit-with-power", "1000.99", "so the floor is 1,000.99m²", C),
    ("unit-letter-without-power-is-a-variable", "5", "\\boxed{5n}", I),
    ("divisibility", "$n=2k, n=3k$", "$2\\mid n$ or $3\\mid n$", C),
    ("divisibility-near-miss", "$n=2k, n=3k$", "$6 \\mid n$", I),
    ("divisors-with-a-bound", "2, 3, 4, 6, 8, 12, 24", "$n \\mid 24,\\ n > 1$", C),
    ("divisors-with-another-bound", "2, 3, 4, 6, 8, 12, 24", "$n \\mid 24,\\ n > 2$", I),
    ("product-with-an-ellipsis", "$(2k-1)!!$", "$1\\cdot 3\\cdot 5\\cdots(2k-1)$", C),
    ("product-with-an-ellipsis-near-miss", "$(2k-1)!!$", "$1\\cdot 3\\cdot 5\\cdots(2k+1)$", I),
    ("sum-with-an-ellipsis", "$\\frac{n(n+1)}{2}$", "$1 + 2 + \\cdots + n$", C),
    ("ellipsis-not-a-progression", "$2^n$", "$1 \\cdot 2 \\cdot 4 \\cdots 2^{n-1}$", U),
    ("set-with-an-ellipsis-in-a-union", "$n=1, n \\ge 3$", "$n\\in\\{1\\}\\cup\\{3,4,5,\\dots\\}$", C),
    ("size-of-a-set-in-a-list", "43,47,2021", "$|K| \\in \\{43, 47, 2021\\}$", C),
    ("repeating-decimal", "1/6", "0.1\\overline{6}", C),
    ("repeating-decimal-near-miss", "1/6", "0.\\overline{16}", I),
    ("absolute-value-at-negative-points", "$\\sqrt{x^2}$", "|x|", C),
    ("absolute-value-is-not-the-variable", "|x|", "x", I),
]


@pytest.mark.parametrize(("gold", "response", "verdict"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_reading(gold: str, response: str, verdict: str) -> None:
    got = check_unbounded(gold, response)
    assert got.verdict == verdict, got
    assert got.failure is None, got


def test_a_truncated_response_states_no_answer() -> None:
    got = extract_final_answer("We compute.\n\nThen \\(x = (2 + \\sqrt{3})^{10")
    assert (got.text, got.method) == ("", "truncated")
