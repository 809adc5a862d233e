"""`imobench report`: the numbers a paper needs, from Inspect logs.

AnswerBench accuracy overall and by category, ProofBench percent of maximum for basic and advanced,
GradingBench agreement statistics; 95% bootstrap intervals clustered by problem (epochs of a problem
are not independent); tokens and cost split between solver and grader; dataset version and whether
the data was the verified pinned file.  Units, groups and the scale a benchmark is reported on come
from its descriptor (`imobench.benchmarks`) and from the scale each score record carries, so a run
graded on another scale is reported on that scale.  The report is typed (`Report`) all the way to
its JSON.

A score is a mean over the *scored* samples, so two runs with different unscored sets are not on the
same problems: every row also gives the range the score could take over all its samples, from every
unscored sample wrong (`range_low`) to every one right (`range_high`).  In markdown, everything that
came from a log (names, labels, warnings) is shown through `imobench.results.markdown.md_text`, so a
hostile log cannot make the report fetch, link or restructure anything.
"""

from __future__ import annotations

import math
from typing import Literal

import pandas as pd
from pydantic import BaseModel

from imobench.benchmarks import ALL, benchmark
from imobench.humans.agreement import HumanReport
from imobench.records import none_if_nan
from imobench.results.logs import scale_from
from imobench.results.markdown import md_text
from imobench.scale import Scale, default_scale
from imobench.stats.agreement import Agreement, Statistic, agreement
from imobench.stats.bootstrap import mean_with_ci
from imobench.stats.intervals import bounded_mean_interval
from imobench.stats.ranges import score_range


class Row(BaseModel):
    benchmark: str
    model: str
    dataset: str
    verified: bool
    group: str
    n: int
    unscored: int
    value: float | None
    ci_low: float | None
    ci_high: float | None
    unit: str
    scale: str | None = None  # identity of the scale the scores are on (ProofBench)
    # how the interval was made: the problem-clustered bootstrap, or Wilson's where every scored
    # sample has the same value (the bootstrap then collapses to a point: 0 of 5 is not "[0, 0]")
    ci_method: Literal["cluster bootstrap", "wilson"] = "cluster bootstrap"
    # the score over all n + unscored samples if every unscored one were wrong ... right (None: no samples)
    range_low: float | None = None
    range_high: float | None = None


class AgreementRow(Agreement):
    """One grader (the model under test of a GradingBench run) on one dataset."""

    model: str
    dataset: str
    verified: bool
    unscored: int
    grader: str | None = None  # the grader spec's identity
    scale: Scale


class Consistency(BaseModel):
    benchmark: str
    model: str
    items: int
    samples_per_item: float
    krippendorff_alpha: float | None
    undefined: str | None
    mean_spread: float
    disagreeing: list[tuple[str, float]]  # (sample id, max - min of its grades), for human review


class ModelMeans(BaseModel):
    grader_mean: float
    human_mean: float


class SystemLevel(BaseModel):
    models: dict[str, ModelMeans]
    pearson: Statistic
    spearman: Statistic


class Usage(BaseModel):
    model: str
    role: str
    input_tokens: int
    output_tokens: int
    cost_usd: float | None


class Report(BaseModel):
    rows: list[Row]
    agreement: list[AgreementRow]
    consistency: list[Consistency] = []
    system_level: SystemLevel | None = None
    usage: list[Usage]
    warnings: list[str]
    human: HumanReport | None = None  # `--human-grades DIR`: agreement with people and human overrides (imobench.humans)



def system_level_from(samples: pd.DataFrame, human: pd.DataFrame) -> SystemLevel:
    """System-level agreement as the paper reports it: per model, the grader's mean ProofBench score
    against the mean of human grades of the same proofs (`human`: columns model, problem_id, points)."""
    from imobench.stats.agreement import system_level

    missing = {"model", "problem_id", "points"} - set(human.columns)
    if missing:
        from imobench.errors import ImobenchError

        raise ImobenchError(f"--human-grades needs columns model, problem_id, points (missing: {', '.join(sorted(missing))})")
    proofs = samples[(samples["benchmark"] == "proofbench") & ~samples["value"].isna()]
    joined = proofs.merge(human.astype({"problem_id": str}), on=["model", "problem_id"])
    per_model = {m: (float(f["value"].mean()), float(f["points"].mean())) for m, f in joined.groupby("model")}
    stats_ = system_level(per_model)
    return SystemLevel(models={m: ModelMeans(grader_mean=g, human_mean=h) for m, (g, h) in per_model.items()}, **stats_)


def _scale_of(frame: pd.DataFrame) -> Scale:
    scales = [scale_from(s) for s in frame["scale"].dropna()] if "scale" in frame else []
    return scales[0] if scales else default_scale()


