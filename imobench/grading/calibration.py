"""Calibration records of named graders: `graders/<name>.calibration.json`.

A record holds the grader spec's identity (so a changed spec does not use an old map), the data it
was fitted on and whether that data was verified, the date, the fitted monotone map and the
cross-validated metrics before and after.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pydantic import BaseModel

from imobench.resources import resource_dir
from imobench.stats.calibration import MonotoneMap


class CalibrationRecord(BaseModel):
    grader: str
    grader_identity: str
    data: list[str]
    data_verified: bool
    n: int
    date: str
    map: MonotoneMap
    metrics: dict[str, dict[str, float]]
    folds: int


def record_path(grader: str, folder: Path | None = None) -> Path:
    return (folder or resource_dir("graders")) / f"{grader}.calibration.json"


def write_record(record: CalibrationRecord, folder: Path | None = None) -> Path:
    path = record_path(record.grader, folder)
    path.write_text(record.model_dump_json(indent=2) + "\n", encoding="utf-8")
    return path


def load_record(grader: str, identity: str, folder: Path | None = None) -> CalibrationRecord | None:
    """The grader's record, if there is one for exactly this spec identity."""
    path = record_path(grader, folder)
    if not path.is_file():
        return None
    record = CalibrationRecord.model_validate_json(path.read_text(encoding="utf-8"))
    return record if record.grader_identity == identity else None


def today() -> str:
    return dt.date.today().isoformat()
