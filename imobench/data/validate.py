"""Structural validation of a loaded dataset: finds malformed rows whether or not an erratum exists.

Each finding names the file, the row (number, line and id) and the field.  Errors are defects that
make a row wrong for evaluation (a missing cell, an unknown category, an unbalanced `$`, a cell
count that does not match the header, an answer that reads as a recent spreadsheet date serial).
Warnings are reserved for oddities that do not change what is evaluated.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import Literal

from pydantic import BaseModel, ConfigDict

from imobench.data.guidelines import GuidelineParseError, parse_guidelines
from imobench.data.load import Dataset

ANSWERBENCH_CATEGORIES = ("Algebra", "Combinatorics", "Geometry", "Number theory")
PROOFBENCH_LEVELS = ("pre-IMO", "IMO-easy", "IMO-medium", "IMO-hard")
ID_PATTERNS = {
    "answerbench": re.compile(r"imo-bench-(algebra|combinatorics|geometry|number_theory)-\d{3}"),
    "proofbench": re.compile(r"PB-(Basic|Advanced)-\d{3}"),
    "leanproofbench": re.compile(r"PB-(Basic|Advanced)-\d{3}"),
    "gradingbench": re.compile(r"GB-\d{4}"),
}
# Fields that may legitimately be blank (ProofBench problems without a short answer hold " ").
OPTIONAL_FIELDS = {"Short Answer", "Subcategory"}
MATH_FIELDS = ("Problem", "Short Answer", "Solution", "Grading guidelines")
_UNESCAPED_DOLLAR = re.compile(r"(?<!\\)\$")
# Spreadsheet programs turn "4, 5" into a date and store the day count since 1899-12-30.  Only serials
# of 2015-2035 are flagged: older-looking integers (33614, 31395) are real answers in AnswerBench.
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_SERIAL_RANGE = ((dt.date(2015, 1, 1) - _EXCEL_EPOCH).days, (dt.date(2035, 12, 31) - _EXCEL_EPOCH).days)


class Finding(BaseModel):
    """One problem in one cell (or row)."""

    model_config = ConfigDict(frozen=True)

    severity: Literal["error", "warning"]
    file: str
    row: int
    line: int
    row_id: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: row {self.row} (line {self.line}, {self.row_id}) field {self.field!r}: {self.severity}: {self.message}"


def unbalanced_dollars(text: str) -> bool:
    """True when `text` has an odd number of unescaped `$` (so some math span is never closed)."""
    return len(_UNESCAPED_DOLLAR.findall(text)) % 2 == 1


def spreadsheet_date(text: str) -> dt.date | None:
    """The date a bare integer answer would be as a recent spreadsheet serial, else None."""
    value = text.strip().strip("$").strip()
    if not value.isdigit():
        return None
    n = int(value)
    if _SERIAL_RANGE[0] <= n <= _SERIAL_RANGE[1]:
        return _EXCEL_EPOCH + dt.timedelta(days=n)
    return None


def validate(ds: Dataset) -> list[Finding]:
    """All findings for a loaded dataset, in row order.

    Values are checked after errata (what evaluation sees); cell counts on the raw rows.
    """
    m = ds.spec.manifest
    kind = m.row_model
    file = str(ds.files[0]) if len(ds.files) == 1 else f"{ds.files[0].parent}/*.csv"
    findings: list[Finding] = []
    ids = Counter(r.row_id for r in ds.rows)
    fixed = {(e.problem_id, e.field) for e in ds.errata}

    for raw, row in zip(ds.raw_rows, ds.rows, strict=True):
        cells = row.model_dump(by_alias=True)

        def add(severity: str, field: str, message: str) -> None:
            findings.append(
                Finding(severity=severity, file=file, row=raw.number, line=raw.line, row_id=row.row_id, field=field, message=message)
            )

        if raw.n_cells != len(m.columns) and not any((row.row_id, c) in fixed for c in m.columns):
            add("error", "*", f"row has {raw.n_cells} cells, the header {len(m.columns)}: the row is column-shifted or cut")
        if ids[row.row_id] > 1:
            add("error", m.columns[0], f"duplicate id ({ids[row.row_id]} rows)")
        if not ID_PATTERNS[kind].fullmatch(row.row_id):
            add("error", m.columns[0], f"id {row.row_id!r} does not match {ID_PATTERNS[kind].pattern}")
        for col in m.columns:
            value = cells.get(col)
            text = "" if value is None else str(value)
            if not text.strip() and col not in OPTIONAL_FIELDS:
                add("error", col, "missing value")
            if col in MATH_FIELDS and unbalanced_dollars(text):
                add("error", col, f"unbalanced $ (odd count of unescaped $): …{text.strip()[-40:]!r}")
        category = cells.get("Category")
        if kind == "answerbench":
            if category not in ANSWERBENCH_CATEGORIES:
                add("error", "Category", f"unknown category {category!r}; expected one of {', '.join(ANSWERBENCH_CATEGORIES)}")
            answer = cells["Short Answer"]
            if answer.strip() in ANSWERBENCH_CATEGORIES:
                add("error", "Short Answer", f"holds the category name {answer.strip()!r}: the row looks column-shifted")
            if not answer.strip():
                add("error", "Short Answer", "missing value")
            date = spreadsheet_date(answer)
            if date is not None:
                add(
                    "error",
                    "Short Answer",
                    f"{answer.strip()} reads as a spreadsheet date serial ({date.isoformat()}): was "
                    f"'{date.month}, {date.day}' or similar typed into a spreadsheet?",
                )
        if kind in ("proofbench", "leanproofbench", "gradingbench"):
            if kind != "gradingbench":
                if category not in ANSWERBENCH_CATEGORIES:
                    add("error", "Category", f"unknown category {category!r}")
                if cells["Level"] not in PROOFBENCH_LEVELS:
                    add("error", "Level", f"unknown level {cells['Level']!r}; expected one of {', '.join(PROOFBENCH_LEVELS)}")
            try:
                items = parse_guidelines(cells["Grading guidelines"])
                if not items:
                    add("error", "Grading guidelines", "no guideline items")
            except GuidelineParseError as err:
                add("error", "Grading guidelines", str(err))
    return findings
