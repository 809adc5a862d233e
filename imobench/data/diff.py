"""Per-field differences between two versions of one dataset."""

from __future__ import annotations

import difflib
import re

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


_WORDS = re.compile(r"\s+|[^\s]+")
CONTEXT_WORDS = 6  # words shown on each side of a change


def _shown(tokens: list[str]) -> str:
    return "".join(tokens).replace("\n", "⏎")


def changed_words(old: str, new: str, context: int = CONTEXT_WORDS) -> list[str]:
    """Where two texts differ, word by word: one line per group of nearby changes,
    `…before [-old-]{+new+} after…`, with a few words of context, so a one-word fix in a 2,000-character
    statement reads as one word (newlines shown as ⏎)."""
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    out = []
    for group in matcher.get_grouped_opcodes(2 * context):  # tokens alternate word / space
        parts = ["…" if group[0][1] > 0 else ""]
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                parts.append(_shown(a[i1:i2]))
                continue
            if i2 > i1:
                parts.append(f"[-{_shown(a[i1:i2])}-]")
            if j2 > j1:
                parts.append(f"{{+{_shown(b[j1:j2])}+}}")
        parts.append("…" if group[-1][2] < len(a) else "")
        out.append("".join(parts))
    return out
