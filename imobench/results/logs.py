"""Reading Inspect logs (files or folders, any location Inspect's log API reads) into frames.

Each score is read back into its typed record (`imobench.records.read_record`, any version), and the
frame's columns are taken from the record: `grader` is the grader spec's identity, `grader_model` the
model(s) that graded.

Logs are hostile input (a foreign tool wrote them, a crash cut them, someone edited them), so
`read_logs` never crashes on one and never counts one silently: it returns the logs it can report
and a warning for each location or log it set aside, naming it and why.  Set aside: a location that
does not exist ("no such file or folder"), a file Inspect cannot read (truncated, not a log), a log
of a task that is not an imobench benchmark, a log whose samples lack what its benchmark is scored
on (`check_samples`: a GradingBench sample without the human's or the grader's label), and, when
samples are read, every run but one of the same benchmark, model and dataset
(`imobench.results.runs`: an interrupted run and its `inspect eval-retry` count once).
"""

from __future__ import annotations

import asyncio
import gc
import math
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import pandas as pd
from inspect_ai.log import EvalLog, list_eval_logs, read_eval_log_async
from pydantic import ValidationError

from imobench.benchmarks import BENCHMARKS, benchmark
from imobench.records import AnswerScore, ProofGrade, Record, read_record, score_value
from imobench.results.headers import benchmark_of, dataset_of, header_of, header_verified, is_verified
from imobench.results.runs import choose_runs
from imobench.scale import Scale

__all__ = ["benchmark_of", "check_samples", "dataset_of", "header_of", "missing_locations", "read_logs", "samples_frame",
           "scale_from", "usage_frame"]

READ_CONCURRENCY = 16  # remote logs read at once (a remote location overlaps its latencies)
LOCAL_READ_CONCURRENCY = 1  # local logs read at once: parsing is CPU work, and interleaving it costs (100 headers: 1.4 s at 1, 2.0 s at 16)
ERROR_CHARS = 200  # of a read error's text kept in its warning
LOG_SUFFIXES = (".eval", ".json")  # what Inspect's log API reads


def _is_url(location: str) -> bool:
    return "://" in location


def missing_locations(paths: list[str]) -> list[str]:
    """One message per local path that does not exist: "PATH: no such file or folder" (a remote
    location is left to Inspect's listing)."""
    return [f"{p}: no such file or folder" for p in paths if not _is_url(p) and not Path(p).exists()]


def _listed(name: str) -> str:
    """A listed log as a location to read.  Inspect lists a local log as a `file://` URI without
    percent-encoding its name, and reading that URI back cuts it at a `#` or `?` (a log named with one
    could not be read, and the run it held was lost); its plain path reads as named."""
    return name.removeprefix("file://") if name.startswith("file:///") else name


def _expand(paths: list[str]) -> list[str]:
    out: list[str] = []
    for p in paths:
        if Path(p).is_dir() or _is_url(p):
            out.extend(_listed(info.name) for info in list_eval_logs(p))
        else:
            out.append(p)
    return out


def _unreadable(location: str, err: Exception) -> str:
    if not _is_url(location) and not location.endswith(LOG_SUFFIXES):
        return f"{location}: skipped, not an Inspect log (a log file ends in .eval or .json)"
    return f"{location}: skipped, cannot be read ({type(err).__name__}: {str(err)[:ERROR_CHARS]})"


async def _read_one(location: str, header_only: bool, limit: asyncio.Semaphore) -> tuple[EvalLog | None, str | None]:
    async with limit:
        try:
            return await read_eval_log_async(location, header_only=header_only), None
        except Exception as err:  # noqa: BLE001 - a corrupt or partial log is skipped, with a warning
            return None, _unreadable(location, err)


async def _read_all(locations: list[str], header_only: bool) -> list[tuple[EvalLog | None, str | None]]:
    remote, local = asyncio.Semaphore(READ_CONCURRENCY), asyncio.Semaphore(LOCAL_READ_CONCURRENCY)
    return await asyncio.gather(*(_read_one(loc, header_only, remote if _is_url(loc) else local) for loc in locations))


def _foreign(log: EvalLog) -> str | None:
    if benchmark(benchmark_of(log)) is None:
        return (f"{log.location}: skipped, task {log.eval.task} is not an imobench benchmark "
                f"({', '.join(BENCHMARKS)})")
    return None


