"""The answer checker's pure core: gold text + response text -> a three-valued verdict.

`check_unbounded` runs the layers in order: extract the final answer from the response, identity of the
normalised texts (an answer written as the gold is correct before anything is parsed), then read both
sides into answer forms and compare them.  It can take unbounded time on adversarial input, so callers
use the bounded runner (`imobench.answers.bounded`), which runs it in a worker process under a
`CheckerBudget`.  An exception inside the rules is an *internal error* verdict (undecided, counted
apart), never a crashed run and never "incorrect".

The problem statement, when the caller passes it, is read for two things only (`imobench.answers.problem`):
whether a bare gold list is a set or values in an order, and which integers "find all ..." ranges over.
Readings tried here because they need both sides: a decimal comma ("1000,99") against one value; a unit
letter with a power ("m²") against a plain number; qualifiers that differ in a restrictive word ("for a
prime p" against "for all odd primes p") make a match undecided; a value stated under conditions is not
"incorrect" against a gold by cases.
"""

from __future__ import annotations

import re
from functools import lru_cache

from imobench.answers.budget import checker_identity
from imobench.answers.build import number_without_unit, qualifier_words, to_form
from imobench.answers.choices import phrase_of_gold
from imobench.answers.compare import compare
from imobench.answers.extract import boxes_joined_by_and, extract_final_answer, joint_boxes, label_of_last_box
from imobench.answers import intsets
from imobench.answers.forms import (
    Choice,
    Ints,
    Piecewise,
    Prose,
    Scalar,
    answer_type_of_form,
    with_integer_domain,
    with_list_order,
)
from imobench.answers.normalise import decimal_comma, fold, identity_key
from imobench.answers.parse import TooLarge
from imobench.answers.problem import integer_domain, list_order
from imobench.answers.verdict import Verdict

GOLD_CACHE = 4096
MAX_CANDIDATES = 3
MAX_IDENTITY_CHARS = 1_000  # readings of one statement tried in order (the answer part, then the sentence)
MAX_GOLD_ANSWER_CHARS = 300  # a gold longer than this without a box is a worked solution: its final answer is read


def clean_gold(gold: str) -> str:
    """A dataset gold as answer text: math delimiters and a trailing period removed.

    A gold that is itself a worked solution is reduced to its final answer, read as a response is read:
    its boxes (every box of a short gold, joined with "and" where the gold says "and"), else its last
    "Final answer: ..." statement or concluding sentence.
    """
    s = fold(gold).strip()
    if "\\boxed" in s or "\\fbox" in s:
        short = len(s) < MAX_IDENTITY_CHARS
        boxes = joint_boxes(s, every=short)
        if len(boxes) > 1 and short:
            s = (" and " if boxes_joined_by_and(s) else ", ").join(boxes)
        else:
            answer = boxes[0] if len(boxes) == 1 and short else extract_final_answer(s).text
            label = label_of_last_box(s) if len(boxes) == 1 else ""
            s = f"{label} {answer}" if label and "=" not in answer else answer  # "the solutions are $n = \boxed{1,-2}$"
    elif len(s) > MAX_GOLD_ANSWER_CHARS:
        s = extract_final_answer(s).text or s  # a worked solution without a box
    s = re.sub(r"(?<!\\)\$", " ", s)
    return " ".join(s.split()).rstrip(".").strip()


_CONDITION_WORDS = re.compile(r"\b(?:if|when|whenever|for|otherwise|else|unless)\b|当|时|否则", re.I)


def _check_choice(gold: Choice, candidates: list[str], verdict, method: str) -> Verdict:
    """A named winner or yes/no gold: each reading of the final statement is read as words (never as a
    product of letters: "Bob wins" is no expression), the whole statement first."""
    label, how, reason, used = "undecided", "choice", "no final statement that names a choice", candidates[0]
    for cand in sorted(candidates, key=len, reverse=True):
        got = to_form(cand)
        resp = got if isinstance(got, Choice) or (_is_none(got) and gold.kind == "yes-no") else Prose(cand, "a statement")
        label, how, reason = compare(gold, resp)
        used = cand
        if label != "undecided":
            break
    return verdict(label, f"{method}+{how}", reason, used)


def _is_none(form) -> bool:
    return isinstance(form, Ints) and form.set == intsets.EMPTY


def _with_symbols(form) -> bool:
    return (isinstance(form, Scalar) and bool(form.expr.free_symbols)) or isinstance(form, Prose)


@lru_cache(maxsize=GOLD_CACHE)
def gold_form(gold: str):
    """Parsed gold (cached: every response to a problem is compared with the same gold)."""
    try:
        form = to_form(clean_gold(gold))
    except TooLarge as err:
        return Prose(gold, f"the gold is too large to build: {err}")
    if isinstance(form, Prose):
        return phrase_of_gold(clean_gold(gold)) or form  # "taking the empty card": compared by its words
    return form


