"""Metrics shared by the tasks: rates and means with 95% intervals, overall and by a metadata key,
and counts of undecided and unscored samples (which are excluded from the rates, never scored 0)."""

from __future__ import annotations

import math
from collections import defaultdict

from inspect_ai.scorer import Metric, SampleScore, Value, metric

from imobench.stats.intervals import mean_interval, wilson


def _value(s: SampleScore) -> float:
    v = s.score.value
    if isinstance(v, str):
        return {"C": 1.0, "I": 0.0}.get(v, math.nan)
    try:
        return float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan


def _groups(scores: list[SampleScore], keys: str | list[str] | None) -> dict[str, list[float]]:
    keys = [keys] if isinstance(keys, str) else list(keys or [])
    groups: dict[str, list[float]] = defaultdict(list)
    for s in scores:
        v = _value(s)
        if math.isnan(v):
            continue
        groups["all"].append(v)
        for key in keys:
            groups[str((s.sample_metadata or {}).get(key, "?"))].append(v)
    return groups


def wilson_of(values: list[float]) -> tuple[float, float]:
    return wilson(sum(values), len(values))


def _with_intervals(prefix: str, groups: dict[str, list[float]], interval) -> dict[str, float]:
    """`prefix` (all samples) and `prefix[group]`: the mean, its interval and n."""
    out: dict[str, float] = {}
    for group, values in groups.items():
        name = prefix if group == "all" else f"{prefix}[{group}]"
        lo, hi = interval(values)
        out[name] = sum(values) / len(values)
        out[f"{name}_ci_low"] = lo
        out[f"{name}_ci_high"] = hi
        out[f"{name}_n"] = len(values)
    return out


@metric
def rate_ci(by: str | list[str] | None = None) -> Metric:
    """Share of correct samples with a Wilson 95% interval, overall and per `by` group."""

    def compute(scores: list[SampleScore]) -> Value:
        return _with_intervals("accuracy", _groups(scores, by), wilson_of)

    return compute


@metric
def percent_of_max_ci(max_points: float = 7.0, by: str | list[str] | None = None) -> Metric:
    """Mean score as a percentage of the maximum, with a t 95% interval, overall and per `by` group."""

    def compute(scores: list[SampleScore]) -> Value:
        groups = {g: [100 * v / max_points for v in values] for g, values in _groups(scores, by).items()}
        return _with_intervals("percent", groups, mean_interval)

    return compute


@metric
def counts() -> Metric:
    """Among scored samples: undecided symbolic verdicts, grader use and disagreement, flags.

    Unscored samples never reach metrics (Inspect excludes them); their number is the log's
    `results.scores[i].unscored_samples`.
    """

    def compute(scores: list[SampleScore]) -> Value:
        meta = [s.score.metadata or {} for s in scores]
        return {
            "undecided_symbolic": sum(1 for m in meta if m.get("symbolic_verdict") == "undecided"),
            "grader_used": sum(1 for m in meta if m.get("grader_verdict") is not None),
            "symbolic_grader_disagree": sum(1 for m in meta if m.get("agreement") is False),
            "flagged": sum(1 for m in meta if m.get("flag")),
        }

    return compute