def _status(log: EvalLog, header_only: bool) -> str | None:
    if log.status == "success":
        return None
    what = "results" if header_only else "samples"
    return f"{log.location}: status {log.status}: the run did not finish; its {what} are counted as logged"


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while logs are parsed.  A header holds every sample's
    reduced score, so reading 100 of them makes some 10^5 objects, each batch of which starts another
    full pass of the collector over all of them: 100 headers of 400 samples took 1.3-2.0 s with it and
    0.9-1.1 s without.  Nothing parsed is garbage until the read is over; the collector resumes then."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read_logs(paths: list[str], header_only: bool = False, all_runs: bool = False) -> tuple[list[EvalLog], list[str]]:
    """Logs (or only their headers: eval spec, results, stats, no samples) and warnings.

    When samples are read, one run per (benchmark, model, dataset) is kept (`imobench.results.runs`)
    unless `all_runs`; header reads keep every run (the leaderboard chooses, and counts the runs).
    All reads share one event loop (Inspect's async log API), so a remote location (S3) overlaps
    its latencies and a local folder pays for one loop, not one per log.  The loop runs in its own
    thread, so this works whether or not the caller is inside an event loop.
    """
    warnings = missing_locations(paths)
    locations = _expand([p for p in paths if _is_url(p) or Path(p).exists()])
    with ThreadPoolExecutor(max_workers=1) as pool, _collector_paused():
        results = pool.submit(asyncio.run, _read_all(locations, header_only)).result()
    logs = []
    for log, problem in results:
        problem = problem or _foreign(log) or (None if header_only else check_samples(log))
        if problem is not None:
            warnings.append(problem)
        else:
            logs.append(log)
    if not header_only and not all_runs:
        logs, notes = choose_runs(logs)
        warnings += notes
    warnings += [w for w in (_status(log, header_only) for log in logs) if w is not None]
    return logs, warnings


def check_samples(log: EvalLog) -> str | None:
    """Why a log's samples cannot be reported, as a warning naming the log and the field; None when
    they can.  GradingBench compares the grader's grade with the human label of each proof, so a
    scored sample without the human label, or with neither a grade nor a reason for having none,
    makes the whole log unusable (reporting the rest would silently change n).  `read_logs` applies
    it to every log whose samples it reads; a page that reads samples another way calls it itself.
    """
    if benchmark_of(log) != "gradingbench":
        return None
    desc = benchmark("gradingbench")
    lacking: dict[str, list[str]] = {}
    total = 0
    for s in log.samples or []:
        if not s.scores:
            continue
        total += 1
        score = next(iter(s.scores.values()))
        field = _lacking(score, desc.value_key)
        if field is not None:
            lacking.setdefault(field, []).append(str(s.id))
    if not lacking:
        return None
    field, ids = max(lacking.items(), key=lambda kv: len(kv[1]))
    return (f"{log.location}: skipped, {len(ids)} of {total} GradingBench samples lack {field} "
            f"(first: {ids[0]}); nothing of this log is reported")


HUMAN_LABEL = "the human label (human_reward)"


def _lacking(score, value_key: str) -> str | None:
    """What a GradingBench score lacks to be compared with its human label, or None."""
    try:
        rec = read_record("gradingbench", score.value, score.metadata)
    except ValidationError as err:
        fields = sorted({str(e["loc"][0]) for e in err.errors() if e.get("loc")})
        return HUMAN_LABEL if "human_reward" in fields else f"a valid GradingBench score record ({', '.join(fields)})"
    except Exception:  # noqa: BLE001 - edited metadata can break the version-0 upgrade in any way
        return "a valid GradingBench score record (its metadata)"
    if rec.human_grade is None:
        return HUMAN_LABEL
    if math.isnan(score_value(score.value, value_key)) and rec.unscored is None:
        return "the grader's grade (points, or why it has none)"
    return None


def _record(bench: str, score) -> Record | None:
    """The sample's score record; None for a foreign log or metadata no version of imobench wrote."""
    try:
        return read_record(bench, score.value, score.metadata)
    except ValidationError:
        return None
    except Exception:  # noqa: BLE001 - edited metadata can break the version-0 upgrade in any way (a scale as a dict)
        return None


def _text(value: object) -> str | None:
    """Sample metadata used as a group key, as text (an edited log may hold a list there: unhashable)."""
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


