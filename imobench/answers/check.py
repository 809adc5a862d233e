"""The answer checker's pure core: gold text + response text -> a three-valued verdict.

`check_unbounded` runs the layers in order: extract the final answer from the response, identity of the
normalised texts (an answer written as the gold is correct before anything is parsed), then read both
sides into answer forms and compare them.  It can take unbounded time on adversarial input, so callers
use the bounded runner (`imobench.answers.bounded`), which runs it in a worker process under a
`CheckerBudget`.  An exception inside the rules is an *internal error* verdict (undecided, counted
apart), never a crashed run and never "incorrect".
"""

from __future__ import annotations

import re
from functools import lru_cache

from imobench.answers.budget import checker_identity
from imobench.answers.build import to_form
from imobench.answers.compare import compare
from imobench.answers.extract import extract_final_answer, joint_boxes
from imobench.answers.forms import Prose, answer_type_of_form
from imobench.answers.normalise import fold, identity_key
from imobench.answers.parse import TooLarge
from imobench.answers.verdict import Verdict

GOLD_CACHE = 4096
MAX_CANDIDATES = 3
MAX_IDENTITY_CHARS = 1_000  # readings of one statement tried in order (the answer part, then the sentence)


def clean_gold(gold: str) -> str:
    """A dataset gold as answer text: math delimiters and a trailing period removed.

    A gold that is itself a worked solution (it contains a box) is reduced to its boxed answer.
    """
    s = fold(gold).strip()
    if "\\boxed" in s or "\\fbox" in s:
        boxes = joint_boxes(s)
        s = ", ".join(boxes) if len(boxes) > 1 and len(s) < MAX_IDENTITY_CHARS else extract_final_answer(s).text
    s = re.sub(r"(?<!\\)\$", " ", s)
    return " ".join(s.split()).rstrip(".").strip()


@lru_cache(maxsize=GOLD_CACHE)
def gold_form(gold: str):
    """Parsed gold (cached: every response to a problem is compared with the same gold)."""
    try:
        return to_form(clean_gold(gold))
    except TooLarge as err:
        return Prose(gold, f"the gold is too large to build: {err}")


def check_unbounded(gold: str, response: str, checker: str | None = None) -> Verdict:
    """Extract the final answer from `response` and compare it with `gold` (no time or memory bound)."""
    ident = checker if checker is not None else checker_identity()
    try:
        return _check(gold, response, ident)
    except (MemoryError, RecursionError):
        raise  # the worker reports these as budget failures
    except Exception as err:  # noqa: BLE001 - a verdict with the reason, never a crashed run
        return Verdict(
            verdict="undecided", extracted="", method="internal-error", failure="internal", checker=ident,
            reason=f"internal error of the checker ({type(err).__name__}: {err}); the answer was not compared",
        )


def _check(gold: str, response: str, ident: str) -> Verdict:
    form = gold_form(gold)
    atype = answer_type_of_form(form)
    extraction = extract_final_answer(response)

    def verdict(label: str, method: str, reason: str, extracted: str = extraction.text, failure=None) -> Verdict:
        return Verdict(verdict=label, extracted=extracted, method=method, reason=reason, answer_type=atype,
                       failure=failure, checker=ident)

    if not extraction.text:
        return verdict("incorrect", "extract", "the response states no final answer")
    candidates = list(dict.fromkeys([extraction.text, *extraction.alternatives]))[:MAX_CANDIDATES]
    gold_keys = {identity_key(clean_gold(gold)), identity_key(gold)}
    whole = [response] if len(response) <= MAX_IDENTITY_CHARS else []  # a short reply that is the gold, verbatim
    for cand in [*candidates, *whole]:
        if identity_key(cand) in gold_keys:
            return verdict("correct", f"{extraction.method}+identity", "the same text as the gold after normalisation", cand)
    resp = None
    used = extraction.text
    for cand in candidates:
        try:
            got = to_form(cand)
        except TooLarge as err:
            return verdict("undecided", "size-budget", f"the response's answer is too large to compare: {err}", cand, "size")
        if resp is None or not isinstance(got, Prose):
            resp, used = got, cand
        if not isinstance(got, Prose):
            break
    label, method, reason = compare(form, resp)
    return verdict(label, f"{extraction.method}+{method}", reason, used)
