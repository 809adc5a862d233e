"""Leaderboard rows from log headers alone.

The tasks compute their headline numbers at eval time (`imobench.tasks.metrics.headline`: the mean,
a Wilson 95% interval and n, overall and per group) and Inspect keeps them in the log header, so a
leaderboard over a hundred logs reads no sample.  Which metric is the headline, its unit and its
groups come from the benchmark's descriptor (`imobench.benchmarks`), and names are parsed by the
same module that formats them.  `imobench report` recomputes from samples with intervals clustered
by problem and adds calibrated ProofBench scores.  The means are the same.

When several logs hold the same model, benchmark and dataset, the leaderboard shows the one that
`imobench.results.runs` chooses (the rule `imobench report`, `compare` and the dashboard's pages use
too: a successful run before an unfinished one, then more scored samples, then the newest); `runs`
says how many there were.  A header without provenance is shown unverified.
"""

from __future__ import annotations

from inspect_ai.log import EvalLog, EvalScore
from pydantic import BaseModel

from imobench.benchmarks import ALL, UNSCORED, benchmark, metric_name, parse_metric_name
from imobench.results.headers import benchmark_of, dataset_of, first_score, header_verified, metric_value
from imobench.results.runs import chosen_run, runs_by_key


class Entry(BaseModel):
    benchmark: str
    model: str
    dataset: str
    verified: bool  # False also when the header does not say (missing provenance is unverified)
    group: str
    key: str | None = None  # the sample metadata the group is of (None for "all")
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


def _cost(log: EvalLog) -> float | None:
    costs = [u.total_cost for u in (log.stats.model_usage or {}).values() if u.total_cost is not None]
    return float(sum(costs)) if costs else None


def unscored_of(score: EvalScore) -> int:
    """The `unscored` metric; for logs written before it existed, Inspect's own count."""
    counted = metric_value(score.metrics, UNSCORED)
    return int(counted) if counted is not None else int(score.unscored_samples or 0)


def unscored_reason_of(score: EvalScore) -> str | None:
    """The most common reason code of the unscored samples, as the metric names it."""
    for name in score.metrics:
        found = parse_metric_name(UNSCORED, name)
        if found is not None and found[0] != ALL and found[1] is None:
            return found[0]
    return None


def log_entries(log: EvalLog, runs: int = 1) -> list[Entry]:
    """The headline rows of one log (overall and each group), or none for a benchmark without one."""
    bench = benchmark(benchmark_of(log))
    score = first_score(log)
    if bench is None or bench.headline is None or score is None:
        return []
    metrics = score.metrics
    factor = 1.0 if bench.graded_on_scale else 100.0  # the header holds percent, or a share
    common = {"benchmark": bench.name, "model": log.eval.model, "dataset": dataset_of(log),
              "verified": header_verified(log), "unscored": unscored_of(score),
              "unit": bench.unit, "cost_usd": _cost(log), "log": log.location, "status": log.status, "runs": runs}

    def percent(name: str) -> float | None:
        v = metric_value(metrics, name)
        return None if v is None else v * factor

    rows = []
    for name in metrics:
        parsed = parse_metric_name(bench.headline, name)
        if parsed is None or parsed[1] is not None:
            continue
        group = parsed[0]
        key = None if group == ALL else (group.split(": ", 1)[0] if ": " in group else bench.main_key)
        rows.append(Entry(**common, group=group, key=key, value=percent(name),
                          ci_low=percent(metric_name(bench.headline, group, "ci_low")),
                          ci_high=percent(metric_name(bench.headline, group, "ci_high")),
                          n=int(metric_value(metrics, metric_name(bench.headline, group, "n")) or 0)))
    # nothing scored: still one row, so the run is visible with its unscored count
    return rows or [Entry(**common, group=ALL, value=None, ci_low=None, ci_high=None, n=0)]


def leaderboard(headers: list[EvalLog]) -> list[Entry]:
    """One chosen log per (benchmark, model, dataset), expanded into its headline rows."""
    groups = runs_by_key(headers)
    rows: list[Entry] = []
    for key in sorted(groups):
        rows += log_entries(chosen_run(groups[key]), runs=len(groups[key]))
    return rows


def grader_rows(headers: list[EvalLog]) -> list[dict]:
    """GradingBench headline statistics per log, as the task computed them (no intervals: those need
    the samples, see the Graders page and `imobench report`)."""
    rows = []
    for log in headers:
        score = first_score(log)
        if benchmark_of(log) != "gradingbench" or score is None:
            continue
        stats = {k: metric_value(score.metrics, k) for k in score.metrics
                 if not k.startswith("cm_") and parse_metric_name(UNSCORED, k) is None}
        rows.append({"grader": log.eval.model, "dataset": dataset_of(log), "verified": header_verified(log),
                     "unscored": unscored_of(score), "unscored_reason": unscored_reason_of(score), **stats, "log": log.location})
    return rows
