"""Strict reading of one benchmark CSV into cell dictionaries.

Fatal (the file is not this dataset): not UTF-8, a header with missing or extra columns, a file that
ends inside a quoted field (truncated), no rows.  Not fatal, because upstream files contain them and
the raw versions must stay loadable: a row with too few or too many cells.  Those are returned as
`RowShapeProblem`s with the row number, and missing cells read as "".
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from imobench.errors import SchemaError


class RawRow(BaseModel):
    """One data row: 1-based row number (header excluded), first physical line, cells by column."""

    model_config = ConfigDict(frozen=True)

    number: int
    line: int
    cells: dict[str, str]
    n_cells: int
    file: str = ""  # the file the row was read from (a folder of CSVs holds several)


def read_csv(path: Path, columns: list[str]) -> list[RawRow]:
    """Read `path`, requiring exactly the header `columns` (same names, same order)."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise SchemaError(
            f"{path}: not UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start}, line {line}). "
            "IMO-Bench files are UTF-8; re-save the file as UTF-8 or fetch the original."
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if _ends_inside_quotes(text):
        line = text.count("\n") + 1
        raise SchemaError(
            f"{path}: the file ends inside a quoted field (line {line}): it is truncated. "
            "Download it again or restore the complete file."
        )
    # Not strict: upstream answerbench_v2.csv has a row with a stray quote that the raw version must keep.
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise SchemaError(f"{path}: the file is empty; expected a header with {', '.join(columns)}") from None
    except csv.Error as err:
        raise SchemaError(f"{path}: the header line cannot be read as CSV ({err})") from None
    _check_header(path, header, columns)
    rows: list[RawRow] = []
    start = reader.line_num + 1
    try:
        for cells in reader:
            if not any(c.strip() for c in cells):
                start = reader.line_num + 1
                continue
            padded = cells + [""] * (len(columns) - len(cells))
            rows.append(
                RawRow(
                    number=len(rows) + 1,
                    line=start,
                    cells=dict(zip(columns, padded, strict=False)),
                    n_cells=len(cells),
                    file=str(path),
                )
            )
            start = reader.line_num + 1
    except csv.Error as err:
        raise SchemaError(
            f"{path}: CSV error after data row {len(rows)} (line {reader.line_num}): {err}"
        ) from None
    if not rows:
        raise SchemaError(f"{path}: the header is there but no data rows follow")
    return rows


def _ends_inside_quotes(text: str) -> bool:
    """Whether a quoted field is still open at the end of `text`, read as Python's lenient csv does.

    A quote opens a field only at the start of a field; inside, `""` is a literal quote and a single
    quote closes it.  Jumping from quote to quote keeps this linear and in C for 10 MB files.
    """
    pos = 0
    while True:
        q = text.find('"', pos)
        if q < 0:
            return False
        if q > 0 and text[q - 1] not in ",\r\n":
            pos = q + 1  # a literal quote inside an unquoted field
            continue
        pos = q + 1
        while True:
            r = text.find('"', pos)
            if r < 0:
                return True
            if text.startswith('"', r + 1):
                pos = r + 2
                continue
            pos = r + 1
            break


def _check_header(path: Path, header: list[str], columns: list[str]) -> None:
    got = [h.strip() for h in header]
    if got == columns:
        return
    missing = [c for c in columns if c not in got]
    extra = [h for h in got if h not in columns]
    parts = []
    if missing:
        parts.append(f"missing column(s) {', '.join(repr(c) for c in missing)}")
    if extra:
        parts.append(f"unexpected column(s) {', '.join(repr(c) for c in extra)}")
    if not parts:
        parts.append(f"columns in the wrong order: {', '.join(got)}")
    raise SchemaError(
        f"{path}: header does not match this dataset: {'; '.join(parts)}. Expected exactly: "
        f"{', '.join(columns)}."
    )
