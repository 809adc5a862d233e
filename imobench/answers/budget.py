"""The checker's limits in one place, and the checker's identity.

A `CheckerBudget` says how long one check may run, how much memory its worker process may hold, how
long a response may be, and how many worker processes run at once.  The bounded runner, the batch
command and the tasks all build one (the tasks from `-T checker_timeout=... -T checker_memory_mb=...`,
the batch command from `--timeout` and `--workers`), so no limit is written twice.

`identity()` is the checker's version as a short string: the rules version plus the settings that can
change a verdict (time, memory, input size; not the number of workers).  It is stored in every verdict
and belongs in a log's header, as grader identities are.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

from imobench.errors import ImobenchError

RULES_VERSION = "2.1"  # bump when a rule change can change a verdict (2.1: issue 12 finished)
DEFAULT_TIMEOUT_S = 10.0
DEFAULT_MEMORY_MB = 3072
DEFAULT_MAX_INPUT_CHARS = 1_000_000  # longer responses are cut from the front (answers come last)
MAX_TIMEOUT_S = 3600.0
MIN_MEMORY_MB = 256
MAX_MEMORY_MB = 1 << 20
MAX_WORKERS = 512


class BudgetError(ImobenchError):
    """A budget setting that cannot be used; the message names the option."""


@dataclass(frozen=True)
class CheckerBudget:
    """Time, memory, input size and workers for the checker (validated on construction)."""

    timeout_s: float = DEFAULT_TIMEOUT_S
    memory_mb: int = DEFAULT_MEMORY_MB
    max_input_chars: int = DEFAULT_MAX_INPUT_CHARS
    workers: int = 0  # 0: one per core

    def __post_init__(self) -> None:
        problems = budget_problems(self.timeout_s, self.memory_mb, self.max_input_chars, self.workers)
        if problems:
            field, value, why = problems[0]
            raise BudgetError(f"checker budget {field}={value!r}: {why}")

    @property
    def pool_size(self) -> int:
        return self.workers or os.cpu_count() or 2

    def identity(self) -> str:
        return checker_identity(self)


def budget_problems(timeout_s, memory_mb, max_input_chars, workers) -> list[tuple[str, object, str]]:
    """(field, value, what is wrong) for each unusable setting; empty when all are usable.

    Exposed so that a caller (the CLI, a task) can name its own option in the message."""
    out: list[tuple[str, object, str]] = []
    if isinstance(timeout_s, bool) or not isinstance(timeout_s, (int, float)) or not math.isfinite(timeout_s) or not 0 < timeout_s <= MAX_TIMEOUT_S:
        out.append(("timeout_s", timeout_s, f"give a number of seconds above 0 and at most {MAX_TIMEOUT_S:g}"))
    if isinstance(memory_mb, bool) or not isinstance(memory_mb, int) or not MIN_MEMORY_MB <= memory_mb <= MAX_MEMORY_MB:
        out.append(("memory_mb", memory_mb, f"give a whole number of megabytes from {MIN_MEMORY_MB} to {MAX_MEMORY_MB}"))
    if isinstance(max_input_chars, bool) or not isinstance(max_input_chars, int) or max_input_chars < 1:
        out.append(("max_input_chars", max_input_chars, "give a positive whole number of characters"))
    if isinstance(workers, bool) or not isinstance(workers, int) or not 0 <= workers <= MAX_WORKERS:
        out.append(("workers", workers, f"give a whole number of processes from 1 to {MAX_WORKERS} (0: one per core)"))
    return out


def checker_identity(budget: CheckerBudget | None = None) -> str:
    """`imobench-checker/2.1 t=10s m=3072MB in=1000000` for the log header and every verdict."""
    b = budget if budget is not None else CheckerBudget()
    return f"imobench-checker/{RULES_VERSION} t={b.timeout_s:g}s m={b.memory_mb}MB in={b.max_input_chars}"
