"""Grading one proof with a grader spec, as pure functions: the prompt, the replies read on the spec's
scale, k samples per grader and a panel of graders aggregated into one `ProofGrade`.

The task gathers the model calls (`imobench.tasks.grader_calls`) and hands the replies here; every
grade carries the grader's identity (spec, prompt version, settings, scale) and models, so a log
scored by one grader is never mistaken for another's.  A reply that cannot be parsed is recorded
with its error and excluded; if no sample parses, the proof is unscored.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel

from imobench.data.guidelines import GuidelineParseError, parse_guidelines, render_guidelines
from imobench.grading.prompts import escape_untrusted, render
from imobench.grading.replies import ParsedGrade, aggregate, parse_label, parse_points
from imobench.grading.specs import GraderSpec
from imobench.records import REPLY_CHARS, GradeSample, ProofGrade, Unscored
from imobench.scale import Scale

CACHE_EXPIRY = "4W"
GUIDELINE_LABELS = ("Almost", "Partial", "Incorrect")  # the levels ProofBench's grading guidelines name  # how long a cached grade may be reused (with the same grader identity)


class GraderReply(BaseModel):
    """What one grading call returned: the model, which of its k samples, the reply text."""

    model: str
    sample: int
    text: str


def proof_prompt(spec: GraderSpec, problem: str, solution: str, guidelines: str, proof: str, scale: Scale | None = None) -> str:
    try:
        structured = render_guidelines(parse_guidelines(guidelines))
    except GuidelineParseError:
        structured = guidelines
    s = scale or spec.load_scale()
    # every value is offered; a template uses those it names (the vanilla one only problem and proof)
    return render(
        spec.prompt,
        problem=problem.strip(),
        solution=solution.strip(),
        guidelines=structured,
        proof=escape_untrusted(proof.strip()),
        scale=s.prompt_text(),
        max_points=str(s.max_points),
        allowed_points=s.describe_points(),
        labels=s.describe_labels(),
        **{f"{label.lower()}_points": _guideline_points(s, label) for label in GUIDELINE_LABELS},
    )


def _guideline_points(scale: Scale, label: str) -> str:
    """The grade a guideline item labelled `label` earns on `scale` (through its [human_labels])."""
    points = scale.human_grade(label)
    return f"the {label} grade" if points is None else str(points)


def parse_reply(spec: GraderSpec, scale: Scale, reply: str, proof: str = "") -> ParsedGrade:
    """A grader reply read the way the spec says its grader answers, on its scale."""
    if spec.reply == "label":
        return parse_label(reply, scale)
    return parse_points(reply, scale, proof=proof)


def cache_scopes(identity: str, sample: int) -> dict[str, str]:
    """What a cached grade is keyed by beside the prompt: the grader's identity and the sample number,
    so a changed grader never reuses another's grades and k samples stay k."""
    return {"grader": identity, "sample": str(sample)}


def grade_from_replies(spec: GraderSpec, scale: Scale, panel: str, replies: Sequence[GraderReply], proof: str,
                       models: Sequence[str]) -> ProofGrade:
    """Aggregate within a model by `spec.aggregation` and across the panel by `panel` (min or median)."""
    samples: list[GradeSample] = []
    per_model: dict[str, list[int]] = {m: [] for m in models}
    codes: list[str | None] = []
    for r in replies:
        parsed = parse_reply(spec, scale, r.text, proof)
        codes.append(parsed.code)
        samples.append(GradeSample(model=r.model, sample=r.sample, points=parsed.points, error=parsed.error, reply=r.text[-REPLY_CHARS:]))
        if parsed.points is not None:
            per_model.setdefault(r.model, []).append(parsed.points)
    graded = [aggregate(got, spec.aggregation) for got in per_model.values() if got]
    points = aggregate(graded, panel) if graded else None
    unparsed = sum(1 for s in samples if s.points is None)
    unscored = None
    if points is None:
        errors = [s.error for s in samples if s.error]
        unscored = Unscored(code="grader_conflict" if "grader_conflict" in codes else "grader_reply",
                            reason=f"no grader reply could be parsed ({errors[-1] if errors else 'no reply'})")
    return ProofGrade(grader=spec.identity(), grader_models=list(models), scale=scale, samples=samples, unparsed=unparsed,
                      points=points, unscored=unscored)


def no_grader(spec: GraderSpec, scale: Scale) -> ProofGrade:
    return ProofGrade(grader=spec.identity(), scale=scale,
                      unscored=Unscored(code="no_grader", reason="no grader model role is bound (--model-role grader=...)"))


def flag(grade: ProofGrade, final_answer_verdict: str | None) -> str | None:
    """A passing grade for a proof whose final answer the checker found wrong is worth a look."""
    if grade.points is not None and grade.points >= grade.scale.pass_points and final_answer_verdict == "incorrect":
        return f"graded {grade.points:g} (a pass on this scale) but the final answer is wrong"
    return None
