"""The record of one human decision, as it is stored (one JSON line) and read back.

A decision is about one text: a ProofBench proof (points on the scale) or an AnswerBench response
(a verdict, correct or incorrect).  It names the sample by its log, id, uuid and epoch and carries
the sha256 of the exact text the person saw, so a grade never attaches to a text that has since
changed (a re-run, an edited CSV).  Who decided is a free name or initials: it is what keeps two
people's grades apart and lets a later grade by the same person supersede an earlier one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

HUMAN_RECORD_VERSION = 1
PERSON_CHARS = 64  # a name or initials; longer is a paste, refused
NOTE_CHARS = 4000  # a note beside a grade; longer is cut by the page before it is stored

Kind = Literal["proof", "answer"]
Verdict = Literal["correct", "incorrect"]


def text_sha256(text: str) -> str:
    """The digest a grade is tied to: of the text exactly as the log (or CSV) holds it."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def clean_person(name: str) -> str:
    """The stored form of who grades: trimmed, inner whitespace collapsed; refused when empty or too long."""
    person = " ".join(str(name).split())
    if not person:
        raise ValueError("a grade needs the name or initials of who gave it")
    if len(person) > PERSON_CHARS:
        raise ValueError(f"a name of at most {PERSON_CHARS} characters, please (got {len(person)})")
    return person


class HumanGrade(BaseModel):
    """One decision by one person on one text: points (a proof) or a verdict (an answer)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    version: int = HUMAN_RECORD_VERSION
    kind: Kind
    queue: Literal["grade", "review"] = "grade"  # the page it was given on
    benchmark: str
    log: str  # the log location (or the CSV path) the text was read from
    sample_id: str
    sample_uuid: str | None = None  # Inspect's unique sample id; None for a CSV row
    epoch: int = 1
    model: str | None = None  # the model whose text it is
    problem_id: str
    person: str
    points: int | None = None
    verdict: Verdict | None = None
    scale: str | None = None  # identity of the scale the points are on
    note: str = ""
    time: str
    sha256: str

    @field_validator("person")
    @classmethod
    def _person(cls, value: str) -> str:
        return clean_person(value)

    @field_validator("note")
    @classmethod
    def _note(cls, value: str) -> str:
        return value[:NOTE_CHARS]

    @field_validator("sha256")
    @classmethod
    def _digest(cls, value: str) -> str:
        if len(value) != 64 or any(c not in "0123456789abcdef" for c in value):
            raise ValueError("sha256 must be 64 lower-case hex digits")
        return value

    @model_validator(mode="after")
    def _one_decision(self) -> HumanGrade:
        if self.kind == "proof" and (self.points is None or self.verdict is not None):
            raise ValueError("a proof grade holds points and no verdict")
        if self.kind == "answer" and (self.verdict is None or self.points is not None):
            raise ValueError("an answer review holds a verdict and no points")
        return self

    @property
    def item_key(self) -> str:
        return item_key(self.log, self.sample_id, self.sample_uuid, self.epoch)

    @property
    def value(self) -> float:
        """The decision as a score value: points, or 1/0 for a verdict."""
        return float(self.points) if self.points is not None else (1.0 if self.verdict == "correct" else 0.0)


def item_key(log: str, sample_id: str, sample_uuid: str | None, epoch: int) -> str:
    """What names a graded sample across runs of the dashboard: Inspect's sample uuid (unique, and
    unchanged when a log is moved), else the file, row id and epoch (a CSV row)."""
    return f"uuid:{sample_uuid}" if sample_uuid else f"row:{log}#{sample_id}#{epoch}"
