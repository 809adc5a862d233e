"""Time and memory budgets that hold in threads and in worker processes.

sympy cannot be interrupted from another thread, and `signal.alarm` works only in the main thread of
the main process.  So every check runs in a worker process (`imobench.answers.worker`, a separate
interpreter) taken from a small pool: the caller waits for the reply for at most the budget's time, and
a worker that has not answered by then is killed at once; its place in the pool is freed and every
caller waiting for a worker is woken, so nobody queued behind a slow answer waits for ever.  Workers cap
their own address space, so an answer that tries to build a gigantic object fails with MemoryError
(reported as a verdict) instead of exhausting the machine.

`runner_for(budget)` gives one pool per `CheckerBudget` (the tasks and the batch command share them).
"""

from __future__ import annotations

import json
import os
import selectors
import subprocess
import sys
import threading
import time

from imobench.answers.budget import CheckerBudget
from imobench.answers.verdict import Verdict

START_TIMEOUT_S = 120.0
KILL_WAIT_S = 10.0


class _Worker:
    def __init__(self, budget: CheckerBudget) -> None:
        env = dict(os.environ)
        env.setdefault("PYTHONHASHSEED", "0")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "imobench.answers.worker", str(budget.memory_mb), budget.identity()],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            text=True, encoding="utf-8", bufsize=1, env=env,
        )
        self.ready = False

    def readline(self, timeout: float) -> str | None:
        """One line from the worker, or None if none arrives within `timeout` seconds."""
        stdout = self.proc.stdout
        if stdout is None:
            return ""
        with selectors.DefaultSelector() as sel:
            sel.register(stdout, selectors.EVENT_READ)
            if not sel.select(timeout):
                return None
        return stdout.readline()

    def wait_ready(self) -> None:
        if not self.ready:
            line = self.readline(START_TIMEOUT_S)
            if not line or "ready" not in line:
                raise OSError("checker worker did not start")
            self.ready = True

    def kill(self) -> None:
        try:
            self.proc.kill()
            self.proc.wait(timeout=KILL_WAIT_S)
        except (OSError, subprocess.TimeoutExpired):
            pass


class BoundedRunner:
    """A pool of checker processes under one budget; `check` is safe to call from many threads at once."""

    def __init__(self, budget: CheckerBudget | None = None) -> None:
        self.budget = budget if budget is not None else CheckerBudget()
        self.size = self.budget.pool_size
        self.checker = self.budget.identity()
        self._idle: list[_Worker] = []
        self._started = 0
        self._cond = threading.Condition()
        self.restarts = 0

    @property
    def timeout(self) -> float:
        return self.budget.timeout_s

    def _take(self) -> _Worker:
        with self._cond:
            while not self._idle and self._started >= self.size:
                self._cond.wait()
            if self._idle:
                return self._idle.pop()
            self._started += 1
        try:
            return _Worker(self.budget)
        except OSError:
            self._release(None)
            raise

    def _give_back(self, worker: _Worker) -> None:
        with self._cond:
            self._idle.append(worker)
            self._cond.notify()

    def _release(self, worker: _Worker | None) -> None:
        """A worker that timed out, died or broke: killed now, its place freed, every waiter woken."""
        if worker is not None:
            worker.kill()
        with self._cond:
            self._started -= 1
            if worker is not None:
                self.restarts += 1
            self._cond.notify_all()

    def check(self, gold: str, response: str, timeout: float | None = None, problem: str | None = None) -> Verdict:
        """One bounded check.  `problem` (the problem statement, when the caller has it) tells a set from
        values in an order; see `imobench.answers.check.check_unbounded`."""
        budget = self.budget.timeout_s if timeout is None else timeout
        limit = self.budget.max_input_chars
        if len(response) > limit:
            response = response[-limit:]
        if len(gold) > limit:
            return self._failed("size", f"the gold is {len(gold)} characters long (budget {limit})", 0.0)
        started = time.monotonic()
        try:
            worker = self._take()
        except OSError as err:
            return self._failed("internal", f"checker process failed to start ({err})", 0.0)
        result: dict
        try:
            worker.wait_ready()
            stdin = worker.proc.stdin
            if stdin is None:
                raise OSError("no pipe to the checker process")
            job = {"gold": gold, "response": response}
            if problem:
                job["problem"] = problem[-limit:]
            stdin.write(json.dumps(job) + "\n")
            stdin.flush()
            line = worker.readline(budget)
            if line is None:
                result = {"error": f"time budget of {budget:g} s exceeded", "failure": "time"}
            elif not line:
                result = {"error": "the checker process died (memory budget?)", "failure": "memory"}
            else:
                result = json.loads(line)
                self._give_back(worker)
                worker = None
        except (OSError, ValueError) as err:
            result = {"error": f"checker process failed ({type(err).__name__}: {err})", "failure": "internal"}
        finally:
            if worker is not None:
                self._release(worker)
        if "error" in result:
            return self._failed(result.get("failure", "internal"), result["error"], time.monotonic() - started)
        return Verdict(**result)

    def _failed(self, failure: str, why: str, elapsed: float) -> Verdict:
        return Verdict(
            verdict="undecided", extracted="", method="budget" if failure != "internal" else "internal-error",
            reason=f"{why} after {elapsed:.1f} s; the answer was not compared", failure=failure, checker=self.checker,
        )

    def close(self) -> None:
        with self._cond:
            idle, self._idle = self._idle, []
            self._started -= len(idle)
            self._cond.notify_all()
        for w in idle:
            w.kill()


_runners: dict[CheckerBudget, BoundedRunner] = {}
_runners_lock = threading.Lock()


def runner_for(budget: CheckerBudget | None = None) -> BoundedRunner:
    """The process-wide pool for a budget (one per distinct budget), created on first use."""
    key = budget if budget is not None else CheckerBudget()
    with _runners_lock:
        runner = _runners.get(key)
        if runner is None:
            runner = _runners[key] = BoundedRunner(key)
        return runner


def default_runner() -> BoundedRunner:
    """The pool for the default budget (one worker per core)."""
    return runner_for(None)


def check(gold: str, response: str, budget: CheckerBudget | None = None, problem: str | None = None) -> Verdict:
    """One bounded check under `budget` (the default budget when None)."""
    return runner_for(budget).check(gold, response, problem=problem)
