"""Unit tests of the layers below `check`: integer sets, the word reader, the comparison of forms."""

from __future__ import annotations

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from imobench.answers import intsets
from imobench.answers.build import to_form
from imobench.answers.compare import compare
from imobench.answers.forms import Ints, Scalar, Seq
from imobench.answers.intsets import IntSet
from imobench.answers.normalise import words_text
from imobench.answers.words import words_form

# ---- intsets -------------------------------------------------------------------------------------------

MEMBERS = [
    ("powers-of-2", intsets.powers(2), [1, 2, 4, 1024], [0, 3, -2, 6]),
    ("powers-of-0", intsets.powers(0), [0, 1], [2, -1]),
    ("powers-of-1", intsets.powers(1), [1], [0, 2, -1]),
    ("powers-of-minus-1", intsets.powers(-1), [1, -1], [0, 2]),
    ("powers-of-minus-2", intsets.powers(-2), [1, -2, 4, -8], [2, -4, 8]),
    ("residue-3-mod-4", intsets.residue(3, 4), [3, 7, -1], [0, 1, 2]),
    ("squares", IntSet("kth_powers", (2,)), [0, 1, 4, 9, 144], [2, 3, -4]),
    ("primes", IntSet("primes"), [2, 3, 97], [1, 4, -3]),
    ("composites", IntSet("composites"), [4, 6, 9], [1, 2, 3, 5]),
]


@pytest.mark.parametrize(("s", "inside", "outside"), [m[1:] for m in MEMBERS], ids=[m[0] for m in MEMBERS])
def test_membership(s: IntSet, inside: list[int], outside: list[int]) -> None:
    assert all(s.contains(n) for n in inside)
    assert not any(s.contains(n) for n in outside)


COMPARISONS = [
    ("same-residue-two-ways", intsets.residue(3, 4), intsets.residue(-1, 4), "equal"),
    ("far-member-is-seen", intsets.powers(2), IntSet("diff", (intsets.powers(2), intsets.finite([4096]))), "different"),
    ("large-modulus-is-seen", intsets.residue(0, 5000), intsets.finite([0]), "different"),
    ("zero-only-differs", intsets.residue(0, 14), IntSet("diff", (intsets.residue(0, 14), intsets.finite([0]))), "equal-on-positives"),
    ("empty-vs-empty", intsets.EMPTY, intsets.finite([]), "equal"),
]


@pytest.mark.parametrize(("a", "b", "expected"), [c[1:] for c in COMPARISONS], ids=[c[0] for c in COMPARISONS])
def test_compare_int_sets(a: IntSet, b: IntSet, expected: str) -> None:
    assert intsets.compare(a, b)[0] == expected


@settings(max_examples=60, deadline=None)
@given(base=st.integers(min_value=-6, max_value=12), k=st.integers(min_value=0, max_value=8))
def test_powers_of_every_small_base_terminate_and_contain_their_powers(base: int, k: int) -> None:
    """"All powers of N" for every small N, 0 and 1 included: membership ends, and holds for N^k."""
    form = words_form(f"all powers of {base}")
    assert isinstance(form, Ints)
    assert form.set.contains(base**k)
    assert intsets.compare(form.set, form.set)[0] == "equal"


# ---- words ---------------------------------------------------------------------------------------------

WORDS = [
    ("prime", "n is prime", IntSet("primes"), True),
    ("all-even", "all even n", intsets.residue(0, 2), True),
    ("every-integer", "every integer", intsets.ALL, True),
    ("k-odd", "k odd", intsets.residue(1, 2), True),
    ("odd-at-least-5", "all odd n \\ge 5", IntSet("inter", (intsets.residue(1, 2), IntSet("all", (5, None)))), True),
    ("no-solutions", "no solutions", intsets.EMPTY, True),
    ("divisible-3-or-5", "the positive integers divisible by 3 or 5",
     IntSet("inter", (intsets.union(intsets.residue(0, 3), intsets.residue(0, 5)), intsets.POSITIVE)), True),
    ("natural-numbers-are-positive", "all natural numbers", intsets.POSITIVE, True),
    ("natural-numbers-not-all-integers", "all natural numbers", intsets.ALL, False),
    ("chinese-or", "所有素数或 1", intsets.union(IntSet("primes"), intsets.finite([1])), True),
    ("chinese-powers", "2的幂", intsets.powers(2), True),
    ("chinese-positive-even", "所有正偶数", IntSet("inter", (intsets.residue(0, 2), intsets.POSITIVE)), True),
    ("chinese-none", "不存在", intsets.EMPTY, True),
    ("multiples-except-0", "all multiples of 14, excluding 0", IntSet("diff", (intsets.residue(0, 14), intsets.finite([0]))), True),
]


@pytest.mark.parametrize(("text", "expected", "equal"), [w[1:] for w in WORDS], ids=[w[0] for w in WORDS])
def test_words(text: str, expected: IntSet, equal: bool) -> None:
    form = words_form(text)
    assert isinstance(form, Ints), form
    assert (intsets.compare(form.set, expected)[0] == "equal") is equal


@pytest.mark.parametrize("text", ["the proof is complete", "n is a prime power of the golden ratio", "we get 5 apples"],
                         ids=["sentence", "unknown-words", "words-and-number"])
