"""The tasks' metrics: the headline with its 95% interval, overall and by group; how many samples
were unscored and why; GradingBench agreement from the stats core.

Why unscored samples carry their NaN under a key (`{"correct": nan}`) and not at the root: Inspect
hands metrics only the samples whose value is not NaN at the root (`Score.unscored()` sets exactly
that), so a metric could never count the unscored samples or name their most common reason, and
`undecided_symbolic` showed 0 when 5 of 5 were undecided.  Holding the count in the scorer's closure
would not survive `inspect eval-retry` (the retried samples are scored by a new process, the others
are read back from the log) or `inspect score` (a new closure, all samples read back).  With the NaN
one level down, every sample reaches every metric, in every one of those paths, from what the log
itself holds: the value, and the score record in its metadata (`imobench.records`).  The cost is that
Inspect's own `unscored_samples` field no longer counts them; the `unscored` metric does, and readers
of older logs (NaN at the root) fall back to that field.

Every metric returns the same names whether or not anything was scored (NaN where a value is
undefined, `_n` 0), so a run with nothing scored shows `accuracy nan`, `unscored 5` and `unscored (no_grader) 5`
rather than a bare `rate_ci nan`.  Names are made by `imobench.benchmarks.metric_name`.
"""

from __future__ import annotations

import math
from collections import Counter

from inspect_ai.scorer import Metric, SampleScore, Value, metric

from imobench.benchmarks import ALL, UNSCORED, Benchmark, benchmark, metric_name
from imobench.records import AnswerScore, GradingScore, ProofGrade, read_record, score_value
from imobench.scale import Scale, default_scale
from imobench.stats.agreement import confusion, point_estimates
from imobench.stats.intervals import bounded_mean_interval


def _descriptor(name: str) -> Benchmark:
    found = benchmark(name)
    if found is None:
        raise ValueError(f"unknown benchmark {name!r}")
    return found


def _records(bench: Benchmark, scores: list[SampleScore]) -> list:
    return [read_record(bench.name, s.score.value, s.score.metadata) for s in scores]


def _scale_of(records: list) -> Scale:
    """The scale the records were graded on (the first one that says; the default for none)."""
    return next((r.scale for r in records if getattr(r, "scale", None) is not None), None) or default_scale()


def _groups(bench: Benchmark, scores: list[SampleScore]) -> dict[str, list[float]]:
    """Scored values per group label; every group any sample belongs to is present, scored or not."""
    groups: dict[str, list[float]] = {ALL: []}
    for s in scores:
        labels = [ALL] + [bench.group_label(k, (s.sample_metadata or {}).get(k, "?")) for k in bench.group_keys]
        v = score_value(s.score.value, bench.value_key)
        for label in labels:
            groups.setdefault(label, [])
            if not math.isnan(v):
                groups[label].append(v)
    return groups


@metric
def headline(benchmark_name: str) -> Metric:
    """The benchmark's headline (AnswerBench `accuracy`, ProofBench `percent` of the scale's maximum)
    over scored samples, with a Wilson 95% interval (see `imobench.stats.intervals`) and n, overall
    and per group."""
    bench = _descriptor(benchmark_name)

    def compute(scores: list[SampleScore]) -> Value:
        if bench.graded_on_scale:  # points on the records' scale, reported as a percentage of its maximum
            maximum = float(_scale_of(_records(bench, scores)).max_points)
            factor = 100.0 / maximum
        else:  # a share correct
            maximum, factor = 1.0, 1.0
        out: dict[str, float] = {}
        for group, values in _groups(bench, scores).items():
            lo, hi = bounded_mean_interval(values, maximum) if values else (math.nan, math.nan)
            out[metric_name(bench.headline, group)] = factor * sum(values) / len(values) if values else math.nan
            out[metric_name(bench.headline, group, "ci_low")] = factor * lo
            out[metric_name(bench.headline, group, "ci_high")] = factor * hi
            out[metric_name(bench.headline, group, "n")] = len(values)
        return out

    return compute


@metric
def coverage(benchmark_name: str) -> Metric:
    """Over every sample: how many are unscored, how many share the most common reason
    (`unscored (code)`), and the benchmark's own counts (AnswerBench: undecided symbolic
    verdicts, grader use and disagreement; ProofBench: unparsed grader replies, flagged grades)."""
    bench = _descriptor(benchmark_name)

    def compute(scores: list[SampleScore]) -> Value:
        records = _records(bench, scores)
        unscored = [r for s, r in zip(scores, records, strict=True) if math.isnan(score_value(s.score.value, bench.value_key))]
        out: dict[str, float] = {UNSCORED: len(unscored)}
        reasons = Counter(r.unscored.code for r in unscored if r.unscored is not None)
        if reasons:
            code, count = reasons.most_common(1)[0]
            out[metric_name(UNSCORED, code)] = count
        if bench.name == "answerbench":
            answers = [r for r in records if isinstance(r, AnswerScore)]
            out["undecided_symbolic"] = sum(1 for r in answers if r.symbolic_verdict == "undecided")
            out["grader_used"] = sum(1 for r in answers if r.grader_reply is not None)
            out["symbolic_grader_disagree"] = sum(1 for r in answers if r.agreement is False)
        elif bench.name == "proofbench":
            proofs = [r for r in records if isinstance(r, ProofGrade)]
            out["unparsed_replies"] = sum(r.unparsed for r in proofs)
            out["flagged"] = sum(1 for r in proofs if r.flag)
        return out

    return compute


def grading_pairs(scores: list[SampleScore]) -> tuple[list[float], list[float], Scale]:
    """(grader points, human points on the scale, the scale) of the scored GradingBench samples."""
    records = _records(_descriptor("gradingbench"), scores)
    g: list[float] = []
    h: list[float] = []
    for s, r in zip(scores, records, strict=True):
        v = score_value(s.score.value, "points")
        if isinstance(r, GradingScore) and not math.isnan(v) and r.human_grade is not None:
            g.append(v)
            h.append(r.human_grade)
    return g, h, _scale_of(records)


@metric
def grading_agreement() -> Metric:
    """GradingBench agreement of the model under test with the human grades, computed by
    `imobench.stats.agreement.point_estimates` (the same function the report bootstraps): n,
    accuracy, binary accuracy, MAE, RMSE, quadratic kappa, Pearson, Spearman, Kendall tau-b,
    over- and under-grading rates (NaN where undefined, never 0), and the confusion matrix as
    `cm_<human>_<grader>` counts on the scale's labels."""

    def compute(scores: list[SampleScore]) -> Value:
        g, h, scale = grading_pairs(scores)
        out: dict[str, float] = {"n": len(g), **point_estimates(g, h, scale)}
        for human, row in confusion(g, h, scale).items():
            for graded, count in row.items():
                out[f"cm_{human}_{graded}"] = count
        return out

    return compute
