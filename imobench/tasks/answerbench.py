"""`inspect eval imobench/answerbench`: the 400 short-answer problems.

Scoring precedence (one final verdict per sample): the symbolic checker's verdict when it decides
(correct or incorrect); otherwise the LLM answer grader's (`grader` model role), when one is bound;
otherwise the sample is *unscored* and counted.  With `-T grader_mode=all` the grader also judges the
answers the checker decided, and the agreement of the two is recorded, but the checker's verdict
still stands (it is exact where it decides).  The model under test never grades itself unless
`-T self_grade=true`.
"""

from __future__ import annotations

import asyncio
from typing import Literal

from inspect_ai import Task, task
from inspect_ai.dataset import MemoryDataset, Sample
from inspect_ai.model import CachePolicy, GenerateConfig
from inspect_ai.scorer import CORRECT, INCORRECT, Score, Scorer, Target, scorer
from inspect_ai.solver import TaskState, generate

from imobench.answers.bounded import default_runner
from imobench.answers.types import ANSWER_TYPES, answer_type
from imobench.data import load
from imobench.errors import ImobenchError
from imobench.grading.prompts import escape_untrusted, render, template_version
from imobench.grading.replies import parse_answer_verdict
from imobench.tasks.metrics import counts, rate_ci
from imobench.tasks.provenance import data_provenance, sample_provenance
from imobench.tasks.roles import grader_model

SOLVER_PROMPT = "answerbench_solver.v1.md"
GRADER_PROMPT = "answer_grader.v1.md"


def _match(value: str | None, wanted: str | None) -> bool:
    if wanted is None:
        return True
    norm = lambda s: (s or "").replace("_", " ").strip().lower()  # noqa: E731
    return norm(value) == norm(wanted)


def answerbench_dataset(
    version: str = "v2+errata",
    category: str | None = None,
    subcategory: str | None = None,
    answer_type_filter: str | None = None,
    data: str | None = None,
) -> MemoryDataset:
    ds = load("answerbench", version, path=data)
    if answer_type_filter is not None and answer_type_filter not in ANSWER_TYPES:
        raise ImobenchError(f"-T answer_type={answer_type_filter}: unknown; use one of {', '.join(ANSWER_TYPES)}")
    samples = []
    for row in ds.rows:
        atype = answer_type(row.short_answer)
        if not (_match(row.category, category) and _match(row.subcategory, subcategory) and _match(atype, answer_type_filter)):
            continue
        samples.append(
            Sample(
                id=row.problem_id,
                input=render(SOLVER_PROMPT, problem=row.problem.strip()),
                target=row.short_answer.strip(),
                metadata={
                    "problem": row.problem.strip(),
                    "category": row.category,
                    "subcategory": row.subcategory,
                    "source": row.source,
                    "answer_type": atype,
                    **sample_provenance(ds),
                },
            )
        )
    if not samples:
        cats = sorted({r.category for r in ds.rows})
        raise ImobenchError(
            f"no AnswerBench problem matches category={category!r} subcategory={subcategory!r} "
            f"answer_type={answer_type_filter!r}; categories are {', '.join(cats)}"
        )
    return MemoryDataset(samples=samples, name=f"imobench-{ds.key}")


@scorer(metrics=[rate_ci(by="category"), counts()])
def answer_scorer(grader_mode: Literal["undecided", "all"] = "undecided", self_grade: bool = False, cache_grades: bool = False) -> Scorer:
    """Symbolic checker first; the LLM answer grader for what it cannot decide (or for all).

    Re-score an existing log with `inspect score LOG --scorer imobench/answer_scorer -S grader_mode=all`."""
    if grader_mode not in ("undecided", "all"):
        raise ImobenchError(f"-T grader_mode={grader_mode}: use 'undecided' or 'all'")
    prompt_version = template_version(GRADER_PROMPT)

    async def score(state: TaskState, target: Target) -> Score:
        response = state.output.completion
        gold = target.text
        verdict = await asyncio.to_thread(default_runner().check, gold, response)
        meta: dict = {
            "symbolic_verdict": verdict.verdict,
            "symbolic_method": verdict.method,
            "symbolic_reason": verdict.reason,
            "extracted": verdict.extracted,
            "answer_type": verdict.answer_type,
            "grader_verdict": None,
        }
        if grader_mode == "all" or verdict.verdict == "undecided":
            model = grader_model(self_grade)
            if model is not None:
                answer = verdict.extracted or response[-2000:]
                prompt = render(
                    GRADER_PROMPT,
                    problem=state.metadata.get("problem", ""),
                    gold=gold,
                    answer=escape_untrusted(answer),
                )
                cache = CachePolicy(expiry="4W", scopes={"grader": prompt_version}) if cache_grades else False
                out = await model.generate(prompt, config=GenerateConfig(temperature=0.0), cache=cache)
                judged = parse_answer_verdict(out.completion)
                meta.update(
                    grader_model=str(model), grader_prompt=prompt_version, grader_reply=out.completion[-2000:],
                    grader_verdict=None if judged is None else ("correct" if judged else "incorrect"),
                )
                if judged is None:
                    meta["grader_error"] = "no \\boxed{Correct} or \\boxed{Incorrect} in the grader's reply"
        symbolic = verdict.verdict if verdict.verdict != "undecided" else None
        graded = meta["grader_verdict"]
        if symbolic is not None and graded is not None:
            meta["agreement"] = symbolic == graded
        final = symbolic or graded
        meta["decided_by"] = "symbolic" if symbolic else ("grader" if graded else None)
        if final is None:
            why = meta.get("grader_error") or (
                "the symbolic checker could not decide and no grader model role is bound (--model-role grader=...)"
            )
            return Score.unscored(answer=verdict.extracted, explanation=f"{verdict.reason}; {why}", metadata=meta)
        return Score(
            value=CORRECT if final == "correct" else INCORRECT,
            answer=verdict.extracted,
            explanation=verdict.reason if symbolic else meta.get("grader_reply", ""),
            metadata=meta,
        )

    return score


@task
def answerbench(
    version: str = "v2+errata",
    category: str | None = None,
    subcategory: str | None = None,
    answer_type: str | None = None,
    grader_mode: Literal["undecided", "all"] = "undecided",
    self_grade: bool = False,
    cache_grades: bool = False,
    data: str | None = None,
) -> Task:
    """IMO-AnswerBench: short answers checked symbolically, with an LLM grader for the rest."""
    dataset = answerbench_dataset(version, category, subcategory, answer_type, data)
    return Task(
        dataset=dataset,
        solver=generate(),
        scorer=answer_scorer(grader_mode=grader_mode, self_grade=self_grade, cache_grades=cache_grades),
        metadata={"benchmark": "answerbench", "dataset_version": version, **data_provenance(dataset),
                  "grader_prompt": template_version(GRADER_PROMPT)},
    )
