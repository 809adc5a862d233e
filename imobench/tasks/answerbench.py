"""`inspect eval imobench/answerbench`: the 400 short-answer problems.

Scoring precedence (one final verdict per sample, `imobench.grading.answers.decide`): the symbolic
checker's verdict when it decides (correct or incorrect); otherwise the LLM answer grader's (`grader`
model role), when one is bound; otherwise the sample is *unscored* and counted.  This scorer only
gathers the checker's verdict and the grader's reply and writes the resulting `AnswerScore`.  With `-T grader_mode=all` the grader also judges the
answers the checker decided, and the agreement of the two is recorded, but the checker's verdict
still stands (it is exact where it decides).  The model under test never grades itself unless
`-T self_grade=true`.
"""

from __future__ import annotations

from typing import Literal

from inspect_ai import Task, task
from inspect_ai.dataset import MemoryDataset, Sample
from inspect_ai.scorer import Score, Scorer, Target, scorer
from inspect_ai.solver import TaskState, generate

from imobench.answers.budget import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_S
from imobench.answers.types import ANSWER_TYPES, answer_type
from imobench.data import load
from imobench.errors import ImobenchError
from imobench.grading.answers import answer_prompt, decide, grader_answer, grader_prompt_version
from imobench.grading.prompts import render
from imobench.tasks.checking import check_answer, checker_budget
from imobench.tasks.grader_calls import ask, grader_config
from imobench.tasks.metrics import coverage, headline
from imobench.tasks.provenance import run_header, sample_provenance
from imobench.tasks.roles import grader_models
from imobench.tasks.scores import to_score

SOLVER_PROMPT = "answerbench_solver.v1.md"
TASK_VERSION = 1  # bumped whenever scoring changes; see the README's "Task versions"


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


@scorer(metrics=[headline("answerbench"), coverage("answerbench")])
def answer_scorer(grader_mode: Literal["undecided", "all"] = "undecided", self_grade: bool = False, cache_grades: bool = False,
                  checker_timeout: float = DEFAULT_TIMEOUT_S, checker_memory_mb: int = DEFAULT_MEMORY_MB) -> Scorer:
    """Symbolic checker first; the LLM answer grader for what it cannot decide (or for all).

    Re-score an existing log with `inspect score LOG --scorer imobench/answer_scorer -S grader_mode=all`."""
    if grader_mode not in ("undecided", "all"):
        raise ImobenchError(f"-T grader_mode={grader_mode}: use 'undecided' or 'all'")
    prompt_version = grader_prompt_version()
    budget = checker_budget(checker_timeout, checker_memory_mb)

    async def score(state: TaskState, target: Target) -> Score:
        response = state.output.completion
        gold = target.text
        verdict = await check_answer(budget, gold, response, state.metadata.get("problem"))
        answer = grader_answer(verdict, response)
        reply = model = None
        if grader_mode == "all" or verdict.verdict == "undecided":
            models = grader_models(self_grade)[:1]
            if models:
                prompt = answer_prompt(state.metadata.get("problem", ""), gold, answer)
                [got] = await ask(models, prompt, 1, grader_config(temperature=0.0), prompt_version, cache=cache_grades)
                reply, model = got.text, got.model
        record = decide(verdict, model, reply, answer)
        value = None if record.correct is None else float(record.correct)
        explanation = verdict.reason if record.decided_by == "symbolic" else (record.grader_reply or "")
        return to_score("answerbench", record, value, answer=verdict.extracted, explanation=explanation)

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
    checker_timeout: float = DEFAULT_TIMEOUT_S,
    checker_memory_mb: int = DEFAULT_MEMORY_MB,
) -> Task:
    """IMO-AnswerBench: short answers checked symbolically, with an LLM grader for the rest."""
    budget = checker_budget(checker_timeout, checker_memory_mb)
    dataset = answerbench_dataset(version, category, subcategory, answer_type, data)
    return Task(
        dataset=dataset,
        solver=generate(),
        scorer=answer_scorer(grader_mode=grader_mode, self_grade=self_grade, cache_grades=cache_grades,
                             checker_timeout=checker_timeout, checker_memory_mb=checker_memory_mb),
        metadata=run_header("answerbench", version, dataset, grader_prompt=grader_prompt_version(), checker=budget.identity()),
        version=TASK_VERSION,
    )
