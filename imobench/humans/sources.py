"""What the `report`, `calibrate` and `data export-grading` commands read for human grades: the
`--human-grades` argument (a grades folder, or the older CSV that `report` alone takes), the logs'
proofs as items and the grades, with every skipped log or grade line returned as a warning."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from imobench.errors import ImobenchError
from imobench.humans.items import Item, items_from_logs
from imobench.humans.records import HumanGrade
from imobench.humans.store import GRADES_FILE, open_store


def grades_folder(given: str | None) -> Path | None:
    """`--human-grades DIR` (the dashboard's grades folder), or None for the older CSV of model,
    problem_id, points: a folder, or a path that does not exist and does not end in .csv, is a folder."""
    if not given:
        return None
    path = Path(given)
    if path.is_dir() or (not path.exists() and path.suffix.lower() != ".csv"):
        if not (path / GRADES_FILE).is_file():
            raise ImobenchError(f"--human-grades {given}: no {GRADES_FILE} in this folder; grade proofs with "
                                f"imobench dashboard --grades {given} first (or pass a CSV of model, problem_id, points)")
        return path
    return None


class Graded(BaseModel):
    """The proofs of some logs and the people's grades of them."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    folder: Path
    items: list[Item]
    grades: list[HumanGrade]
    warnings: list[str]


def proofs_and_grades(logs: Sequence[str], given: str | None) -> Graded:
    """The ProofBench proofs of `logs` and the grades of the `--human-grades` folder `given`."""
    from imobench.results.logs import read_logs

    folder = grades_folder(given)
    if folder is None:
        raise ImobenchError(f"--human-grades {given}: a folder of human grades ({GRADES_FILE}, written by the dashboard's "
                            "Grade page) is needed here, not a CSV")
    read, warnings = read_logs(list(logs))
    loaded = open_store(folder).read()
    items = [i for i in items_from_logs(read) if i.kind == "proof"]
    if not items:
        raise ImobenchError(f"no ProofBench proof in {', '.join(logs)}; pass the ProofBench logs the grades in {folder} are about")
    return Graded(folder=folder, items=items, grades=loaded.grades, warnings=warnings + loaded.warnings)


def calibration_items(graded: Graded, logs: Sequence[str]) -> tuple[list, str]:
    """Items `imobench.grading.calibration.calibrate` fits on: each proof's automatic grade against its
    resolved human grade (`agreement.TIE_RULE`), and the words naming where they came from."""
    from imobench.grading.calibration import Graded as CalibrationItem
    from imobench.humans.agreement import resolved_values

    values = resolved_values(graded.items, graded.grades)
    out = [CalibrationItem(grader_points=i.ai_value, human_grade=values[i.key], problem_id=i.problem_id,
                           dataset=f"{i.dataset or '?'} human grades in {graded.folder}", verified=i.data_verified,
                           grader=i.grader, scale=i.scale, unscored_reason=i.unscored_reason)
           for i in graded.items if i.key in values]
    if not out:
        raise ImobenchError(f"none of the proofs in {', '.join(logs)} has a human grade in {graded.folder} on its current text; "
                            "grade them on the dashboard's Grade page first")
    return out, f"{', '.join(logs)} with the human grades in {graded.folder}"
