"""pydantic models of one row of each benchmark file.

The models hold the upstream cell values exactly as written (no stripping), so that a raw version
really is the raw file; structural defects (an unknown category, an unbalanced `$`) are reported by
`imobench.data.validate`, not rejected here, because the raw files contain some.  Types are enforced
where the data has a type: GradingBench `Points` is an integer 0-7 and `Reward` one of four labels.

GradingBench `Reward` is the ground-truth label.  Observed in the 300 available rows (the verbatim
subset in `partial/`): Points 7 <-> Correct, 6 <-> Almost, 1 <-> Partial, 0 <-> Incorrect, without
exception (105/17/73/105 rows).  That subset was filtered to Points in {0, 1, 6, 7}, so rows with
2-5 points are not observed; the full file is expected to hold them (Partial up to Almost), and
there `Reward` decides, not a threshold of ours.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field

from imobench.data.guidelines import GuidelineItem, parse_guidelines

# The dataset's own label vocabulary (the file's schema, whatever scale grades are compared on):
# where each label lands on a proof scale is that scale's `[human_labels]` (see imobench.scale).
Reward = Literal["Correct", "Almost", "Partial", "Incorrect"]


class BenchmarkRow(BaseModel):
    model_config = ConfigDict(frozen=True, populate_by_name=True, extra="forbid")

    id_field: ClassVar[str] = "problem_id"

    @property
    def row_id(self) -> str:
        return getattr(self, self.id_field)


class AnswerBenchProblem(BenchmarkRow):
    """A short-answer problem."""

    problem_id: str = Field(alias="Problem ID")
    problem: str = Field(alias="Problem")
    short_answer: str = Field(alias="Short Answer")
    category: str = Field(alias="Category")
    subcategory: str = Field(alias="Subcategory")
    source: str = Field(alias="Source")


class ProofBenchProblem(BenchmarkRow):
    """A proof problem with its reference solution and grading guidelines."""

    problem_id: str = Field(alias="Problem ID")
    problem: str = Field(alias="Problem")
    solution: str = Field(alias="Solution")
    grading_guidelines: str = Field(alias="Grading guidelines")
    category: str = Field(alias="Category")
    level: str = Field(alias="Level")
    short_answer: str = Field(alias="Short Answer")
    source: str = Field(alias="Source")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def guidelines(self) -> list[GuidelineItem]:
        """The guidelines as structured (Incorrect)/(Partial)/(Almost) items."""
        return parse_guidelines(self.grading_guidelines)

    @property
    def benchmark_level(self) -> str:
        """ProofBench's split: PB-Basic-* problems are `basic`, PB-Advanced-* are `advanced`."""
        return "advanced" if "Advanced" in self.problem_id else "basic"


class LeanProofBenchProblem(ProofBenchProblem):
    """A ProofBench problem with its Lean 4 statement."""

    lean_statement: str = Field(alias="Lean Statement")


class GradingBenchRecord(BenchmarkRow):
    """One model proof with its human grade."""

    id_field: ClassVar[str] = "grading_id"

    grading_id: str = Field(alias="Grading ID")
    problem_id: str = Field(alias="Problem ID")
    problem: str = Field(alias="Problem")
    solution: str = Field(alias="Solution")
    grading_guidelines: str = Field(alias="Grading guidelines")
    response: str = Field(alias="Response")
    points: int = Field(alias="Points", ge=0, le=7)
    reward: Reward = Field(alias="Reward")
    problem_source: str = Field(alias="Problem Source")


ROW_MODELS: dict[str, type[BenchmarkRow]] = {
    "answerbench": AnswerBenchProblem,
    "proofbench": ProofBenchProblem,
    "leanproofbench": LeanProofBenchProblem,
    "gradingbench": GradingBenchRecord,
}


def columns_of(model: type[BenchmarkRow]) -> list[str]:
    """The CSV header a row model reads, in declaration order."""
    return [f.alias or name for name, f in model.model_fields.items()]
