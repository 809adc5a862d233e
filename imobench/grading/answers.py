"""AnswerBench's answer grader and the one rule that turns two opinions into a verdict.

`decide()` is the precedence, pure: the symbolic checker's verdict when it decides; otherwise the
answer grader's, when one was asked and its reply holds a verdict; otherwise the sample is unscored,
with the reason.  "Undecided" never becomes correct or incorrect by default.
"""

from __future__ import annotations

from typing import Protocol

from imobench.grading.prompts import escape_untrusted, render, template_version
from imobench.grading.replies import ParsedVerdict, parse_answer_verdict
from imobench.records import REPLY_CHARS, AnswerScore, Unscored

GRADER_PROMPT = "answer_grader.v1.md"
ANSWER_CHARS = 2000  # the tail of a response sent to the grader when no final answer was extracted


class CheckerVerdict(Protocol):
    """What `imobench.answers` returns (its `Verdict`); `checker` is read when it has one."""

    verdict: str
    extracted: str
    method: str
    reason: str
    answer_type: str | None


def grader_prompt_version() -> str:
    return template_version(GRADER_PROMPT)


def grader_answer(verdict: CheckerVerdict, response: str) -> str:
    """What the grader judges: the extracted final answer, else the end of the response."""
    return verdict.extracted or response[-ANSWER_CHARS:]


def answer_prompt(problem: str, gold: str, answer: str) -> str:
    return render(GRADER_PROMPT, problem=problem, gold=gold, answer=escape_untrusted(answer))


def read_grader_reply(reply: str, answer: str) -> ParsedVerdict:
    return parse_answer_verdict(reply, answer=answer)


def decide(verdict: CheckerVerdict, grader_model: str | None = None, reply: str | None = None, answer: str = "") -> AnswerScore:
    """symbolic > grader > unscored.

    `grader_model` and `reply` are given when the grader was asked (`reply` is its text); `answer` is
    what it was shown, so that a boxed verdict quoted from the student's answer does not count."""
    score = AnswerScore(
        symbolic_verdict=verdict.verdict, symbolic_method=verdict.method, symbolic_reason=verdict.reason,
        extracted=verdict.extracted, answer_type=verdict.answer_type, checker=getattr(verdict, "checker", None),
    )
    parsed: ParsedVerdict | None = None
    if reply is not None:
        parsed = read_grader_reply(reply, answer)
        score.grader_model = grader_model
        score.grader_prompt = grader_prompt_version()
        score.grader_reply = reply[-REPLY_CHARS:]
        if parsed.verdict is None:
            score.grader_error = parsed.error
        else:
            score.grader_verdict = "correct" if parsed.verdict else "incorrect"
    symbolic = verdict.verdict if verdict.verdict in ("correct", "incorrect") else None
    if symbolic is not None and score.grader_verdict is not None:
        score.agreement = symbolic == score.grader_verdict
    if symbolic is not None:
        score.decided_by, score.correct = "symbolic", symbolic == "correct"
    elif score.grader_verdict is not None:
        score.decided_by, score.correct = "grader", score.grader_verdict == "correct"
    elif parsed is None:
        score.unscored = Unscored(code="no_grader", reason=f"{verdict.reason}; the symbolic checker could not decide and no "
                                                            "grader model role is bound (--model-role grader=...)")
    else:
        score.unscored = Unscored(code=parsed.code or "grader_reply", reason=f"{verdict.reason}; {score.grader_error}")
    return score
