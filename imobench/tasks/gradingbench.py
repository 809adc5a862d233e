"""`inspect eval imobench/gradingbench --model <grader>`: how well a *grader* model grades proofs.

Each GradingBench record (a model proof with a human grade) is shown to the model under test with
the rubric prompt (default: the ProofBench grader) or the paper's vanilla baseline (or any grader
spec, `-T grader=NAME|PATH`, whose scale it is then graded on); its grade is compared with the human
label placed on that scale.  `-T data=PATH` takes any GradingBench-shaped CSV (or a folder of them),
e.g. the 300-row subset, which is reported as unverified.  The header metric is the stats core's
`point_estimates`, the same function `imobench report` bootstraps.
"""

from __future__ import annotations

from typing import Literal

from inspect_ai import Task, task
from inspect_ai.dataset import MemoryDataset, Sample
from inspect_ai.scorer import Score, Scorer, Target, scorer
from inspect_ai.solver import TaskState, generate

from imobench.data import load
from imobench.data.models import Reward
from imobench.errors import ImobenchError
from imobench.grading.proofs import parse_reply, proof_prompt
from imobench.grading.specs import GraderSpec, load_grader
from imobench.records import REPLY_CHARS, GradingScore, Unscored
from imobench.scale import Scale
from imobench.tasks.metrics import coverage, grading_agreement
from imobench.tasks.provenance import run_header, sample_provenance
from imobench.tasks.scores import to_score

TASK_VERSION = 1  # bumped whenever scoring changes; see the README's "Task versions"
PROMPTS = {"rubric": "default", "vanilla": "vanilla"}  # -T prompt -> grader spec


def _spec(prompt: str, grader: str | None) -> tuple[GraderSpec, Scale]:
    """The grader spec behind `-T grader` (a name or a path), else `-T prompt`, and its scale,
    checked to place every human label."""
    if grader is None and prompt not in PROMPTS:
        raise ImobenchError(f"-T prompt={prompt}: use rubric or vanilla (or -T grader=NAME)")
    spec = load_grader(grader or PROMPTS[prompt])
    scale = spec.load_scale()
    missing = [label for label in Reward.__args__ if scale.human_grade(label) is None]  # type: ignore[attr-defined]
    if missing:
        raise ImobenchError(f"grader spec {spec.name}: its scale ({spec.scale}) has no [human_labels] entry for "
                            f"{', '.join(missing)}; GradingBench needs one for each of {', '.join(Reward.__args__)}")  # type: ignore[attr-defined]
    return spec, scale


def gradingbench_dataset(prompt: str, data: str | None, grader: str | None = None) -> MemoryDataset:
    spec, scale = _spec(prompt, grader)
    ds = load("gradingbench", path=data)
    samples = [
        Sample(
            id=row.grading_id,
            input=proof_prompt(spec, row.problem, row.solution, row.grading_guidelines, row.response, scale),
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


@scorer(metrics=[grading_agreement(), coverage("gradingbench")])
def grade_vs_human(prompt: Literal["rubric", "vanilla"] = "rubric", grader: str | None = None) -> Scorer:
    spec, scale = _spec(prompt, grader)
    identity = spec.identity()

    async def score(state: TaskState, target: Target) -> Score:
        reply = state.output.completion
        # the prompt holds the (escaped) candidate proof: a tag quoted from it is not the grader's verdict
        parsed = parse_reply(spec, scale, reply, proof=state.input_text)
        record = GradingScore(
            problem_id=state.metadata["problem_id"], human_reward=target.text, human_points=state.metadata.get("human_points"),
            human_grade=scale.human_grade(target.text), grader=identity, scale=scale,
            grader_points=parsed.points, grader_label=parsed.label,
            unscored=None if parsed.points is not None else Unscored(code=parsed.code or "grader_reply", reason=parsed.error or ""),
        )
        return to_score("gradingbench", record, parsed.points, answer=parsed.label, explanation=reply[-REPLY_CHARS:])

    return score


@task
def gradingbench(prompt: Literal["rubric", "vanilla"] = "rubric", grader: str | None = None, data: str | None = None) -> Task:
    """IMO-GradingBench: the model under test grades human-graded proofs."""
    spec, scale = _spec(prompt, grader)
    dataset = gradingbench_dataset(prompt, data, grader)
    return Task(
        dataset=dataset,
        solver=generate(),
        scorer=grade_vs_human(prompt, grader),
        metadata=run_header("gradingbench", None, dataset, grader=spec.identity(), prompt=prompt, scale=scale),
        version=TASK_VERSION,
    )
