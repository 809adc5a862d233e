"""Leaderboard rows from log headers alone.

The tasks compute their headline numbers at eval time (`rate_ci`, `percent_of_max_ci`: the mean, a
95% interval and n, overall and per category or level) and Inspect keeps them in the log header, so a
leaderboard over a hundred logs reads no sample.  Those intervals are Wilson (AnswerBench) and t
(ProofBench) intervals over samples; `imobench report` recomputes from samples with intervals
clustered by problem and adds calibrated ProofBench scores.  The means are the same.

When several logs hold the same model, benchmark and dataset, the leaderboard shows one: a
successful run before an unfinished one, then the one with more scored samples (a full run before a
`--limit` slice), then the newest; `runs` says how many there were.
"""

from __future__ import annotations

import math

from inspect_ai.log import EvalLog
from pydantic import BaseModel

from imobench.results.logs import benchmark_of, dataset_of

# benchmark -> (metric prefix in the header, factor to percent, unit)
_HEADLINE = {"answerbench": ("accuracy", 100.0, "% correct"), "proofbench": ("percent", 1.0, "% of max")}


class Entry(BaseModel):
    benchmark: str
    model: str
    dataset: str
    verified: bool | None  # None: a log written before the header recorded it
    group: str
    value: float | None
    ci_low: float | None
    ci_high: float | None
    n: int
    unscored: int
    unit: str
    cost_usd: float | None
    log: str
    status: str
    runs: int


def _num(metrics: dict, name: str) -> float | None:
    m = metrics.get(name)
    if m is None or m.value is None or math.isnan(float(m.value)):
        return None
    return float(m.value)


def _cost(log: EvalLog) -> float | None:
    costs = [u.total_cost for u in (log.stats.model_usage or {}).values() if u.total_cost is not None]
    return float(sum(costs)) if costs else None


def _scored(log: EvalLog) -> int:
    scores = log.results.scores if log.results else []
    return scores[0].scored_samples or 0 if scores else 0


def _preference(log: EvalLog) -> tuple:
    return (log.status == "success", _scored(log), log.eval.created)


def log_entries(log: EvalLog, runs: int = 1) -> list[Entry]:
    """The headline rows of one log (overall and each group), or none for a benchmark without one."""
    bench = benchmark_of(log)
    if bench not in _HEADLINE or not log.results or not log.results.scores:
        return []
    prefix, factor, unit = _HEADLINE[bench]
    score = log.results.scores[0]
    metrics = score.metrics
    common = {"benchmark": bench, "model": log.eval.model, "dataset": dataset_of(log),
              "verified": (log.eval.metadata or {}).get("data_verified"), "unscored": score.unscored_samples or 0,
              "unit": unit, "cost_usd": _cost(log), "log": log.location, "status": log.status, "runs": runs}

    def percent(name: str) -> float | None:
        v = _num(metrics, name)
        return None if v is None else v * factor

    rows = [
        Entry(**common, group="all" if name == prefix else name[len(prefix) + 1 : -1], value=percent(name),
              ci_low=percent(f"{name}_ci_low"), ci_high=percent(f"{name}_ci_high"), n=int(_num(metrics, f"{name}_n") or 0))
        for name in metrics
        if name == prefix or (name.startswith(prefix + "[") and name.endswith("]"))
    ]
    # nothing scored: still one row, so the run is visible with its unscored count
    return rows or [Entry(**common, group="all", value=None, ci_low=None, ci_high=None, n=0)]


def leaderboard(headers: list[EvalLog]) -> list[Entry]:
    """One chosen log per (benchmark, model, dataset), expanded into its headline rows."""
    chosen: dict[tuple[str, str, str], list[EvalLog]] = {}
    for log in headers:
        chosen.setdefault((benchmark_of(log), log.eval.model, dataset_of(log)), []).append(log)
    rows: list[Entry] = []
    for key in sorted(chosen):
        logs = chosen[key]
        rows += log_entries(max(logs, key=_preference), runs=len(logs))
    return rows


def grader_rows(headers: list[EvalLog]) -> list[dict]:
    """GradingBench headline statistics per log, as the task computed them (no intervals: those need
    the samples, see the Graders page and `imobench report`)."""
    rows = []
    for log in headers:
        if benchmark_of(log) != "gradingbench" or not log.results or not log.results.scores:
            continue
        score = log.results.scores[0]
        stats = {k: _num(score.metrics, k) for k in score.metrics if not k.startswith("cm_")}
        rows.append({"grader": log.eval.model, "dataset": dataset_of(log), "verified": (log.eval.metadata or {}).get("data_verified"),
                     "unscored": score.unscored_samples or 0, **stats, "log": log.location})
    return rows
