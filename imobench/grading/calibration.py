"""Calibration of named graders against human grades, and where their records live.

A record (`NAME.calibration.json`) holds the grader spec's identity (so a changed spec, prompt or
scale does not use an old map), the scale it was fitted on, the data and whether it was verified,
the date, the fitted monotone map and the cross-validated metrics before and after.

Where records are written: the working directory's `graders/` when it exists (a source checkout
run from its root, as before), else the user's data folder (`$XDG_DATA_HOME/imobench/graders`,
`~/.local/share/imobench/graders`): never into an installed package.  The command prints the path.
Records are found in an explicit path, those two folders, then the bundled `graders/`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
import os
from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel, ValidationError

from imobench.errors import ImobenchError
from imobench.grading.specs import GraderSpec
from imobench.resources import resource_dir
from imobench.scale import Scale
from imobench.stats.calibration import MonotoneMap, cross_validate, fit_monotone

SUFFIX = ".calibration.json"


class CalibrationRecord(BaseModel):
    grader: str
    grader_identity: str
    scale: Scale | None = None  # None in records written before scales were recorded (the default scale)
    data: list[str]
    data_verified: bool
    n: int
    date: str
    map: MonotoneMap
    metrics: dict[str, dict[str, float]]
    folds: int

    def describe(self) -> str:
        return f"{self.grader} {self.date} on {', '.join(self.data)}"


def user_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "imobench" / "graders"


def write_dir() -> Path:
    """Where `imobench calibrate` writes by default (see the module docstring)."""
    here = Path.cwd() / "graders"
    return here if here.is_dir() else user_dir()


def record_dirs() -> list[Path]:
    """Every folder records are looked up in, first match wins (no folder twice)."""
    out: list[Path] = []
    for folder in (Path.cwd() / "graders", user_dir(), resource_dir("graders")):
        if folder.is_dir() and folder.resolve() not in [f.resolve() for f in out]:
            out.append(folder)
    return out


def record_path(grader: str, folder: Path | None = None) -> Path:
    return (folder or write_dir()) / f"{grader}{SUFFIX}"


def write_record(record: CalibrationRecord, folder: Path | None = None) -> Path:
    path = record_path(record.grader, folder)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(record.model_dump_json(indent=2) + "\n", encoding="utf-8")
    except OSError as err:
        raise ImobenchError(f"cannot write the calibration record {path} ({err.strerror}); pass --output-dir DIR") from None
    return path


def read_calibration(path: Path) -> CalibrationRecord:
    try:
        return CalibrationRecord.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValidationError) as err:
        raise ImobenchError(f"{path}: not a readable calibration record ({type(err).__name__}); run imobench calibrate again") from None


def all_records() -> list[tuple[Path, CalibrationRecord]]:
    """Every readable record in the record folders (for the dashboard), one per grader name."""
    seen: dict[str, tuple[Path, CalibrationRecord]] = {}
    for folder in record_dirs():
        for path in sorted(folder.glob(f"*{SUFFIX}")):
            try:
                seen.setdefault(path.name, (path, read_calibration(path)))
            except ImobenchError:
                continue
    return list(seen.values())


def load_record(grader: str, identity: str) -> CalibrationRecord | None:
    """The grader's record, if there is one for exactly this spec identity (the first folder that has one)."""
    for folder in record_dirs():
        path = folder / f"{grader}{SUFFIX}"
        if path.is_file():
            record = read_calibration(path)
            return record if record.grader_identity == identity else None
    return None


def calibration_for(spec: GraderSpec, path: str | None) -> CalibrationRecord | None:
    """The record a ProofBench run applies: `-T calibration=PATH`, else the spec's own, if any."""
    if path is None:
        return load_record(spec.name, spec.identity())
    record = read_calibration(Path(path))
    if record.grader_identity != spec.identity():
        raise ImobenchError(
            f"-T calibration={path}: the record was fitted for {record.grader_identity}, not for this grader "
            f"({spec.identity()}); run imobench calibrate again"
        )
    return record


def calibrated(record: CalibrationRecord, points: float) -> float:
    return float(record.map(points))


def fit_record(spec: GraderSpec, scale: Scale, raw: Sequence[float], human: Sequence[float], problems: Sequence[str],
               datasets: Sequence[str], verified: bool, folds: int) -> CalibrationRecord:
    """Fit the monotone map of `raw` grades onto `human` grades (both on `scale`) and evaluate it by
    cross-validation grouped by problem."""
    metrics = cross_validate(raw, human, problems, scale.points, folds=folds)
    return CalibrationRecord(
        grader=spec.name, grader_identity=spec.identity(), scale=scale, data=sorted(set(datasets)), data_verified=verified,
        n=len(raw), date=today(), map=fit_monotone(raw, human), metrics=metrics, folds=folds,
    )


def today() -> str:
    return dt.date.today().isoformat()


class Graded(BaseModel):
    """One GradingBench item as calibration reads it (from a log's score record)."""

    grader_points: float | None
    human_grade: float | None
    problem_id: str
    dataset: str
    verified: bool
    grader: str | None = None  # the spec identity the item was graded with (None in old logs)
    scale: Scale | None = None
    unscored_reason: str | None = None


def calibrate(spec: GraderSpec, items: Sequence[Graded], folds: int, where: str) -> CalibrationRecord:
    """Fit `spec`'s calibration on the GradingBench items of `where` (the logs, for messages).

    Refuses, saying why: no items; every grade unscored (with the most common reason); items graded
    by another spec or on another scale than `spec`'s."""
    if not items:
        raise ImobenchError(f"no GradingBench samples in {where}; run inspect eval imobench/gradingbench first")
    scored = [i for i in items if i.grader_points is not None and i.human_grade is not None]
    if not scored:
        reasons = Counter(i.unscored_reason or "no reason recorded" for i in items)
        reason, count = reasons.most_common(1)[0]
        raise ImobenchError(f"all {len(items)} GradingBench grades in {where} were unscored, so there is nothing to fit; "
                            f"most common reason ({count} of {len(items)}): {reason}")
    identities = {i.grader for i in scored if i.grader}
    if identities and identities != {spec.identity()}:
        raise ImobenchError(f"the grades in {where} were given by grader {', '.join(sorted(identities))}, not by "
                            f"--grader {spec.name} ({spec.identity()}); pass the spec they were graded with")
    scale = spec.load_scale()
    other = {i.scale.identity() for i in scored if i.scale is not None} - {scale.identity()}
    if other:
        raise ImobenchError(f"the grades in {where} are on scale {', '.join(sorted(other))}, --grader {spec.name} grades on "
                            f"{scale.identity()} ({spec.scale}); calibrate with the spec and scale they were graded on")
    return fit_record(spec, scale, [i.grader_points for i in scored], [i.human_grade for i in scored],
                      [i.problem_id for i in scored], [i.dataset for i in scored], all(i.verified for i in scored), folds)
