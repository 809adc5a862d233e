"""Typed score records: what a task writes into each Inspect score and what results read back.

A task scores a sample into one record (`AnswerScore`, `ProofGrade`, `GradingScore`), writes it with
`model_dump()` as the score's metadata and its final value under one key of the score's value
(`{"correct": 1.0}`, `{"points": 6.0}`; NaN under the key when the sample is unscored, see
`imobench.tasks.metrics` for why the NaN is not at the root).  `results` and the dashboard read a
score back with `read_record`, which validates the current version and upgrades what logs written
before records were versioned (version 0: the same keys as plain dict entries, the value at the
root) hold, so older logs keep reading.

`RunHeader` is the same for a log's header (`Task(metadata=...)`): benchmark, dataset and its
verification, grader identity, scale and checker identity.

This is a leaf module (pydantic, `imobench.scale`): tasks write these records and results, the
report and the dashboard read them, and none of those rooms imports another to do it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from imobench.scale import Scale, default_scale

RECORD_VERSION = 1
REPLY_CHARS = 3000  # the tail of a grader reply kept in a record (the full text is in the log's events)

UnscoredCode = Literal["no_grader", "grader_reply", "grader_conflict", "empty_response"]

# Inspect's own machine-readable `Score.reason` for each of ours (its standard vocabulary).
INSPECT_REASON: dict[str, str] = {
    "no_grader": "scoring_failed",
    "grader_reply": "grader_failed",
    "grader_conflict": "grader_failed",
    "empty_response": "no_response",
}


class Unscored(BaseModel):
    """Why a sample has no score: a short code (counted in the metrics) and the sentence to show."""

    model_config = ConfigDict(frozen=True)

    code: UnscoredCode
    reason: str


class _Record(BaseModel):
    model_config = ConfigDict(extra="ignore")

    version: int = RECORD_VERSION
    unscored: Unscored | None = None


class AnswerScore(_Record):
    """An AnswerBench verdict: the symbolic checker's, the answer grader's, and which decided."""

    record: Literal["answer"] = "answer"
    symbolic_verdict: Literal["correct", "incorrect", "undecided"]
    symbolic_method: str
    symbolic_reason: str
    extracted: str
    answer_type: str | None = None
    checker: str | None = None  # the checker's identity, when the answers API gives one
    grader_verdict: Literal["correct", "incorrect"] | None = None
    grader_model: str | None = None
    grader_prompt: str | None = None
    grader_reply: str | None = None
    grader_error: str | None = None
    agreement: bool | None = None  # symbolic and grader verdicts agree (both decided)
    decided_by: Literal["symbolic", "grader"] | None = None
    correct: bool | None = None  # the final verdict; None when unscored


class GradeSample(BaseModel):
    """One grader reply: which model, which of its k samples, the grade it gave or why none."""

    model: str
    sample: int
    points: int | None
    error: str | None = None
    reply: str


class ProofGrade(_Record):
    """A ProofBench grade: every grader sample, the aggregate on the scale, flags and calibration."""

    record: Literal["proof"] = "proof"
    grader: str  # the grader spec's identity (name, prompt version, settings and scale hash)
    grader_models: list[str] = []
    scale: Scale
    samples: list[GradeSample] = []
    unparsed: int = 0
    points: float | None = None  # aggregated over samples and panel; None when unscored
    final_answer_verdict: Literal["correct", "incorrect", "undecided"] | None = None
    final_answer: str | None = None
    checker: str | None = None
    flag: str | None = None
    calibrated_points: float | None = None
    calibration: str | None = None


class GradingScore(_Record):
    """A GradingBench item: the grade the model under test gave and the human grade, on one scale."""

    record: Literal["grading"] = "grading"
    problem_id: str
    human_reward: str  # the dataset's label (Reward)
    human_points: int | None = None  # the dataset's Points cell, as written
    human_grade: float | None = None  # the human label's points on `scale` (what statistics compare)
    grader: str | None = None  # the grader spec's identity (prompt and scale); None in version 0
    scale: Scale
    grader_points: int | None = None
    grader_label: str | None = None


Record = AnswerScore | ProofGrade | GradingScore
_BY_BENCHMARK: dict[str, type[_Record]] = {"answerbench": AnswerScore, "proofbench": ProofGrade, "gradingbench": GradingScore}


class RunHeader(BaseModel):
    """What a log's header says about the run (`Task(metadata=...)`), read back by the leaderboard."""

    model_config = ConfigDict(extra="ignore")

    benchmark: str
    dataset_version: str | None = None
    dataset: str | None = None
    data_verified: bool | None = None  # None: a log written before the header recorded it
    grader: str | None = None  # grader spec identity (ProofBench, GradingBench)
    grader_prompt: str | None = None  # answer grader prompt version (AnswerBench)
    prompt: str | None = None  # GradingBench's -T prompt
    scale: Scale | None = None
    checker: str | None = None


