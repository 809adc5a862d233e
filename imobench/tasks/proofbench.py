"""`inspect eval imobench/proofbench`: 60 proof problems graded by a rubric-driven LLM grader.

The grader (`grader` model role; a list of models makes a panel) sees the problem, the reference
solution, the structured grading guidelines and the candidate proof, and answers
`<points>N out of 7</points>` with N in {7, 6, 1, 0}.  Unparseable replies are unscored and counted.
For problems with a short answer the proof's final answer is also checked symbolically, and a grade
of 6 or 7 with a wrong final answer is flagged.
"""

from __future__ import annotations

import asyncio
from typing import Literal

from inspect_ai import Task, task
from inspect_ai.dataset import MemoryDataset, Sample
from inspect_ai.scorer import Score, Scorer, Target, scorer
from inspect_ai.solver import TaskState, generate

from imobench.answers.bounded import default_runner
from imobench.data import load
from imobench.errors import ImobenchError
from imobench.grading.prompts import render
from imobench.grading.specs import load_grader
from imobench.tasks.metrics import counts, percent_of_max_ci
from imobench.tasks.proofs import grade_proof
from imobench.tasks.provenance import data_provenance, sample_provenance
from imobench.tasks.roles import grader_model, grader_models

SOLVER_PROMPT = "proofbench_solver.v1.md"


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


@scorer(metrics=[percent_of_max_ci(by=["level", "category"]), counts()])
def proof_scorer(
    grader: str = "default", panel: Literal["median", "min"] = "median", self_grade: bool = False, cache_grades: bool = False,
    calibration: str | None = None,
) -> Scorer:
    """Grades proofs; usable on an existing log with `inspect score LOG --scorer imobench/proof_scorer -S grader=NAME`.

    With a calibration record for this grader spec (graders/NAME.calibration.json, or `calibration=PATH`)
    every score also carries the calibrated points."""
    spec = load_grader(grader)
    record = _calibration(spec, calibration)

    async def score(state: TaskState, target: Target) -> Score:
        models = grader_models()
        if not models:
            solo = grader_model(self_grade)
            models = [solo] if solo is not None else []
        if not models:
            return Score.unscored(explanation="no grader model role is bound (--model-role grader=...)", metadata={"grader": spec.identity()})
        md = state.metadata
        result = await grade_proof(
            spec, models, panel, md["problem"], md["solution"], md["guidelines"], state.output.completion, cache=cache_grades
        )
        meta = {k: v for k, v in result.items() if k != "points"}
        if target.text:
            check = await asyncio.to_thread(default_runner().check, target.text, state.output.completion)
            meta.update(final_answer_verdict=check.verdict, final_answer=check.extracted)
            if result["points"] is not None and result["points"] >= 6 and check.verdict == "incorrect":
                meta["flag"] = "graded 6 or 7 but the final answer is wrong"
        if result["points"] is None:
            return Score.unscored(explanation="no grader reply could be parsed", metadata=meta)
        if record is not None:
            meta["calibrated_points"] = float(record.map(result["points"]))
            meta["calibration"] = f"{record.grader} {record.date} on {', '.join(record.data)}"
        return Score(value=result["points"], explanation=result["samples"][-1]["reply"], metadata=meta)

    return score


def _calibration(spec, path: str | None):
    from pathlib import Path

    from imobench.grading.calibration import CalibrationRecord, load_record

    if path is None:
        return load_record(spec.name, spec.identity())
    record = CalibrationRecord.model_validate_json(Path(path).read_text(encoding="utf-8"))
    if record.grader_identity != spec.identity():
        raise ImobenchError(
            f"-T calibration={path}: the record was fitted for {record.grader_identity}, not for this grader "
            f"({spec.identity()}); run imobench calibrate again"
        )
    return record


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
) -> Task:
    """IMO-ProofBench: proofs graded 0/1/6/7 by a rubric-driven grader model."""
    spec = load_grader(grader)
    dataset = proofbench_dataset(version, level, data)
    return Task(
        dataset=dataset,
        solver=generate(),
        scorer=proof_scorer(grader=grader, panel=panel, self_grade=self_grade, cache_grades=cache_grades, calibration=calibration),
        metadata={"benchmark": "proofbench", "dataset_version": version, **data_provenance(dataset), "grader": spec.identity()},
    )