def check_unbounded(gold: str, response: str, checker: str | None = None, problem: str | None = None) -> Verdict:
    """Extract the final answer from `response` and compare it with `gold` (no time or memory bound).

    `problem`, the problem statement when the caller has it, settles whether a bare gold list is a set
    or values in an order (`imobench.answers.problem`); without it a gold list not written in increasing
    order makes a reordered answer undecided."""
    ident = checker if checker is not None else checker_identity()
    try:
        return _check(gold, response, ident, problem)
    except (MemoryError, RecursionError):
        raise  # the worker reports these as budget failures
    except Exception as err:  # noqa: BLE001 - a verdict with the reason, never a crashed run
        return Verdict(
            verdict="undecided", extracted="", method="internal-error", failure="internal", checker=ident,
            reason=f"internal error of the checker ({type(err).__name__}: {err}); the answer was not compared",
        )


def _check(gold: str, response: str, ident: str, problem: str | None = None) -> Verdict:
    form = with_integer_domain(with_list_order(gold_form(gold), list_order(problem)), integer_domain(problem))
    atype = answer_type_of_form(form)
    extraction = extract_final_answer(response)

    def verdict(label: str, method: str, reason: str, extracted: str = extraction.text, failure=None) -> Verdict:
        return Verdict(verdict=label, extracted=extracted, method=method, reason=reason, answer_type=atype,
                       failure=failure, checker=ident)

    if not extraction.text:
        return verdict("incorrect", "extract", "the response states no final answer")
    candidates = list(dict.fromkeys([extraction.text, *extraction.alternatives]))[:MAX_CANDIDATES]
    if isinstance(form, Scalar):  # "1000,99" against one value: a decimal comma
        candidates = list(dict.fromkeys(decimal_comma(c) or c for c in candidates))
    gold_keys = {identity_key(clean_gold(gold)), identity_key(gold)}
    whole = [response] if len(response) <= MAX_IDENTITY_CHARS else []  # a short reply that is the gold, verbatim
    for cand in [*candidates, *whole]:
        if identity_key(cand) in gold_keys:
            return verdict("correct", f"{extraction.method}+identity", "the same text as the gold after normalisation", cand)
    if isinstance(form, Choice):
        return _check_choice(form, candidates, verdict, extraction.method)
    resp = None
    used = extraction.text
    for cand in candidates:
        try:
            got = to_form(cand)
            if isinstance(form, Scalar) and not form.expr.free_symbols and _with_symbols(got):
                bare = number_without_unit(cand)  # "1,000.99 m^2" against a plain number: m is a unit
                got = to_form(bare) if bare is not None else got
        except TooLarge as err:
            return verdict("undecided", "size-budget", f"the response's answer is too large to compare: {err}", cand, "size")
        if resp is None or not isinstance(got, Prose):
            resp, used = got, cand
        if not isinstance(got, Prose):
            break
    label, method, reason = compare(form, resp)
    one_digit = re.fullmatch(r"\s*([-+]?\d+),(\d)\s*", extraction.text)
    if label == "incorrect" and isinstance(form, Scalar) and one_digit:
        maybe = to_form(f"{one_digit.group(1)}.{one_digit.group(2)}")
        if compare(form, maybe)[0] == "correct":  # "2,5" against 2.5: a list, or a decimal comma
            return verdict("undecided", f"{extraction.method}+decimal-comma", "a comma that may be a decimal comma", used)
    if label == "correct":
        g_words, r_words = qualifier_words(clean_gold(gold)), qualifier_words(used)
        if g_words and r_words and g_words != r_words:  # "8p for all odd primes p" against "8p for a prime p"
            return verdict("undecided", f"{extraction.method}+qualifier",
                           f"{reason}, but the qualifiers differ ({', '.join(sorted(g_words ^ r_words))})", used)
    if label == "incorrect" and isinstance(form, Piecewise) and method == "piecewise" and any(_CONDITION_WORDS.search(c) for c in candidates):
        return verdict("undecided", f"{extraction.method}+piecewise",
                       "the response states its answer under conditions that were not read as cases", used)
    gold_decimal = decimal_comma(clean_gold(gold)) if label != "correct" and isinstance(resp, Scalar) else None
    if gold_decimal is not None:  # a gold "1,22" against one value: read with a decimal comma
        got = compare(gold_form(gold_decimal), resp)
        if got[0] == "correct":
            return verdict("correct", f"{extraction.method}+decimal-comma", f"{got[2]} (the gold read with a decimal comma)", used)
    return verdict(label, f"{extraction.method}+{method}", reason, used)