def test_words_do_not_half_read_a_sentence(text: str) -> None:
    assert words_form(text) is None


def test_neq_is_not_read_as_not_equal_q() -> None:
    assert "!= q" not in words_text("n \\neq 2") and "!= 2" in words_text("n \\neq 2")


# ---- compare -------------------------------------------------------------------------------------------

FORMS = [
    ("tuple-in-order", Seq((Scalar(sp.Integer(3)), Scalar(sp.Integer(2))), ordered=True, brackets="()"),
     Seq((Scalar(sp.Integer(3)), Scalar(sp.Integer(2))), ordered=True, brackets="()"), "correct"),
    ("tuple-swapped", Seq((Scalar(sp.Integer(3)), Scalar(sp.Integer(2))), ordered=True, brackets="()"),
     Seq((Scalar(sp.Integer(2)), Scalar(sp.Integer(3))), ordered=True, brackets="()"), "incorrect"),
    ("set-any-order", Seq((Scalar(sp.Integer(3)), Scalar(sp.Integer(2))), ordered=False),
     Seq((Scalar(sp.Integer(2)), Scalar(sp.Integer(3))), ordered=False), "correct"),
    ("empty-vs-tuples", Ints(intsets.EMPTY, None, "words"),
     Seq((Seq((Scalar(sp.Integer(1)), Scalar(sp.Integer(2))), ordered=True, brackets="()"),), ordered=False), "incorrect"),
    ("percent-as-number", Scalar(sp.Integer(10)), Scalar(sp.Rational(1, 10), note="percent"), "correct"),
    ("clock-vs-number", Scalar(sp.Integer(720), note="clock"), Scalar(sp.Integer(720)), "incorrect"),
    ("labelled-value", Scalar(3 * sp.Symbol("n")), Scalar(3 * sp.Symbol("n"), label="a_n"), "correct"),
]


@pytest.mark.parametrize(("gold", "resp", "expected"), [f[1:] for f in FORMS], ids=[f[0] for f in FORMS])
def test_compare_forms(gold, resp, expected: str) -> None:
    assert compare(gold, resp)[0] == expected


def test_qplus_is_not_q() -> None:
    assert compare(to_form("\\mathbb{Q}^+"), to_form("\\mathbb{Q}"))[0] != "correct"


# ---- parameter ranges and problem domains ----------------------------------------------------------------

RANGES = [  # (id, parametrised set as text, the range of its parameter, members, non-members)
    ("multiples-k-nonzero", "n = 14k", intsets.IntSet("diff", (intsets.ALL, intsets.finite([0]))), [14, -14, 28], [0, 7]),
    ("progression-k-from-1", "n = 4k + 3", intsets.IntSet("all", (1, None)), [7, 11], [3, -1]),
    ("progression-k-down-to-0", "n = -2k + 1", intsets.IntSet("all", (0, None)), [1, -1, -3], [3, 5]),
    ("powers-k-from-1", "n = 2^k", intsets.POSITIVE, [2, 4, 1024], [1, 3]),
    ("powers-k-from-0", "n = 2^k", intsets.IntSet("all", (0, None)), [1, 2, 4], [3, 0]),
]


@pytest.mark.parametrize(("text", "values", "inside", "outside"), [r[1:] for r in RANGES], ids=[r[0] for r in RANGES])
def test_a_parameter_range_restricts_its_set(text: str, values: IntSet, inside: list[int], outside: list[int]) -> None:
    from imobench.answers.forms import restricted

    form = to_form(text)
    assert isinstance(form, Ints) and form.param is not None
    got = restricted(form, values)
    assert got is not None
    assert all(got.set.contains(n) for n in inside) and not any(got.set.contains(n) for n in outside)


def test_a_bounded_parameter_range_is_not_applied() -> None:
    from imobench.answers.forms import restricted

    assert restricted(to_form("n = 4k + 3"), intsets.IntSet("all", (1, 5))) is None  # the caller leaves it undecided


DOMAIN_COMPARISONS = [  # (id, a, b, domain, verdict): sets that differ at 0 or below
    ("positive-domain-ignores-0", intsets.residue(0, 14), IntSet("diff", (intsets.residue(0, 14), intsets.finite([0]))), "positive", "equal"),
    ("nonnegative-domain-sees-0", intsets.residue(0, 14), IntSet("diff", (intsets.residue(0, 14), intsets.finite([0]))), "nonnegative", "different"),
    ("all-integers-domain-sees-negatives", intsets.ALL, intsets.POSITIVE, "all", "different"),
    ("no-domain-is-undecided", intsets.ALL, intsets.POSITIVE, None, "equal-on-positives"),
    ("positive-domain-far-literal-below", intsets.union(intsets.finite([1]), IntSet("all", (3, None))),
     IntSet("diff", (intsets.ALL, intsets.finite([2]))), "positive", "equal"),
]


@pytest.mark.parametrize(("a", "b", "domain", "expected"), [c[1:] for c in DOMAIN_COMPARISONS], ids=[c[0] for c in DOMAIN_COMPARISONS])
def test_compare_int_sets_in_a_domain(a: IntSet, b: IntSet, domain: str | None, expected: str) -> None:
    assert intsets.compare(a, b, domain)[0] == expected