def build_report(samples: pd.DataFrame, usage: pd.DataFrame, warnings: list[str], n_boot: int = 2000,
                 human_grades: pd.DataFrame | None = None) -> Report:
    rows: list[Row] = []
    agreements: list[AgreementRow] = []
    if not samples.empty:
        keyed = samples.assign(scale_key=samples["scale_id"].fillna("-"))
        for (bench_name, model, dataset, _), frame in keyed.groupby(["benchmark", "model", "dataset", "scale_key"], sort=True):
            verified = bool(frame["data_verified"].all())
            bench = benchmark(bench_name)
            if bench is None:
                continue
            if bench_name == "gradingbench":
                agreements.append(_agreement_row(model, dataset, verified, frame, n_boot))
                continue
            scale = _scale_of(frame) if bench.graded_on_scale else None
            factor = 100.0 / scale.max_points if scale is not None else 100.0
            groups = [(ALL, frame)]
            for key in bench.group_keys:
                groups += [(bench.group_label(key, g), f) for g, f in frame.groupby(key, sort=True) if g is not None]
            if bench_name == "proofbench" and frame["calibrated_value"].notna().any():
                calibrated = frame.assign(value=frame["calibrated_value"].astype(float))
                groups += [(f"{g} (calibrated)", f) for g, f in [(ALL, calibrated)] + list(calibrated.groupby(bench.main_key, sort=True))]
            best = float(scale.max_points) if scale is not None else 1.0  # a right sample's value
            for name, part in groups:
                scored = part[~part["value"].isna()]
                unscored = int(part["value"].isna().sum())
                values = (scored["value"] * factor).tolist()
                mean, lo, hi = mean_with_ci(values, scored["problem_id"].tolist(), n_boot=n_boot)
                method = "cluster bootstrap"
                if values and min(values) == max(values):  # every resample is the same: the bootstrap says nothing
                    (lo, hi), method = bounded_mean_interval(values, best * factor), "wilson"
                low, high = score_range(float(scored["value"].sum()), len(scored), unscored, best)
                rows.append(
                    Row(benchmark=bench_name, model=model, dataset=dataset, verified=verified, group=name, n=len(scored),
                        unscored=unscored, value=none_if_nan(mean), ci_low=none_if_nan(lo),
                        ci_high=none_if_nan(hi), ci_method=method, unit=bench.unit, scale=scale.identity() if scale is not None else None,
                        range_low=None if low is None else low * factor, range_high=None if high is None else high * factor)
                )
    consistency = _consistency(samples) if not samples.empty and "grade_samples" in samples else []
    usage_rows = []
    if not usage.empty:
        for (model, role), frame in usage.groupby(["model", "role"], sort=True):
            cost = frame["cost"].dropna()
            usage_rows.append(Usage(model=model, role=role, input_tokens=int(frame["input_tokens"].sum()),
                                    output_tokens=int(frame["output_tokens"].sum()),
                                    cost_usd=float(cost.sum()) if len(cost) else None))
    system = system_level_from(samples, human_grades) if human_grades is not None and not samples.empty else None
    return Report(rows=rows, agreement=agreements, consistency=consistency, system_level=system, usage=usage_rows, warnings=warnings)


def _consistency(samples: pd.DataFrame) -> list[Consistency]:
    """Grader consistency where proofs were graded k > 1 times."""
    from imobench.stats.consistency import disagreeing_items, krippendorff_alpha_ordinal

    out = []
    multi = samples[samples["grade_samples"].apply(lambda v: isinstance(v, list) and len(v) > 1)]
    for (bench, model), frame in multi.groupby(["benchmark", "model"], sort=True):
        units = {f"{r.sample_id}#{r.epoch}": r.grade_samples for r in frame.itertuples()}
        alpha = krippendorff_alpha_ordinal(list(units.values()))
        spreads = [max(v) - min(v) for v in units.values()]
        out.append(
            Consistency(
                benchmark=bench, model=model, items=len(units), samples_per_item=sum(map(len, units.values())) / len(units),
                krippendorff_alpha=None if math.isnan(alpha) else alpha,
                undefined="all grades equal (no variation to agree on)" if math.isnan(alpha) else None,
                mean_spread=sum(spreads) / len(spreads), disagreeing=disagreeing_items(units),
            )
        )
    return out


def agreement_inputs(frame: pd.DataFrame) -> tuple[list[float], list[float], list[str]]:
    """(grader points, human points on the scale, problem ids) of a GradingBench frame's scored rows:
    the same selection the task's header metric makes."""
    scored = frame[~frame["value"].isna() & frame["human_grade"].notna()]
    return scored["value"].astype(float).tolist(), scored["human_grade"].astype(float).tolist(), scored["problem_id"].tolist()


