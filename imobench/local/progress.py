"""A per-sample counter for the quickstart, printed as Inspect finishes each sample.

The quickstart runs Inspect in-process without its full-screen display (it is often run in a plain
log or a CI job), so without this a slow machine shows nothing for minutes.  Inspect's hooks API calls
`on_sample_end` for every finished sample and `on_model_retry` before every retried model call; the hook
is registered when this module is imported and is active only inside `counting(...)`, so other runs in
the same process print nothing.
"""

from __future__ import annotations

import math
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TextIO

from inspect_ai.hooks import Hooks, ModelRetry, SampleEnd, hooks

from imobench.records import score_value


@dataclass
class _Counter:
    label: str
    total: int
    out: TextIO
    done: int = 0


_active: _Counter | None = None


def _shown(value) -> str:
    """`correct`, `incorrect`, `6 points` or `unscored` for a score's value (the records' dict or a plain value)."""
    if (isinstance(value, dict) and "correct" in value) or value in ("C", "I"):
        v = score_value(value, "correct" if isinstance(value, dict) else None)
        return "unscored" if math.isnan(v) else ("correct" if v == 1.0 else "incorrect")
    v = score_value(value)
    return "unscored" if math.isnan(v) else f"{v:g} points"


@hooks(name="imobench_quickstart_progress", description="One line per finished sample during imobench quickstart.")
class QuickstartProgress(Hooks):
    def enabled(self) -> bool:
        return _active is not None

    async def on_sample_end(self, data: SampleEnd) -> None:
        counter = _active
        if counter is None:
            return
        counter.done += 1
        sample = data.sample
        score = next(iter((sample.scores or {}).values()), None)
        if sample.error is not None:
            what = f"error: {str(sample.error.message).splitlines()[0][:120]}"
        elif score is None:
            what = "not scored"
        else:
            what = _shown(score.value)
        print(f"  [{counter.done}/{counter.total}] {sample.id}: {what}", file=counter.out, flush=True)

    async def on_model_retry(self, data: ModelRetry) -> None:
        counter = _active
        if counter is not None:
            why = data.exception_type or (f"HTTP {data.status_code}" if data.status_code else "an error")
            print(f"  retrying a call to {data.model_name} after {why} (attempt {data.attempt}, waiting {data.wait_time:.0f} s)",
                  file=counter.out, flush=True)


@contextmanager
def counting(label: str, total: int, out: TextIO = sys.stdout):
    """Print a line per finished sample of the run inside this block."""
    global _active
    _active = _Counter(label, total, out)
    try:
        yield _active
    finally:
        _active = None
