"""Reading Inspect logs (files or folders, any location Inspect's log API reads) into frames.

A log that cannot be read is skipped and reported, never a crash: `read_logs` returns the logs it
read and a list of warnings naming each skipped file and why.
"""

from __future__ import annotations

import asyncio
import math
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
from inspect_ai.log import EvalLog, list_eval_logs, read_eval_log_async


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


def dataset_of(log: EvalLog) -> str:
    """The dataset key the run used (`answerbench@v2+errata`), from the header."""
    meta = log.eval.metadata or {}
    if meta.get("dataset"):
        return str(meta["dataset"])
    return (log.eval.dataset.name or "?").removeprefix("imobench-")


def _value(v) -> float:
    if isinstance(v, str):
        return {"C": 1.0, "I": 0.0}.get(v, math.nan)
    try:
        return float(v)
    except (TypeError, ValueError):
        return math.nan


def samples_frame(logs: list[EvalLog]) -> pd.DataFrame:
    """One row per scored sample and epoch."""
    rows = []
    for log in logs:
        bench = benchmark_of(log)
        for s in log.samples or []:
            if not s.scores:
                continue
            score = next(iter(s.scores.values()))
            md = s.metadata or {}
            smd = score.metadata or {}
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
                    "value": _value(score.value),
                    "calibrated_value": smd.get("calibrated_points"),
                    "grade_samples": [x["points"] for x in smd.get("samples", []) if x.get("points") is not None] or None,
                    "human_points": md.get("human_points"),
                    "human_reward": md.get("human_reward"),
                    "grader_label": smd.get("grader_label"),
                    "grader": smd.get("grader") or smd.get("grader_model"),
                    "decided_by": smd.get("decided_by"),
                    "extracted": smd.get("extracted") or smd.get("final_answer"),
                    # the verdict's reason or the grader's reply, cut for tables (the full text is in the log)
                    "rationale": (score.explanation or "")[:500] or None,
                }
            )
    return pd.DataFrame(rows)


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
