"""Grading one proof with a grader spec: prompt, k samples per grader, a panel of graders, parsing.

Every grade carries the grader's identity (spec name, prompt version and settings hash) and model,
so a log scored by one grader is never mistaken for another's.  A reply that cannot be parsed is
recorded with its error and excluded; if no sample parses, the proof is unscored.
"""

from __future__ import annotations

from inspect_ai.model import CachePolicy, GenerateConfig, Model

from imobench.data.guidelines import GuidelineParseError, parse_guidelines, render_guidelines
from imobench.grading.prompts import escape_untrusted, render, scale, scale_text
from imobench.grading.replies import aggregate, parse_label, parse_points
from imobench.grading.specs import GraderSpec


def proof_prompt(spec: GraderSpec, problem: str, solution: str, guidelines: str, proof: str) -> str:
    try:
        structured = render_guidelines(parse_guidelines(guidelines))
    except GuidelineParseError:
        structured = guidelines
    # every value is offered; a template uses those it names (the vanilla one only problem and proof)
    return render(
        spec.prompt,
        problem=problem.strip(),
        solution=solution.strip(),
        guidelines=structured,
        proof=escape_untrusted(proof.strip()),
        scale=scale_text(scale(spec.scale)),
    )


def parse_reply(spec: GraderSpec, reply: str):
    """A grader reply read the way the spec says its grader answers."""
    if spec.reply == "label":
        s = scale(spec.scale)
        return parse_label(reply, {lv.label: lv.points for lv in s.level})
    return parse_points(reply)


def grader_cache(identity: str, sample: int, enabled: bool) -> CachePolicy | bool:
    """Cache policy for a grading call: keyed by the grader's identity (spec, prompt version and
    settings hash) and the sample number, so a changed grader never reuses another's grades."""
    if not enabled:
        return False
    return CachePolicy(expiry="4W", per_epoch=True, scopes={"grader": identity, "sample": str(sample)})


async def grade_proof(
    spec: GraderSpec, models: list[Model], panel: str, problem: str, solution: str, guidelines: str, proof: str,
    cache: bool = False,
) -> dict:
    """Grade with every model of the panel, `spec.samples` times each; aggregate within a model by
    `spec.aggregation` and across the panel by `panel` (min or median)."""
    prompt = proof_prompt(spec, problem, solution, guidelines, proof)
    identity = spec.identity()
    per_model: list[float] = []
    samples: list[dict] = []
    config = GenerateConfig(temperature=spec.temperature) if spec.temperature is not None else GenerateConfig()
    for model in models:
        got: list[int] = []
        for k in range(spec.samples):
            out = await model.generate(prompt, config=config, cache=grader_cache(identity, k, cache))
            reply = out.completion
            parsed = parse_reply(spec, reply)
            samples.append({"model": str(model), "sample": k, "points": parsed.points, "error": parsed.error, "reply": reply[-3000:]})
            if parsed.points is not None:
                got.append(parsed.points)
        if got:
            per_model.append(aggregate(got, spec.aggregation))
    points = aggregate(per_model, panel) if per_model else None
    return {
        "points": points,
        "grader": identity,
        "grader_models": [str(m) for m in models],
        "samples": samples,
        "unparsed": sum(1 for x in samples if x["points"] is None),
    }
