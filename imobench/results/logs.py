"""Reading Inspect logs (files or folders, any location Inspect's log API reads) into frames.

Each score is read back into its typed record (`imobench.records.read_record`, any version), and the
frame's columns are taken from the record: `grader` is the grader spec's identity, `grader_model` the
model(s) that graded.

A log that cannot be read is skipped and reported, never a crash: `read_logs` returns the logs it
read and a list of warnings naming each skipped file and why.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path

import pandas as pd
from inspect_ai.log import EvalLog, list_eval_logs, read_eval_log_async
from pydantic import ValidationError

from imobench.benchmarks import benchmark
from imobench.records import AnswerScore, ProofGrade, Record, RunHeader, read_header, read_record, score_value
from imobench.scale import Scale


def _expand(paths: list[str]) -> list[str]:
    out: list[str] = []
    for p in paths:
        if Path(p).is_dir() or "://" in p:
            out.extend(info.name for info in list_eval_logs(p))
        else:
            out.append(p)
    return out


async def _read_one(location: str, header_only: bool, limit: asyncio.Semaphore) -> tuple[EvalLog | None, str | None]:
    async with limit:
        try:
            log = await read_eval_log_async(location, header_only=header_only)
        except Exception as err:  # noqa: BLE001 - a corrupt or partial log is skipped, with a warning
            return None, f"{location}: skipped, cannot be read ({type(err).__name__}: {str(err)[:200]})"
    if log.status != "success":
        what = "its results are" if header_only else "its samples are"
        return log, f"{location}: status {log.status}; {what} included as logged"
    return log, None


async def _read_all(locations: list[str], header_only: bool) -> list[tuple[EvalLog | None, str | None]]:
    limit = asyncio.Semaphore(16)
    return await asyncio.gather(*(_read_one(loc, header_only, limit) for loc in locations))


def read_logs(paths: list[str], header_only: bool = False) -> tuple[list[EvalLog], list[str]]:
    """Logs (or only their headers: eval spec, results, stats, no samples) and warnings.

    All reads share one event loop (Inspect's async log API), so a remote location (S3) overlaps
    its latencies and a local folder pays for one loop, not one per log.  The loop runs in its own
    thread, so this works whether or not the caller is inside an event loop.
    """
    locations = _expand(paths)
    with ThreadPoolExecutor(max_workers=1) as pool:
        results = pool.submit(asyncio.run, _read_all(locations, header_only)).result()
    logs = [log for log, _ in results if log is not None]
    warnings = [w for _, w in results if w is not None]
    return logs, warnings


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


def _record(bench: str, score) -> Record | None:
    """The sample's score record; None for a foreign log or metadata no version of imobench wrote."""
    try:
        return read_record(bench, score.value, score.metadata)
    except ValidationError:
        return None


def samples_frame(logs: list[EvalLog]) -> pd.DataFrame:
    """One row per sample and epoch that has a score (unscored ones with value NaN and their reason)."""
    rows = []
    for log in logs:
        bench = benchmark_of(log)
        desc = benchmark(bench)
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
                    "dataset": md.get("dataset") or dataset_of(log),
                    "data_verified": bool(md.get("data_verified", True)),
                    "sample_id": str(s.id),
                    "problem_id": str(md.get("problem_id", s.id)),
                    "epoch": s.epoch,
                    "category": md.get("category"),
                    "level": md.get("level"),
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
