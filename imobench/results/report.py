"""`imobench report`: the numbers a paper needs, from Inspect logs.

AnswerBench accuracy overall and by category, ProofBench percent of maximum for basic and advanced,
GradingBench agreement statistics; 95% bootstrap intervals clustered by problem (epochs of a problem
are not independent); tokens and cost split between solver and grader; dataset version and whether
the data was the verified pinned file.
"""

from __future__ import annotations

import json
import math

import pandas as pd
from pydantic import BaseModel

from imobench.data.models import REWARD_POINTS
from imobench.stats.agreement import agreement
from imobench.stats.bootstrap import mean_with_ci


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


class Report(BaseModel):
    rows: list[Row]
    agreement: list[dict]
    usage: list[dict]
    warnings: list[str]


def _nan_none(x: float) -> float | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)


def build_report(samples: pd.DataFrame, usage: pd.DataFrame, warnings: list[str], n_boot: int = 2000) -> Report:
    rows: list[Row] = []
    agreements: list[dict] = []
    if not samples.empty:
        for (bench, model, dataset), frame in samples.groupby(["benchmark", "model", "dataset"], sort=True):
            verified = bool(frame["data_verified"].all())
            if bench == "gradingbench":
                agreements.append(_agreement_row(model, dataset, verified, frame, n_boot))
                continue
            scale, unit = (100.0, "% correct") if bench == "answerbench" else (100.0 / 7.0, "% of max")
            key = "category" if bench == "answerbench" else "level"
            groups = [("all", frame)] + [(str(g), f) for g, f in frame.groupby(key, sort=True) if g is not None]
            if bench == "proofbench":
                groups += [(f"category: {g}", f) for g, f in frame.groupby("category", sort=True)]
            if bench == "proofbench" and frame["calibrated_value"].notna().any():
                calibrated = frame.assign(value=frame["calibrated_value"].astype(float))
                groups += [(f"{g} (calibrated)", f) for g, f in [("all", calibrated)] + list(calibrated.groupby("level", sort=True))]
            for name, part in groups:
                scored = part[~part["value"].isna()]
                mean, lo, hi = mean_with_ci((scored["value"] * scale).tolist(), scored["problem_id"].tolist(), n_boot=n_boot)
                rows.append(
                    Row(benchmark=bench, model=model, dataset=dataset, verified=verified, group=name, n=len(scored),
                        unscored=int(part["value"].isna().sum()), value=_nan_none(mean), ci_low=_nan_none(lo),
                        ci_high=_nan_none(hi), unit=unit)
                )
    usage_rows = []
    if not usage.empty:
        for (model, role), frame in usage.groupby(["model", "role"], sort=True):
            cost = frame["cost"].dropna()
            usage_rows.append({"model": model, "role": role, "input_tokens": int(frame["input_tokens"].sum()),
                               "output_tokens": int(frame["output_tokens"].sum()),
                               "cost_usd": float(cost.sum()) if len(cost) else None})
    return Report(rows=rows, agreement=agreements, usage=usage_rows, warnings=warnings)


def _agreement_row(model: str, dataset: str, verified: bool, frame: pd.DataFrame, n_boot: int) -> dict:
    scored = frame[~frame["value"].isna()]
    result = agreement(
        scored["value"].tolist(),
        [REWARD_POINTS[r] if p is None else p for r, p in zip(scored["human_reward"], scored["human_points"], strict=True)],
        scored["grader_label"].tolist(),
        scored["human_reward"].tolist(),
        scored["problem_id"].tolist(),
        n_boot=n_boot,
    )
    return {"model": model, "dataset": dataset, "verified": verified, "unscored": int(frame["value"].isna().sum()),
            **json.loads(result.model_dump_json())}


def _fmt(v: float | None, digits: int = 1) -> str:
    return "undefined" if v is None else f"{v:.{digits}f}"


def render(report: Report, fmt: str) -> str:
    if fmt == "json":
        return report.model_dump_json(indent=2)
    if fmt == "csv":
        return pd.DataFrame([r.model_dump() for r in report.rows]).to_csv(index=False)
    lines = ["# imobench report", ""]
    for w in report.warnings:
        lines.append(f"> warning: {w}")
    if report.rows:
        lines += ["| benchmark | model | dataset | group | n | unscored | score | 95% CI |", "|---|---|---|---|---|---|---|---|"]
        for r in report.rows:
            ds = r.dataset + ("" if r.verified else " (UNVERIFIED)")
            lines.append(f"| {r.benchmark} | {r.model} | {ds} | {r.group} | {r.n} | {r.unscored} | {_fmt(r.value)} {r.unit} | [{_fmt(r.ci_low)}, {_fmt(r.ci_high)}] |")
    for a in report.agreement:
        ds = a["dataset"] + ("" if a["verified"] else " (UNVERIFIED)")
        lines += ["", f"## GradingBench: grader {a['model']} on {ds} (n={a['n']}, unscored {a['unscored']})", "",
                  "| statistic | value | 95% CI |", "|---|---|---|"]
        for name, s in a["statistics"].items():
            shown = s["undefined"] and f"undefined ({s['undefined']})" or _fmt(s["value"], 3)
            lines.append(f"| {name} | {shown} | [{_fmt(s['ci_low'], 3)}, {_fmt(s['ci_high'], 3)}] |")
        for key in ("over_grading_rate", "under_grading_rate"):
            s = a[key]
            lines.append(f"| {key} | {s['undefined'] and 'undefined (' + s['undefined'] + ')' or _fmt(s['value'], 3)} | [{_fmt(s['ci_low'], 3)}, {_fmt(s['ci_high'], 3)}] |")
    if report.usage:
        lines += ["", "| model | role | input tokens | output tokens | cost (USD) |", "|---|---|---|---|---|"]
        for u in report.usage:
            lines.append(f"| {u['model']} | {u['role']} | {u['input_tokens']} | {u['output_tokens']} | {_fmt(u['cost_usd'], 4)} |")
    return "\n".join(lines) + "\n"
