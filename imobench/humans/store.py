"""The human grades file: append-only JSON Lines in a folder the user chooses, behind a file lock.

Nothing is ever rewritten: every decision is one appended line, and a later decision by the same
person on the same text supersedes the earlier one when read (`latest`), while both stay in the
file (the history is the audit trail).  Appends take an exclusive `filelock` lock on a sibling
`.lock` file (it holds between processes and between threads of one process, i.e. two people or
two browser tabs on one dashboard server) and write each line with a single `write` on a file
opened for appending, then `fsync`, so a reader never sees half a record and a crash loses at most
the record being written.  A line torn by a crash, or edited by hand into something unreadable, is
skipped with a warning naming the file and line; the next append starts on a fresh line.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock, Timeout
from pydantic import ValidationError

from imobench.errors import ImobenchError
from imobench.humans.records import HumanGrade

GRADES_FILE = "human-grades.jsonl"
LOCK_SECONDS = 30.0  # how long an append waits for another writer before it gives up with a message
LINE_BYTES = 64 * 1024 * 1024  # no record is near this; a file line longer is not read as one


@dataclass
class Loaded:
    """What a read found: the records in file order, and one warning per line that was skipped."""

    grades: list[HumanGrade] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class GradeStore:
    """The grades file of one folder."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder).expanduser()
        self.path = self.folder / GRADES_FILE
        self._lock = FileLock(str(self.path) + ".lock", timeout=LOCK_SECONDS)

    def append(self, grade: HumanGrade) -> None:
        """Add one record durably (see the module docstring); never rewrites what is there."""
        line = json.dumps(grade.model_dump(mode="json"), ensure_ascii=True, separators=(",", ":")).encode("ascii") + b"\n"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with self._lock:
                fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
                try:
                    if _ends_torn(self.path):
                        line = b"\n" + line  # a torn last line stays alone on its line
                    view = memoryview(line)
                    while view:
                        view = view[os.write(fd, view):]
                    os.fsync(fd)
                finally:
                    os.close(fd)
        except Timeout:
            raise ImobenchError(f"{self.path}: another writer has held its lock for {LOCK_SECONDS:g} s; "
                                f"if no dashboard is running, remove {self.path}.lock and try again") from None
        except OSError as err:
            raise ImobenchError(f"{self.path}: cannot write the grade ({err.strerror}); choose a writable folder with --grades DIR") from None

    def read(self) -> Loaded:
        """Every readable record in file order (a missing file is an empty store)."""
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return Loaded()
        except OSError as err:
            raise ImobenchError(f"{self.path}: cannot read the human grades ({err.strerror})") from None
        return parse_lines(data, str(self.path))


def _ends_torn(path: Path) -> bool:
    size = path.stat().st_size
    if size == 0:
        return False
    with path.open("rb") as fh:
        fh.seek(size - 1)
        return fh.read(1) != b"\n"


def parse_lines(data: bytes, where: str) -> Loaded:
    """Records of a grades file's bytes: lines split on newline bytes only (a JSON string holding
    U+2028 is one line), each decoded alone, so one bad line costs only itself."""
    out = Loaded()
    for number, raw in enumerate(data.split(b"\n"), start=1):
        if not raw.strip():
            continue
        if len(raw) > LINE_BYTES:
            out.warnings.append(f"{where} line {number}: skipped, longer than {LINE_BYTES} bytes")
            continue
        try:
            out.grades.append(HumanGrade.model_validate(json.loads(raw.decode("utf-8"))))
        except (UnicodeDecodeError, json.JSONDecodeError) as err:
            out.warnings.append(f"{where} line {number}: skipped, not a JSON record ({type(err).__name__})")
        except ValidationError as err:
            first = err.errors()[0]
            place = ".".join(str(p) for p in first["loc"]) or "record"
            out.warnings.append(f"{where} line {number}: skipped, {place}: {first['msg']}")
    return out


def latest(grades: list[HumanGrade]) -> dict[tuple[str, str], HumanGrade]:
    """Each person's last decision per sample: (item key, person) -> record.  File order decides
    (appends are serialised by the lock), so clocks that disagree cannot reorder two decisions."""
    out: dict[tuple[str, str], HumanGrade] = {}
    for g in grades:
        out[(g.item_key, g.person.casefold())] = g
    return out


def grades_dir_for(log_dir: str) -> Path:
    """The default folder for human grades: `human-grades` inside a local log folder; for a remote
    location (s3://...), `./human-grades` (the file must be local to be locked)."""
    if "://" in log_dir and not log_dir.startswith("file://"):
        return Path("human-grades")
    return Path(log_dir.removeprefix("file://")) / "human-grades"


def open_store(folder: str | Path) -> GradeStore:
    """The store of a folder given on the command line: refused with a message when it is a file."""
    path = Path(folder).expanduser()
    if path.exists() and not path.is_dir():
        raise ImobenchError(f"--human-grades {folder}: a folder holding {GRADES_FILE} is expected, this is a file "
                            "(a CSV of model, problem_id, points is read by report only)")
    return GradeStore(path)
