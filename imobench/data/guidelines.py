"""ProofBench grading guidelines, parsed from their plain-text form into structured items.

Upstream writes them as headed lists::

    (Partial)
     1. Guessed the solution correctly
     2. Proved ...
    (Almost)
     1. Solved correctly, but ...

A header may also be `(Incorrect)` (one problem lists what earns *no* credit).  Text that belongs to
no header, or a header we do not know, is an error so that a changed upstream format is noticed.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict

GuidelineLevel = Literal["Incorrect", "Partial", "Almost"]

_HEADER = re.compile(r"^\s*\((?P<level>[A-Za-z]+)\)\s*$")
_ITEM = re.compile(r"^\s*(?P<number>\d+)\.\s*(?P<text>.*)$")
_LEVELS = ("Incorrect", "Partial", "Almost")


class GuidelineItem(BaseModel):
    """One numbered criterion under a level heading."""

    model_config = ConfigDict(frozen=True)

    level: GuidelineLevel
    number: int
    text: str


class GuidelineParseError(ValueError):
    """The guideline text is not in the headed-list form; the message says which line."""


def parse_guidelines(text: str) -> list[GuidelineItem]:
    """Parse guideline text into items in document order.

    Continuation lines (no number) are joined to the item above them.
    """
    items: list[dict] = []
    level: str | None = None
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        header = _HEADER.match(line)
        if header:
            level = header["level"].capitalize()
            if level not in _LEVELS:
                raise GuidelineParseError(
                    f"line {lineno}: unknown guideline heading ({header['level']}); "
                    f"expected one of {', '.join(_LEVELS)}"
                )
            continue
        if level is None:
            raise GuidelineParseError(f"line {lineno}: text before the first (Partial)/(Almost) heading: {line.strip()[:60]!r}")
        item = _ITEM.match(line)
        if item:
            items.append({"level": level, "number": int(item["number"]), "text": item["text"].strip()})
        elif items and items[-1]["level"] == level:
            items[-1]["text"] += "\n" + line.strip()
        else:
            raise GuidelineParseError(f"line {lineno}: unnumbered text under ({level}): {line.strip()[:60]!r}")
    return [GuidelineItem(**i) for i in items]


def render_guidelines(items: list[GuidelineItem]) -> str:
    """The items back as headed lists (used in grader prompts and to check the parser round-trips)."""
    out: list[str] = []
    current: str | None = None
    for item in items:
        if item.level != current:
            out.append(f"({item.level})")
            current = item.level
        out.append(f" {item.number}. {item.text}")
    return "\n".join(out)
