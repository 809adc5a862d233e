"""The errata layer: documented fixes applied on top of a raw upstream file.

Each fix is a record in `datasets/errata/<name>-<version>.toml` with the problem id, the field, the
exact old value, the new value, the upstream reference and the reason.  A record whose old value is
not what the file holds is refused: the file has changed and the fix must be reviewed again.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from imobench.data.manifest import Manifest
from imobench.errors import SchemaError
from imobench.resources import resource_dir


class Erratum(BaseModel):
    """One reviewed cell: replaced, or confirmed as correct after review."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    problem_id: str
    field: str
    action: Literal["replace", "confirm"]
    old: str
    new: str
    upstream: str
    reason: str


def errata_for(manifest: Manifest) -> tuple[Erratum, ...]:
    """The errata records of a manifest (empty when it has none)."""
    if not manifest.errata:
        return ()
    path = resource_dir("datasets") / manifest.errata
    records = _read_errata(path)
    for r in records:
        if r.field not in manifest.columns:
            raise SchemaError(f"{path}: erratum {r.id} names field {r.field!r}, which {manifest.key} does not have")
        if r.action == "confirm" and r.old != r.new:
            raise SchemaError(f"{path}: erratum {r.id} is a confirmation but its old and new values differ")
    return records


@lru_cache(maxsize=None)
def _read_errata(path: Path) -> tuple[Erratum, ...]:
    with path.open("rb") as fh:
        return tuple(Erratum(**r) for r in tomllib.load(fh).get("erratum", []))


def apply_errata(cells_by_id: dict[str, dict[str, str]], records: tuple[Erratum, ...], where: str) -> None:
    """Apply `records` in place to rows given as {problem id: {column: value}}."""
    for r in records:
        row = cells_by_id.get(r.problem_id)
        if row is None:
            raise SchemaError(f"erratum {r.id}: {where} has no row {r.problem_id}; the errata file is out of date")
        if row.get(r.field, "") != r.old:
            raise SchemaError(
                f"erratum {r.id}: {where} row {r.problem_id} field {r.field!r} is {row.get(r.field, '')!r}, "
                f"not the expected old value {r.old!r}; the upstream file changed, review the erratum"
            )
        row[r.field] = r.new
