"""`imobench quickstart`: the whole pipeline on this machine, with no API key.

Starts the local Gemma 3 270M server, runs a small AnswerBench slice and a small ProofBench slice
through litellm and Inspect (the same model grades the proofs and the answers the symbolic checker
cannot decide), writes Inspect logs, prints the report and says how to open the dashboard.

A 270M base model is a plumbing check, not a mathematician: expect scores near zero and many
unscored grades (its grader replies are rarely in the required format; they are counted, with the
reason, never scored 0).  What the run shows is that every part works end to end.

It never hangs on a dead server: the server must answer one completion before the run starts, a
watcher ends the run as soon as the server process dies (with the tail of its log), and every model
call has a bounded number of retries and a time limit.  Ctrl-C stops the server and says so in one line.
"""

from __future__ import annotations

import _thread
import os
import sys
import threading
from pathlib import Path

from pydantic import BaseModel

from imobench.errors import ImobenchError
from imobench.local.commands import command, shown_path
from imobench.local.server import LocalServer, start

DISCLAIMER = (
    "Gemma 3 270M is a plumbing check, not a mathematician: these numbers say the pipeline works, "
    "not how well anything solves olympiad problems."
)
MAX_RETRIES = 2  # per model call; a dead server is caught by the watcher, not by retrying it
ATTEMPT_TIMEOUT = 300  # seconds for one attempt of one call (a GradingBench-sized prompt on 2 busy cores)
REQUEST_TIMEOUT = 900  # seconds for one call with its retries


class QuickstartResult(BaseModel):
    logs: list[str]
    report_markdown: str


class ServerDied(ImobenchError):
    """The local server process ended during the run."""


def _eval(server: LocalServer, task, limit: int, log_dir: Path, max_tokens: int):
    from inspect_ai import eval as inspect_eval
    from inspect_ai.model import GenerateConfig, get_model

    config = GenerateConfig(max_tokens=max_tokens, temperature=0.0, max_retries=MAX_RETRIES,
                            timeout=REQUEST_TIMEOUT, attempt_timeout=ATTEMPT_TIMEOUT)
    # a model object per run: litellm's async clients belong to the event loop that made them
    model = get_model(server.model, base_url=server.base_url, api_key="local", config=config)
    grader = get_model(server.model, base_url=server.base_url, api_key="local", config=config)
    logs = inspect_eval(task, model=model, model_roles={"grader": grader}, limit=limit, log_dir=str(log_dir),
                        max_connections=1, display="none", fail_on_error=False, max_retries=MAX_RETRIES,
                        timeout=REQUEST_TIMEOUT, attempt_timeout=ATTEMPT_TIMEOUT)
    if not logs:
        raise KeyboardInterrupt  # Inspect returns no log when the run was cancelled
    return logs[0]


def _watch(server: LocalServer) -> threading.Event:
    """Interrupt the main thread (where Inspect runs) as soon as the server dies."""
    died = threading.Event()

    def on_exit(_: LocalServer) -> None:
        died.set()
        _thread.interrupt_main()

    server.watch(on_exit)
    return died


def run(log_dir: Path, answerbench_n: int = 5, proofbench_n: int = 2, port: int | None = None,
        max_tokens: int = 384, out=sys.stdout) -> QuickstartResult:
    from imobench.local.progress import counting
    from imobench.results.logs import read_logs, samples_frame, usage_frame
    from imobench.results.report import build_report, render
    from imobench.tasks.answerbench import answerbench
    from imobench.tasks.proofbench import proofbench

    log_dir.mkdir(parents=True, exist_ok=True)
    print("Starting the local model server (llama.cpp, Gemma 3 270M Q4_K_M) and sending it one completion ...", file=out, flush=True)
    server = start(port=port)
    print(f"Serving {server.model} at {server.base_url} (process {server.process.pid}; log {server.log_file})", file=out, flush=True)
    died = _watch(server)
    written = []
    try:
        for name, task, n in (("AnswerBench", answerbench(self_grade=True), answerbench_n),
                              ("ProofBench (basic)", proofbench(level="basic", self_grade=True), proofbench_n)):
            if n <= 0:
                continue
            print(f"Running {name}: {n} problem(s), graded by the same local model ...", file=out, flush=True)
            with counting(name, n, out):
                log = _eval(server, task, n, log_dir, max_tokens)
            print(f"  {log.status}: {log.location}", file=out, flush=True)
            written.append(log.location)
            if died.is_set():
                raise KeyboardInterrupt
    except KeyboardInterrupt:
        if died.is_set():
            raise ServerDied(f"{server.exit_report()}\nThe run was stopped; logs written so far are in {shown_path(log_dir)}.") from None
        raise
    finally:
        server.stop()
    logs, warnings = read_logs(written)
    samples = samples_frame(logs)
    report = render(build_report(samples, usage_frame(logs), warnings, n_boot=1000), "md")
    print("\nPer problem (value: C/I for answers, points for proofs, nan = unscored):", file=out)
    for row in samples.itertuples():
        value = {1.0: "C", 0.0: "I"}.get(row.value, row.value) if row.benchmark == "answerbench" else row.value
        why = " ".join(str(row.rationale or "").split())[:90]
        print(f"  {row.sample_id:<24} {value!s:<4} {why}", file=out)
    print("", file=out)
    print(report, file=out)
    print(DISCLAIMER, file=out)
    print(next_steps(log_dir), file=out, flush=True)
    return QuickstartResult(logs=written, report_markdown=report)


def next_steps(log_dir: Path) -> str:
    """The commands to paste next: they work without an activated venv, from where the user typed the
    quickstart, with the data location this run used."""
    imobench, inspect = command("imobench"), command("inspect")
    data = os.environ.get("IMOBENCH_DATA_DIR")
    data_arg = f" --data-dir {shown_path(Path(data))}" if data else ""
    return (
        f"\nOpen the dashboard on these logs:\n  {imobench} dashboard --log-dir {shown_path(log_dir)}{data_arg}\n\n"
        "Run a real model (any litellm model string; its API key in the environment, e.g. OPENAI_API_KEY):\n"
        f"  {inspect} eval imobench/answerbench --model litellm/openai/gpt-4o "
        "--model-role grader=litellm/openai/gpt-4o-mini --log-dir logs\n"
        f"  {inspect} eval imobench/proofbench --model litellm/openai/gpt-4o "
        "--model-role grader=litellm/gemini/gemini-2.5-pro --log-dir logs\n"
        f"  {imobench} report logs"
    )