def samples_frame(logs: list[EvalLog]) -> pd.DataFrame:
    """One row per sample and epoch that has a score (unscored ones with value NaN and their reason)."""
    rows = []
    for log in logs:
        bench = benchmark_of(log)
        desc = benchmark(bench)
        verified = header_verified(log)  # and each sample's own flag: missing on either side is unverified
        for s in log.samples or []:
            if not s.scores:
                continue
            score = next(iter(s.scores.values()))
            md = s.metadata or {}
            rec = _record(bench, score)
            scale = getattr(rec, "scale", None)
            rows.append(
                {
                    "log": log.location,
                    "benchmark": bench,
                    "model": log.eval.model,
                    "dataset": _text(md.get("dataset")) or dataset_of(log),
                    "data_verified": verified and is_verified(md.get("data_verified")),
                    "sample_id": str(s.id),
                    "problem_id": str(md.get("problem_id", s.id)),
                    "epoch": s.epoch,
                    "category": _text(md.get("category")),
                    "level": _text(md.get("level")),
                    "value": score_value(score.value, desc.value_key if desc else None),
                    "unscored_code": rec.unscored.code if rec is not None and rec.unscored is not None else None,
                    "unscored_reason": rec.unscored.reason if rec is not None and rec.unscored is not None else None,
                    "calibrated_value": getattr(rec, "calibrated_points", None),
                    "grade_samples": [x.points for x in getattr(rec, "samples", []) if x.points is not None] or None,
                    "human_points": md.get("human_points"),
                    "human_reward": md.get("human_reward"),
                    "human_grade": getattr(rec, "human_grade", None),
                    "grader_label": getattr(rec, "grader_label", None),
                    "grader": getattr(rec, "grader", None) or None,  # the grader spec's identity
                    "grader_model": _grader_model(rec),
                    "decided_by": getattr(rec, "decided_by", None),
                    "extracted": getattr(rec, "extracted", None) or getattr(rec, "final_answer", None),
                    "scale_id": scale.identity() if scale is not None else None,
                    "scale": scale.model_dump_json() if scale is not None else None,  # text: frames stay hashable
                    # the verdict's reason or the grader's reply, cut for tables (the full text is in the log)
                    "rationale": (score.explanation or "")[:500] or None,
                }
            )
    return pd.DataFrame(rows)


@lru_cache(maxsize=64)
def scale_from(text: str | None) -> Scale | None:
    """The scale of a frame row (its `scale` column holds the scale as JSON)."""
    return None if text is None or text != text else Scale.model_validate_json(text)


def _grader_model(rec: Record | None) -> str | None:
    if isinstance(rec, AnswerScore):
        return rec.grader_model
    if isinstance(rec, ProofGrade):
        return ", ".join(rec.grader_models) or None
    return None


def _usage_row(log: EvalLog, model: str | None, role: str, input_tokens: int, output_tokens: int, cost: float | None) -> dict:
    return {"log": log.location, "benchmark": benchmark_of(log), "model": log.eval.model, "usage_model": model,
            "role": role, "input_tokens": input_tokens, "output_tokens": output_tokens, "cost": cost}


def usage_frame(logs: list[EvalLog]) -> pd.DataFrame:
    """Tokens and cost per log and model, split by role (solver, grader).

    Inspect's per-model usage counts a model's calls in every role together (a model that grades
    its own answers has one total), so the roles' own usage (`stats.role_usage`, with the role's
    model from the eval's model roles) is taken out of its model's total first; what remains is the
    solver's.  Logs without role usage fall back to "the evaluated model is the solver".
    """
    rows = []
    for log in logs:
        remaining = {m: [u.input_tokens, u.output_tokens, u.total_cost] for m, u in (log.stats.model_usage or {}).items()}
        role_models = {role: cfg.model for role, cfg in (log.eval.model_roles or {}).items()}
        for role, usage in (log.stats.role_usage or {}).items():
            model = role_models.get(role)
            rows.append(_usage_row(log, model, role, usage.input_tokens, usage.output_tokens, usage.total_cost))
            left = remaining.get(model)
            if left is not None:
                left[0] -= usage.input_tokens
                left[1] -= usage.output_tokens
                if left[2] is not None and usage.total_cost is not None:
                    left[2] -= usage.total_cost
        for model, (inp, out, cost) in remaining.items():
            if inp > 0 or out > 0:
                rows.append(_usage_row(log, model, "solver" if model == log.eval.model else "grader", inp, out, cost))
    return pd.DataFrame(rows)
