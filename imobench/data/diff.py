"""Per-field differences between two versions of one dataset."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from imobench.data.load import Dataset


class FieldChange(BaseModel):
    model_config = ConfigDict(frozen=True)

    row_id: str
    field: str
    old: str | None
    new: str | None


class DatasetDiff(BaseModel):
    model_config = ConfigDict(frozen=True)

    old: str
    new: str
    added: list[str]
    removed: list[str]
    changes: list[FieldChange]

    @property
    def changed_ids(self) -> list[str]:
        return sorted({c.row_id for c in self.changes})


def diff(old: Dataset, new: Dataset) -> DatasetDiff:
    """Compare two loaded versions row by row (matched by id) and field by field (by column name)."""
    a = {r.row_id: r.model_dump(by_alias=True, exclude={"guidelines"}) for r in old.rows}
    b = {r.row_id: r.model_dump(by_alias=True, exclude={"guidelines"}) for r in new.rows}
    changes: list[FieldChange] = []
    for rid in sorted(a.keys() & b.keys()):
        for field in dict.fromkeys([*a[rid], *b[rid]]):
            x, y = a[rid].get(field), b[rid].get(field)
            if x != y:
                changes.append(FieldChange(row_id=rid, field=field, old=_s(x), new=_s(y)))
    return DatasetDiff(
        old=old.key,
        new=new.key,
        added=sorted(b.keys() - a.keys()),
        removed=sorted(a.keys() - b.keys()),
        changes=changes,
    )


def _s(v: object) -> str | None:
    return None if v is None else str(v)
