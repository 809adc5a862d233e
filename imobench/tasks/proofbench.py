"""`inspect eval imobench/proofbench`: 60 proof problems graded by a rubric-driven LLM grader.

The grader (`grader` model role; a list of models makes a panel) sees the problem, the reference
solution, the structured grading guidelines and the candidate proof, and answers
`<points>N out of 7</points>` with N a level of the spec's scale (7, 6, 1 or 0 by default).  The
grading itself (prompt, parsing, aggregation) is `imobench.grading.proofs`; this scorer gathers the
grader calls, all at once.  Unparseable replies are unscored and counted.  For problems with a short
answer the proof's final answer is also checked symbolically, and a passing grade with a wrong final
answer is flagged.
"""

from __future__ import annotations

from typing import Literal

from inspect_ai import Task, task
from inspect_ai.dataset import MemoryDataset, Sample
from inspect_ai.scorer import Score, Scorer, Target, scorer
from inspect_ai.solver import TaskState, generate

from imobench.answers.budget import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_S
from imobench.data import load
from imobench.errors import ImobenchError
from imobench.grading.calibration import calibrated, calibration_for
from imobench.grading.prompts import render
from imobench.grading.proofs import flag, grade_from_replies, no_grader, proof_prompt
from imobench.grading.specs import load_grader
from imobench.tasks.checking import check_answer, checker_budget
from imobench.tasks.grader_calls import ask, grader_config
from imobench.tasks.metrics import coverage, headline
from imobench.tasks.provenance import run_header, sample_provenance
from imobench.tasks.roles import grader_models
from imobench.tasks.scores import to_score

SOLVER_PROMPT = "proofbench_solver.v1.md"
TASK_VERSION = 1  # bumped whenever scoring changes; see the README's "Task versions"


def proofbench_dataset(version: str = "v2", level: str = "all", data: str | None = None) -> MemoryDataset:
    if level not in ("basic", "advanced", "all"):
        raise ImobenchError(f"-T level={level}: use basic, advanced or all")
    ds = load("proofbench", version, path=data)
    samples = [
        Sample(
            id=row.problem_id,
            input=render(SOLVER_PROMPT, problem=row.problem.strip()),
            target=row.short_answer.strip(),
            metadata={
                "problem": row.problem.strip(),
                "solution": row.solution,
                "guidelines": row.grading_guidelines,
                "level": row.benchmark_level,
                "difficulty": row.level,
                "category": row.category,
                "source": row.source,
                **sample_provenance(ds),
            },
        )
        for row in ds.rows
        if level == "all" or row.benchmark_level == level
    ]
    return MemoryDataset(samples=samples, name=f"imobench-{ds.key}-{level}")


@scorer(metrics=[headline("proofbench"), coverage("proofbench")])
def proof_scorer(
    grader: str = "default", panel: Literal["median", "min"] = "median", self_grade: bool = False, cache_grades: bool = False,
    calibration: str | None = None, checker_timeout: float = DEFAULT_TIMEOUT_S, checker_memory_mb: int = DEFAULT_MEMORY_MB,
) -> Scorer:
    """Grades proofs; usable on an existing log with `inspect score LOG --scorer imobench/proof_scorer -S grader=NAME`.

    With a calibration record for this grader spec (NAME.calibration.json in a calibration folder, or
    `calibration=PATH`) every score also carries the calibrated points."""
    spec = load_grader(grader)
    scale = spec.load_scale()
    record = calibration_for(spec, calibration)
    identity = spec.identity()
    budget = checker_budget(checker_timeout, checker_memory_mb)

    async def score(state: TaskState, target: Target) -> Score:
        models = grader_models(self_grade)
        proof = state.output.completion
        if models:
            md = state.metadata
            prompt = proof_prompt(spec, md["problem"], md["solution"], md["guidelines"], proof, scale)
            replies = await ask(models, prompt, spec.samples, grader_config(spec.temperature), identity, cache=cache_grades)
            grade = grade_from_replies(spec, scale, panel, replies, proof, [str(m) for m in models])
        else:
            grade = no_grader(spec, scale)
        if target.text:
            check = await check_answer(budget, target.text, proof, state.metadata.get("problem"))
            grade.final_answer_verdict, grade.final_answer = check.verdict, check.extracted
            grade.checker = check.checker
            grade.flag = flag(grade, check.verdict)
        if grade.points is not None and record is not None:
            grade.calibrated_points, grade.calibration = calibrated(record, grade.points), record.describe()
        explanation = grade.samples[-1].reply if grade.samples else None
        return to_score("proofbench", grade, grade.points, explanation=explanation)

    return score


@task
def proofbench(
    version: str = "v2",
    level: Literal["basic", "advanced", "all"] = "all",
    grader: str = "default",
    panel: Literal["median", "min"] = "median",
    self_grade: bool = False,
    cache_grades: bool = False,
    calibration: str | None = None,
    data: str | None = None,
    checker_timeout: float = DEFAULT_TIMEOUT_S,
    checker_memory_mb: int = DEFAULT_MEMORY_MB,
) -> Task:
    """IMO-ProofBench: proofs graded on the grader spec's scale (7/6/1/0) by a rubric-driven grader model."""
    spec = load_grader(grader)
    budget = checker_budget(checker_timeout, checker_memory_mb)
    dataset = proofbench_dataset(version, level, data)
    return Task(
        dataset=dataset,
        solver=generate(),
        scorer=proof_scorer(grader=grader, panel=panel, self_grade=self_grade, cache_grades=cache_grades, calibration=calibration,
                            checker_timeout=checker_timeout, checker_memory_mb=checker_memory_mb),
        metadata=run_header("proofbench", version, dataset, grader=spec.identity(), scale=spec.load_scale(), checker=budget.identity()),
        version=TASK_VERSION,
    )