def none_if_nan(x: float | None) -> float | None:
    """A number for a typed report: NaN (an undefined statistic, an unscored mean) becomes None, which
    JSON can hold and a reader cannot mistake for a value."""
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)


def score_value(value: Any, key: str | None = None) -> float:
    """A score's value as a float: NaN when unscored.

    Current records put the value under one key of a dict; logs of version 0 hold "C"/"I" or the
    points at the root.  Anything else (a string Inspect did not write, a list) is NaN, never 0.
    """
    if isinstance(value, Mapping):
        if key is None:
            if len(value) != 1:
                return math.nan
            value = next(iter(value.values()))
        else:
            value = value.get(key, math.nan)
    if isinstance(value, str):
        return {"C": 1.0, "I": 0.0}.get(value, math.nan)
    if isinstance(value, bool):
        return float(value)
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def read_record(benchmark: str, value: Any, metadata: Mapping[str, Any] | None) -> Record | None:
    """The record of one score, whatever version wrote it; None for a benchmark without records."""
    kind = _BY_BENCHMARK.get(benchmark)
    if kind is None:
        return None
    meta = dict(metadata or {})
    if "version" not in meta or "record" not in meta:
        meta = _upgrade_v0(benchmark, score_value(value), meta)
    return kind.model_validate(meta)


def _upgrade_v0(benchmark: str, value: float, meta: dict[str, Any]) -> dict[str, Any]:
    """Version 0 (before 2026-12): plain metadata keys, the verdict or points at the score's root."""
    scored = not math.isnan(value)
    meta["version"] = 0
    if benchmark == "answerbench":
        meta.setdefault("symbolic_verdict", "undecided")
        meta.setdefault("symbolic_method", "")
        meta.setdefault("symbolic_reason", "")
        meta.setdefault("extracted", "")
        meta["correct"] = (value == 1.0) if scored else None
        if not scored:
            code = "grader_reply" if meta.get("grader_error") else "no_grader"
            meta["unscored"] = {"code": code, "reason": meta.get("grader_error") or "no grader model role was bound"}
        return meta
    meta.setdefault("scale", default_scale())
    if benchmark == "proofbench":
        meta.setdefault("grader", "")
        meta["samples"] = [{**s, "reply": s.get("reply") or ""} for s in meta.get("samples") or []]
        meta["points"] = value if scored else None
        if not scored:
            code = "grader_reply" if meta["samples"] else "no_grader"
            meta["unscored"] = {"code": code, "reason": "no grader reply could be parsed" if meta["samples"] else "no grader model role was bound"}
        return meta
    scale = meta["scale"]
    meta.setdefault("problem_id", "")
    meta.setdefault("human_reward", "")
    meta["human_grade"] = scale.human_grade(meta["human_reward"])
    meta["grader_points"] = int(value) if scored else None
    if not scored:
        meta["unscored"] = {"code": "grader_reply", "reason": "the reply held no grade on the scale"}
    return meta


def read_header(benchmark: str, metadata: Mapping[str, Any] | None) -> RunHeader:
    """A log header's run metadata (any version; missing fields stay None)."""
    return RunHeader.model_validate({"benchmark": benchmark, **dict(metadata or {})})
