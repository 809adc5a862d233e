"""`imobench answers check`: verdicts for a JSON Lines file of (id, gold, response) items.

Input lines: {"id": ..., "gold": "<answer as the dataset holds it>", "response": "<model text>"}, and
optionally "problem": "<the problem statement>" (it tells a set of solutions from values in an order).
Output lines, one per non-blank input line and in input order: the input fields, its line number and
the verdict (verdict, extracted, method, reason, answer_type, failure, checker), or {"line", "error"}
for a line that could not be read.  The file is read as bytes and split on "\\n" only (a U+2028 inside a
JSON string is text, not a line break); each line is decoded on its own, so one bad byte costs one line.
The output is written to a temporary file beside the target and renamed over it at the end (or goes to
standard output), so an interrupted run never leaves a truncated file.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import IO

from pydantic import BaseModel, StrictInt, StrictStr, ValidationError

from imobench.answers.bounded import BoundedRunner
from imobench.answers.budget import CheckerBudget
from imobench.errors import ImobenchError

PROGRESS_EVERY = 50


class CheckItem(BaseModel):
    """One input line.  Ids are strings or integers; `true` is refused, never turned into 1.  `problem`
    (optional) is the problem statement: it tells a set of solutions from values asked for in an order."""

    id: StrictStr | StrictInt
    gold: StrictStr
    response: StrictStr
    problem: StrictStr | None = None


class BatchSummary(BaseModel):
    total: int
    malformed: list[str]
    verdicts: dict[str, int]
    failures: dict[str, int]  # time | memory | size | internal: checks that did not finish, apart from undecided
    seconds: float


def read_items(path: Path) -> tuple[list[tuple[int, CheckItem | str]], list[str]]:
    """(line number, item or the reason it could not be read) for every non-blank line, and the problems."""
    if path.is_dir():
        raise ImobenchError(f"--input {path}: is a folder; give a JSON Lines file")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImobenchError(f"--input {path}: no such file") from None
    except OSError as err:
        raise ImobenchError(f"--input {path}: cannot read it ({err.strerror or err})") from None
    out: list[tuple[int, CheckItem | str]] = []
    problems: list[str] = []
    for lineno, raw in enumerate(data.split(b"\n"), start=1):
        raw = raw.removesuffix(b"\r")
        if not raw.strip():
            continue
        why = None
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as err:
            why = f"not UTF-8 ({err.reason} at byte {err.start} of the line)"
        else:
            try:
                out.append((lineno, CheckItem.model_validate(json.loads(line))))
                continue
            except json.JSONDecodeError as err:
                why = f"not JSON ({err.msg} at column {err.colno})"
            except ValidationError as err:
                fields = ", ".join(".".join(map(str, e["loc"])) or "line" for e in err.errors())
                why = f"needs fields id (a string or an integer), gold and response (strings); problem with: {fields}"
        problems.append(f"{path}:{lineno}: {why}")
        out.append((lineno, why))
    return out, problems


def _dumps(record: dict) -> str:
    try:
        text = json.dumps(record, ensure_ascii=False)
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:  # a lone surrogate from the input: written escaped, still valid JSON
        return json.dumps(record, ensure_ascii=True)


def _open_output(output_path: Path | None, input_path: Path) -> tuple[IO[str], Path | None]:
    if output_path is None:
        return sys.stdout, None
    if output_path.is_dir():
        raise ImobenchError(f"--output {output_path}: is a folder; give a file name")
    try:
        same = output_path.exists() and os.path.samefile(output_path, input_path)
    except OSError:
        same = False
    if same or output_path.resolve() == input_path.resolve():
        raise ImobenchError(f"--output {output_path}: is the input file; write the verdicts to another file")
    parent = output_path.resolve().parent
    if not parent.is_dir():
        raise ImobenchError(f"--output {output_path}: the folder {parent} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{output_path.name}.", suffix=".tmp", dir=parent)
    except OSError as err:
        raise ImobenchError(f"--output {output_path}: cannot write there ({err.strerror or err})") from None
    return os.fdopen(fd, "w", encoding="utf-8", newline="\n"), Path(tmp)


def check_file(
    input_path: Path, output_path: Path | None, budget: CheckerBudget | None = None, progress: bool = True
) -> BatchSummary:
    """Check every item of `input_path`; write the verdicts to `output_path` (standard output when None)."""
    started = time.monotonic()
    budget = budget if budget is not None else CheckerBudget()
    rows, problems = read_items(input_path)
    for p in problems:
        print(f"imobench: skipped {p}", file=sys.stderr)
    out, tmp = _open_output(output_path, input_path)
    runner = BoundedRunner(budget)
    counts: dict[str, int] = {}
    failures: dict[str, int] = {}
    items = [(n, it) for n, it in rows if isinstance(it, CheckItem)]
    done = 0
    ok = False
    try:
        with ThreadPoolExecutor(max_workers=runner.size) as pool:
            futures = {n: pool.submit(runner.check, it.gold, it.response, None, it.problem) for n, it in items}
            for lineno, item in rows:
                if not isinstance(item, CheckItem):
                    out.write(_dumps({"line": lineno, "error": item}) + "\n")
                    continue
                verdict = futures[lineno].result()
                counts[verdict.verdict] = counts.get(verdict.verdict, 0) + 1
                if verdict.failure:
                    failures[verdict.failure] = failures.get(verdict.failure, 0) + 1
                out.write(_dumps({**item.model_dump(exclude_none=True), "line": lineno, **verdict.model_dump()}) + "\n")
                done += 1
                if progress and (done % PROGRESS_EVERY == 0 or done == len(items)):
                    print(f"\rchecked {done}/{len(items)}", end="", file=sys.stderr, flush=True)
        if progress and items:
            print(file=sys.stderr)
        ok = True
    finally:
        runner.close()
        if tmp is not None:
            out.close()
            if ok:
                os.replace(tmp, output_path)
            else:
                tmp.unlink(missing_ok=True)
        else:
            out.flush()
    return BatchSummary(
        total=len(items), malformed=problems, verdicts=counts, failures=failures, seconds=time.monotonic() - started
    )
