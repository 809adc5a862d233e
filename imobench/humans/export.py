"""Your own GradingBench: the human-graded proofs as a CSV in GradingBench's columns, so that
`inspect eval imobench/gradingbench -T data=mine.csv` measures any grader on them.

Points and Reward come from the human grade resolved by `agreement.TIE_RULE` (the lower median of
the people's latest grades); Reward is the dataset label the scale places at those points (the
reverse of the scale's `[human_labels]`).  Only grades on the text as it is now are used; a proof
whose resolved grade has no GradingBench label on the scale is left out and counted.
"""

from __future__ import annotations

import csv
import hashlib
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel

from imobench.data.models import GradingBenchRecord, columns_of
from imobench.errors import ImobenchError
from imobench.humans.agreement import resolved_values
from imobench.humans.items import Item
from imobench.humans.records import HumanGrade
from imobench.scale import Scale, default_scale


class Exported(BaseModel):
    rows: int
    without_label: int  # resolved grades the scale gives no GradingBench label
    path: str


def _reward(scale: Scale, points: float) -> str | None:
    level = scale.label_of(points)
    return next((label for label, mapped in scale.human_labels.items() if level is not None and mapped.casefold() == level.casefold()), None)


def grading_id(item: Item) -> str:
    """A stable id for an exported proof (GradingBench's own are GB-NNNN; these are HG- and a digest)."""
    return "HG-" + hashlib.sha256(f"{item.key}\x00{item.sha256}".encode()).hexdigest()[:10]


def export_rows(items: Sequence[Item], grades: Sequence[HumanGrade]) -> tuple[list[dict[str, str]], int]:
    values = resolved_values(items, grades)
    rows, without = [], 0
    for item in sorted(items, key=lambda i: (i.problem_id, i.model or "", i.sample_id, i.epoch)):
        if item.kind != "proof" or item.key not in values:
            continue
        points = values[item.key]
        reward = _reward(item.scale or default_scale(), points)
        if reward is None or not 0 <= points <= 7:
            without += 1
            continue
        rows.append({"Grading ID": grading_id(item), "Problem ID": item.problem_id, "Problem": item.problem,
                     "Solution": item.solution, "Grading guidelines": item.guidelines, "Response": item.text,
                     "Points": str(int(points)), "Reward": reward, "Problem Source": item.source or item.model or ""})
    return rows, without


def export_grading(items: Sequence[Item], grades: Sequence[HumanGrade], output: Path) -> Exported:
    """Write the CSV atomically (a temporary file renamed over `output`)."""
    rows, without = export_rows(items, grades)
    if not rows:
        raise ImobenchError("no proof in these logs has a human grade on its current text; grade some on the dashboard's "
                            "Grade page (imobench dashboard --grades DIR) first")
    columns = columns_of(GradingBenchRecord)
    target = output.expanduser()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=columns)
            writer.writeheader()
            writer.writerows(rows)
        os.replace(tmp, target)
    except OSError as err:
        raise ImobenchError(f"-o {output}: cannot write the CSV ({err.strerror}); choose a writable path") from None
    return Exported(rows=len(rows), without_label=without, path=str(target))
