"""`inspect eval imobench/gradingbench --model <grader>`: how well a *grader* model grades proofs.

Each GradingBench record (a model proof with a human grade) is shown to the model under test with
the rubric prompt (default: the ProofBench grader) or the paper's vanilla baseline; its grade is
compared with the human `Reward`.  `-T data=PATH` takes any GradingBench-shaped CSV (or a folder of
them), e.g. the 300-row subset, which is reported as unverified.
"""

from __future__ import annotations

import math
from typing import Literal

from inspect_ai import Task, task
from inspect_ai.dataset import MemoryDataset, Sample
from inspect_ai.scorer import Metric, SampleScore, Score, Scorer, Target, Value, metric, scorer
from inspect_ai.solver import TaskState, generate
from scipy import stats

from imobench.data import REWARD_POINTS, load
from imobench.grading.prompts import scale
from imobench.grading.specs import load_grader
from imobench.tasks.proofs import parse_reply, proof_prompt
from imobench.tasks.provenance import data_provenance, sample_provenance

LABELS = ("Correct", "Almost", "Partial", "Incorrect")


def _spec(prompt: str):
    """The grader spec behind `-T prompt`: the ProofBench grader (rubric) or the paper's baseline."""
    return load_grader("vanilla" if prompt == "vanilla" else "default")


def gradingbench_dataset(prompt: str, data: str | None) -> MemoryDataset:
    spec = _spec(prompt)
    ds = load("gradingbench", path=data)
    samples = [
        Sample(
            id=row.grading_id,
            input=proof_prompt(spec, row.problem, row.solution, row.grading_guidelines, row.response),
            target=row.reward,
            metadata={
                "problem_id": row.problem_id,
                "human_points": row.points,
                "human_reward": row.reward,
                "source": row.problem_source,
                **sample_provenance(ds),
            },
        )
        for row in ds.rows
    ]
    return MemoryDataset(samples=samples, name=f"imobench-{ds.key}{'' if ds.verified else '-unverified'}")


def _pairs(scores: list[SampleScore]) -> list[tuple[float, float, str, str]]:
    out = []
    for s in scores:
        v = s.score.value
        if not isinstance(v, (int, float)) or math.isnan(float(v)):
            continue
        md = s.score.metadata or {}
        out.append((float(v), float(REWARD_POINTS[md["human_reward"]]), md["grader_label"], md["human_reward"]))
    return out


def _corr(fn, x: list[float], y: list[float]) -> float:
    if len(x) < 2 or len(set(x)) < 2 or len(set(y)) < 2:
        return math.nan  # undefined for a constant grader or constant labels
    return float(fn(x, y)[0])


@metric
def grading_agreement() -> Metric:
    """4-class and binarised accuracy, MAE on 7/6/1/0, Pearson, Spearman, Kendall tau, over-grading
    rate (human <= 1, grader >= 6) and the confusion matrix (cm_<human>_<grader> counts)."""

    def compute(scores: list[SampleScore]) -> Value:
        pairs = _pairs(scores)
        n = len(pairs)
        if n == 0:
            return {"n": 0}
        g = [p[0] for p in pairs]
        h = [p[1] for p in pairs]
        low_human = [p for p in pairs if p[1] <= 1]
        out: dict[str, float] = {
            "n": n,
            "accuracy": sum(p[2] == p[3] for p in pairs) / n,
            "binary_accuracy": sum((p[0] >= 6) == (p[1] >= 6) for p in pairs) / n,
            "mae": sum(abs(a - b) for a, b in zip(g, h, strict=True)) / n,
            "pearson": _corr(stats.pearsonr, g, h),
            "spearman": _corr(stats.spearmanr, g, h),
            "kendall_tau": _corr(stats.kendalltau, g, h),
            "over_grading_rate": (sum(p[0] >= 6 for p in low_human) / len(low_human)) if low_human else math.nan,
        }
        for human in LABELS:
            for graded in LABELS:
                out[f"cm_{human}_{graded}"] = sum(1 for p in pairs if p[3] == human and p[2] == graded)
        return out

    return compute


@scorer(metrics=[grading_agreement()])
def grade_vs_human(prompt: Literal["rubric", "vanilla"] = "rubric") -> Scorer:
    spec = _spec(prompt)
    s = scale(spec.scale)

    async def score(state: TaskState, target: Target) -> Score:
        reply = state.output.completion
        parsed = parse_reply(spec, reply)
        meta = {"human_reward": target.text, "human_points": state.metadata["human_points"], "problem_id": state.metadata["problem_id"]}
        if parsed.points is None:
            return Score.unscored(explanation=parsed.error, metadata=meta)
        meta["grader_label"] = parsed.label or s.label_of(parsed.points)
        return Score(value=parsed.points, answer=meta["grader_label"], explanation=reply[-2000:], metadata=meta)

    return score


@task
def gradingbench(prompt: Literal["rubric", "vanilla"] = "rubric", data: str | None = None) -> Task:
    """IMO-GradingBench: the model under test grades human-graded proofs."""
    if prompt not in ("rubric", "vanilla"):
        from imobench.errors import ImobenchError

        raise ImobenchError(f"-T prompt={prompt}: use rubric or vanilla")
    dataset = gradingbench_dataset(prompt, data)
    return Task(
        dataset=dataset,
        solver=generate(),
        scorer=grade_vs_human(prompt),
        metadata={"benchmark": "gradingbench", "prompt": prompt, **data_provenance(dataset)},
    )
