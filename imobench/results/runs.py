"""Which run counts when several logs hold the same benchmark, model and dataset.

An interrupted run and its `inspect eval-retry` are two logs: the retry carries the samples the first
run completed and adds the rest, so counting both counts the completed samples twice (n = 39 for 28
problems).  A `--limit` slice beside a full run, or a run repeated later, double-counts the same
way.  So one log per (benchmark, model, dataset) counts, chosen by one rule for the leaderboard,
`imobench report`, `compare`, `calibrate` and the dashboard: a finished run (status success) before
an unfinished one, then the one with more scored samples (a full run before a slice), then the
newest.  The others are set aside with a note naming them and the run that counts instead.

The rule reads headers only (status, the headline `n`, the creation time), so the leaderboard,
which never reads samples, and everything that does choose the same log.
"""

from __future__ import annotations

from inspect_ai.log import EvalLog

from imobench.benchmarks import ALL, benchmark, metric_name
from imobench.results.headers import benchmark_of, dataset_of, first_score, metric_value

RunKey = tuple[str, str, str]  # (benchmark, model, dataset)


def run_key(log: EvalLog) -> RunKey:
    return (benchmark_of(log), log.eval.model, dataset_of(log))


def scored_count(log: EvalLog) -> int:
    """Scored samples as the header counts them (the headline's `n`, else Inspect's own count)."""
    score = first_score(log)
    if score is None:
        return 0
    bench = benchmark(benchmark_of(log))
    counted = metric_value(score.metrics, metric_name(bench.headline, ALL, "n")) if bench and bench.headline else None
    return int(counted) if counted is not None else int(score.scored_samples or 0)


def preference(log: EvalLog) -> tuple:
    """Larger is preferred: finished, then more scored samples, then newer."""
    return (log.status == "success", scored_count(log), str(log.eval.created))


def runs_by_key(logs: list[EvalLog]) -> dict[RunKey, list[EvalLog]]:
    """The logs grouped by (benchmark, model, dataset), in the order given."""
    groups: dict[RunKey, list[EvalLog]] = {}
    for log in logs:
        groups.setdefault(run_key(log), []).append(log)
    return groups


def chosen_run(runs: list[EvalLog]) -> EvalLog:
    """The run of one (benchmark, model, dataset) that counts."""
    return max(runs, key=preference)


def _why(chosen: EvalLog, other: EvalLog) -> str:
    if chosen.status == "success" and other.status != "success":
        return f"it finished, this one has status {other.status}"
    a, b = scored_count(chosen), scored_count(other)
    if a != b:
        return f"it has {a} scored samples, this one {b}"
    return "it is newer"


def choose_runs(logs: list[EvalLog]) -> tuple[list[EvalLog], list[str]]:
    """One log per (benchmark, model, dataset), in the order given, and a note for each log set aside."""
    keep: set[int] = set()
    notes: list[str] = []
    for (bench, model, dataset), runs in runs_by_key(logs).items():
        chosen = chosen_run(runs)
        keep.add(id(chosen))
        for other in runs:
            if other is not chosen:
                notes.append(f"{other.location}: set aside: {len(runs)} runs of {bench} by {model} on {dataset}, and only "
                             f"{chosen.location} counts ({_why(chosen, other)})")
    return [log for log in logs if id(log) in keep], notes
