"""What a log's header says: its benchmark, dataset, verification and headline metrics.

A leaf of `imobench.results` (Inspect's log types and the shared records only), so that reading logs,
choosing runs, the leaderboard and the report ask a header the same questions the same way.

Verification is read here and nowhere else: a log is verified data only when it says so.  A header
or sample whose provenance keys were removed (or were never written) is *unverified*, never
verified by default: missing provenance cannot vouch for a file.
"""

from __future__ import annotations

import math

from inspect_ai.log import EvalLog, EvalScore

from imobench.records import RunHeader, read_header


def benchmark_of(log: EvalLog) -> str:
    meta = log.eval.metadata or {}
    if "benchmark" in meta:
        return str(meta["benchmark"])
    return log.eval.task.split("/")[-1]


def header_of(log: EvalLog) -> RunHeader:
    """The run's header record (any version: fields a log did not record are None)."""
    return read_header(benchmark_of(log), log.eval.metadata)


def dataset_of(log: EvalLog) -> str:
    """The dataset key the run used (`answerbench@v2+errata`), from the header."""
    meta = log.eval.metadata or {}
    if meta.get("dataset"):
        return str(meta["dataset"])
    return (log.eval.dataset.name or "?").removeprefix("imobench-")


def is_verified(flag: object) -> bool:
    """A provenance flag as results read it: only an explicit True is verified (a missing, null or
    malformed flag is unverified)."""
    return flag is True


def header_verified(log: EvalLog) -> bool:
    """Whether the log's header says the run's data was the verified pinned file."""
    return is_verified((log.eval.metadata or {}).get("data_verified"))


def first_score(log: EvalLog) -> EvalScore | None:
    """The log's first scorer's results (the benchmark's own scorer), if the run got that far."""
    return log.results.scores[0] if log.results and log.results.scores else None


def metric_value(metrics: dict, name: str) -> float | None:
    """A header metric's value; None when absent or NaN (undefined)."""
    m = metrics.get(name)
    if m is None or m.value is None:
        return None
    try:
        value = float(m.value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(value) else value