def _agreement_row(model: str, dataset: str, verified: bool, frame: pd.DataFrame, n_boot: int) -> AgreementRow:
    scale = _scale_of(frame)
    g, h, problems = agreement_inputs(frame)
    result = agreement(g, h, problems, scale, n_boot=n_boot)
    graders = [x for x in frame["grader"].dropna().unique()]
    return AgreementRow(model=model, dataset=dataset, verified=verified, unscored=int(frame["value"].isna().sum()),
                        grader=graders[0] if len(graders) == 1 else None, scale=scale, **dict(result))


def _fmt(v: float | None, digits: int = 1) -> str:
    return "undefined" if v is None else f"{v:.{digits}f}"


def _cost(v: float | None) -> str:
    """A cost litellm could not price (a local model, an unknown name) is no price, not an error."""
    return "no price" if v is None else f"{v:.4f}"


def _shown(s: Statistic) -> str:
    return f"undefined ({s.undefined})" if s.undefined else _fmt(s.value, 3)  # the reason is imobench.stats' own text


def _cell(value: object) -> str:
    return md_text(value, in_table=True)


def _dataset(name: str, verified: bool, in_table: bool = True) -> str:
    return md_text(name, in_table=in_table) + ("" if verified else " (UNVERIFIED)")


def render(report: Report, fmt: str) -> str:
    if fmt == "json":
        return report.model_dump_json(indent=2)
    if fmt == "csv":
        return pd.DataFrame([r.model_dump() for r in report.rows]).to_csv(index=False)
    return render_markdown(report)


def render_markdown(report: Report) -> str:
    """The report as GitHub-flavoured markdown: warnings in one blockquote, closed by a blank line
    before the tables; every text that came from a log through `md_text`."""
    lines = ["# imobench report", ""]
    if report.warnings:
        lines += ["> **Warnings**", ">"] + [f"> - {md_text(w)}" for w in report.warnings] + [""]
    if report.rows:
        lines += ["| benchmark | model | dataset | group | n | unscored | score | 95% CI | if unscored were wrong … right |",
                  "|---|---|---|---|---|---|---|---|---|"]
        for r in report.rows:
            lines.append(f"| {r.benchmark} | {_cell(r.model)} | {_dataset(r.dataset, r.verified)} | {_cell(r.group)} | {r.n} | "
                         f"{r.unscored} | {_fmt(r.value)} {r.unit} | [{_fmt(r.ci_low)}, {_fmt(r.ci_high)}]{' Wilson' if r.ci_method == 'wilson' else ''} | "
                         f"{_fmt(r.range_low)} … {_fmt(r.range_high)} |")
        if any(r.ci_method == "wilson" for r in report.rows):
            lines += ["", "Intervals are 95% bootstrap intervals clustered by problem; those marked Wilson are Wilson score "
                          "intervals, given where every scored sample has the same value (the bootstrap collapses to a point there)."]
    for a in report.agreement:
        scale = ", ".join(f"{lv.label} {lv.points}" for lv in reversed(a.scale.level))
        lines += ["", f"## GradingBench: grader {md_text(a.model)} on {_dataset(a.dataset, a.verified, in_table=False)} "
                  f"(n={a.n}, unscored {a.unscored}; scale {md_text(scale)})", "",
                  "| statistic | value | 95% CI |", "|---|---|---|"]
        for s in [*a.statistics.values(), a.over_grading_rate, a.under_grading_rate]:
            lines.append(f"| {s.name} | {_shown(s)} | [{_fmt(s.ci_low, 3)}, {_fmt(s.ci_high, 3)}] |")
    if report.system_level is not None:
        sl = report.system_level
        shown = {k: s.value if s.value is not None else f"undefined ({s.undefined})"
                 for k, s in (("pearson", sl.pearson), ("spearman", sl.spearman))}
        lines += ["", f"## System-level agreement over {len(sl.models)} models: Pearson {shown['pearson']}, Spearman {shown['spearman']}"]
    for c in report.consistency:
        alpha = f"{c.krippendorff_alpha:.3f}" if c.krippendorff_alpha is not None else f"undefined ({c.undefined})"
        lines += ["", f"## Grader consistency, {c.benchmark} {md_text(c.model)}: {c.items} items x {c.samples_per_item:.1f} grades",
                  f"Krippendorff's alpha (ordinal) {alpha}; mean spread {c.mean_spread:.2f} points; "
                  f"{len(c.disagreeing)} item(s) for human review: " + ", ".join(f"{md_text(i)} ({s:g})" for i, s in c.disagreeing[:20])]
    if report.human is not None:
        from imobench.humans.markdown import render_human

        lines += render_human(report.human)
    if report.usage:
        lines += ["", "| model | role | input tokens | output tokens | cost (USD) |", "|---|---|---|---|---|"]
        for u in report.usage:
            lines.append(f"| {_cell(u.model)} | {_cell(u.role)} | {u.input_tokens} | {u.output_tokens} | {_cost(u.cost_usd)} |")
    return "\n".join(lines) + "\n"
