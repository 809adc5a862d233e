"""Writing a loaded dataset out as JSON Lines, CSV or Parquet."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Literal

import pandas as pd

from imobench.data.load import Dataset
from imobench.errors import ImobenchError

ExportFormat = Literal["jsonl", "csv", "parquet"]


def records(ds: Dataset, *, structured: bool) -> list[dict]:
    """Rows as dictionaries keyed by the upstream column names.

    `structured` adds ProofBench's parsed guideline items (a list), which only JSON can hold.
    """
    exclude = None if structured else {"guidelines"}
    return [r.model_dump(by_alias=True, exclude=exclude, mode="json") for r in ds.rows]


def export(ds: Dataset, fmt: ExportFormat, output: Path | None) -> None:
    """Write `ds` in `fmt` to `output` (stdout when None; Parquet needs a file)."""
    if fmt == "jsonl":
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records(ds, structured=True))
        _write_text(text, output)
    elif fmt == "csv":
        _write_text(pd.DataFrame(records(ds, structured=False)).to_csv(index=False), output)
    elif fmt == "parquet":
        if output is None:
            raise ImobenchError("--format parquet writes a binary file: give --output PATH")
        frame = pd.DataFrame(records(ds, structured=False))
        frame.attrs = {}
        frame.to_parquet(output, index=False)
    else:  # argparse restricts choices; kept for direct callers
        raise ImobenchError(f"unknown export format {fmt!r}; use jsonl, csv or parquet")


def _write_text(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
