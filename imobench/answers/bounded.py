"""Time and memory budgets that hold in threads and in worker processes.

sympy cannot be interrupted from another thread, and `signal.alarm` works only in the main thread
of the main process.  So every check runs in a worker process (`imobench.answers._worker`, a
separate interpreter) taken from a small pool: the caller waits for the reply for at most the
budget, and a worker that has not answered by then is killed and replaced.  Workers cap their own
address space, so an answer that tries to build a gigantic object fails with MemoryError (reported
as a verdict) instead of exhausting the machine.  A separate interpreter, rather than a
multiprocessing child, never re-imports the caller's main module and inherits none of its threads.
"""

from __future__ import annotations

import json
import os
import queue
import selectors
import subprocess
import sys
import threading
import time

from imobench.answers.check import Verdict

DEFAULT_TIMEOUT = 10.0
DEFAULT_MEMORY_MB = 3072
MAX_INPUT_CHARS = 1_000_000
START_TIMEOUT = 120.0


class _Worker:
    def __init__(self, memory_mb: int) -> None:
        env = dict(os.environ)
        env.setdefault("PYTHONHASHSEED", "0")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "imobench.answers._worker", str(memory_mb)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            text=True, bufsize=1, env=env,
        )
        self.ready = False

    def readline(self, timeout: float) -> str | None:
        """One line from the worker, or None if none arrives within `timeout` seconds."""
        assert self.proc.stdout is not None
        with selectors.DefaultSelector() as sel:
            sel.register(self.proc.stdout, selectors.EVENT_READ)
            if not sel.select(timeout):
                return None
        return self.proc.stdout.readline()

    def wait_ready(self) -> None:
        if not self.ready:
            line = self.readline(START_TIMEOUT)
            if not line or "ready" not in line:
                raise OSError("checker worker did not start")
            self.ready = True

    def kill(self) -> None:
        try:
            self.proc.kill()
            self.proc.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            pass


class BoundedRunner:
    """A pool of checker processes; `check` is safe to call from many threads at once."""

    def __init__(self, workers: int = 2, timeout: float = DEFAULT_TIMEOUT, memory_mb: int = DEFAULT_MEMORY_MB) -> None:
        self.timeout = timeout
        self.memory_mb = memory_mb
        self.size = max(1, workers)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._started = 0
        self._lock = threading.Lock()
        self.restarts = 0

    def _take(self) -> _Worker:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            if self._started < self.size:
                self._started += 1
                return _Worker(self.memory_mb)
        return self._idle.get()

    def check(self, gold: str, response: str, timeout: float | None = None) -> Verdict:
        budget = self.timeout if timeout is None else timeout
        if len(response) > MAX_INPUT_CHARS:
            response = response[-MAX_INPUT_CHARS:]
        worker = self._take()
        started = time.monotonic()
        try:
            worker.wait_ready()
            assert worker.proc.stdin is not None
            worker.proc.stdin.write(json.dumps({"gold": gold, "response": response}) + "\n")
            worker.proc.stdin.flush()
            line = worker.readline(budget)
            if line is None:
                result = {"error": f"time budget of {budget:g} s exceeded"}
            elif not line:
                result = {"error": "the checker process died (memory budget?)"}
            else:
                result = json.loads(line)
                self._idle.put(worker)
                worker = None
        except (OSError, ValueError) as err:
            result = {"error": f"checker process failed ({type(err).__name__}: {err})"}
        finally:
            if worker is not None:  # timed out, died or broken: replace it
                worker.kill()
                with self._lock:
                    self._started -= 1
                    self.restarts += 1
        if "error" in result:
            elapsed = time.monotonic() - started
            return Verdict(
                verdict="undecided", extracted="", method="budget",
                reason=f"{result['error']} after {elapsed:.1f} s; the answer was not compared",
            )
        return Verdict(**result)

    def close(self) -> None:
        while True:
            try:
                w = self._idle.get_nowait()
            except queue.Empty:
                break
            w.kill()
        with self._lock:
            self._started = 0


_default: BoundedRunner | None = None
_default_lock = threading.Lock()


def default_runner() -> BoundedRunner:
    """The process-wide pool (one worker per core), created on first use."""
    global _default
    with _default_lock:
        if _default is None:
            _default = BoundedRunner(workers=os.cpu_count() or 2)
        return _default
