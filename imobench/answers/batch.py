"""`imobench answers check`: verdicts for a JSON Lines file of (id, gold, response) items.

Input lines: {"id": ..., "gold": "<answer as the dataset holds it>", "response": "<model text>"}.
Output lines: the input fields plus verdict, extracted, method, reason (and answer_type).  All cores
are used through the bounded runner; a malformed input line is reported with its line number and
skipped, and the rest is processed.
"""

from __future__ import annotations

import json
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pydantic import BaseModel, ValidationError

from imobench.answers.bounded import BoundedRunner
from imobench.errors import ImobenchError


class CheckItem(BaseModel):
    id: str | int
    gold: str
    response: str


class BatchSummary(BaseModel):
    total: int
    malformed: list[str]
    verdicts: dict[str, int]
    seconds: float


def read_items(path: Path) -> tuple[list[tuple[int, CheckItem]], list[str]]:
    items: list[tuple[int, CheckItem]] = []
    problems: list[str] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise ImobenchError(f"--input {path}: no such file") from None
    except UnicodeDecodeError as err:
        raise ImobenchError(f"--input {path}: not UTF-8 ({err.reason} at byte {err.start})") from None
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            items.append((lineno, CheckItem.model_validate(json.loads(line))))
        except json.JSONDecodeError as err:
            problems.append(f"{path}:{lineno}: not JSON ({err.msg} at column {err.colno})")
        except ValidationError as err:
            fields = ", ".join(".".join(map(str, e["loc"])) or "line" for e in err.errors())
            problems.append(f"{path}:{lineno}: needs string fields id, gold, response (problem with: {fields})")
    return items, problems


def check_file(input_path: Path, output_path: Path, workers: int | None = None, timeout: float = 10.0, progress: bool = True) -> BatchSummary:
    """Check every item of `input_path` and write the verdicts to `output_path`, in input order."""
    started = time.monotonic()
    items, problems = read_items(input_path)
    for p in problems:
        print(f"imobench: skipped {p}", file=sys.stderr)
    n_workers = workers or os.cpu_count() or 2
    runner = BoundedRunner(workers=n_workers, timeout=timeout)
    counts: dict[str, int] = {}
    done = 0
    try:
        with ThreadPoolExecutor(max_workers=n_workers) as pool, output_path.open("w", encoding="utf-8") as out:
            futures = [pool.submit(runner.check, item.gold, item.response) for _, item in items]
            for (_, item), future in zip(items, futures, strict=True):
                verdict = future.result()
                counts[verdict.verdict] = counts.get(verdict.verdict, 0) + 1
                out.write(json.dumps({**item.model_dump(), **verdict.model_dump()}, ensure_ascii=False) + "\n")
                done += 1
                if progress and (done % 50 == 0 or done == len(items)):
                    print(f"\rchecked {done}/{len(items)}", end="", file=sys.stderr, flush=True)
        if progress and items:
            print(file=sys.stderr)
    finally:
        runner.close()
    return BatchSummary(total=len(items), malformed=problems, verdicts=counts, seconds=time.monotonic() - started)
