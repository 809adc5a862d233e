"""`imobench quickstart`: the whole pipeline on this machine, with no API key.

Starts the local Gemma 3 270M server, runs a small AnswerBench slice and a small ProofBench slice
through litellm and Inspect (the same model grades the proofs and the answers the symbolic checker
cannot decide), writes Inspect logs, prints the report and says how to open the dashboard.

A 270M base model is a plumbing check, not a mathematician: expect scores near zero and many
unscored grades (its grader replies are rarely in the required format; they are counted, with the
reason, never scored 0).  What the run shows is that every part works end to end.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from pydantic import BaseModel

from imobench.local.server import LocalServer, start

DISCLAIMER = (
    "Gemma 3 270M is a plumbing check, not a mathematician: these numbers say the pipeline works, "
    "not how well anything solves olympiad problems."
)


class QuickstartResult(BaseModel):
    logs: list[str]
    report_markdown: str


def _command(name: str) -> str:
    """How to call one of this environment's commands: its bare name when the shell finds this very
    one, else its path (e.g. `.venv/bin/imobench` when the venv is not activated)."""
    here = Path(sys.executable).with_name(name)
    found = shutil.which(name)
    if found and here.exists() and Path(found).resolve() == here.resolve():
        return name
    if here.exists():
        try:
            return str(here.relative_to(Path.cwd()))
        except ValueError:
            return str(here)
    return name


def _eval(server: LocalServer, task, limit: int, log_dir: Path, max_tokens: int):
    from inspect_ai import eval as inspect_eval
    from inspect_ai.model import GenerateConfig, get_model

    config = GenerateConfig(max_tokens=max_tokens, temperature=0.0)
    # a model object per run: litellm's async clients belong to the event loop that made them
    model = get_model(server.model, base_url=server.base_url, api_key="local", config=config)
    grader = get_model(server.model, base_url=server.base_url, api_key="local", config=config)
    [log] = inspect_eval(task, model=model, model_roles={"grader": grader}, limit=limit, log_dir=str(log_dir),
                         max_connections=1, display="none", fail_on_error=False)
    return log


def run(log_dir: Path, answerbench_n: int = 5, proofbench_n: int = 2, port: int | None = None,
        max_tokens: int = 384, out=sys.stdout) -> QuickstartResult:
    from imobench.results.logs import read_logs, samples_frame, usage_frame
    from imobench.results.report import build_report, render
    from imobench.tasks.answerbench import answerbench
    from imobench.tasks.proofbench import proofbench

    log_dir.mkdir(parents=True, exist_ok=True)
    print("Starting the local model server (llama.cpp, Gemma 3 270M Q4_K_M) ...", file=out, flush=True)
    server = start(port=port)
    print(f"Serving {server.model} at {server.base_url}", file=out, flush=True)
    try:
        written = []
        for name, task, n in (("AnswerBench", answerbench(self_grade=True), answerbench_n),
                              ("ProofBench (basic)", proofbench(level="basic", self_grade=True), proofbench_n)):
            if n <= 0:
                continue
            print(f"Running {name}: {n} problem(s), graded by the same local model ...", file=out, flush=True)
            log = _eval(server, task, n, log_dir, max_tokens)
            print(f"  {log.status}: {log.location}", file=out, flush=True)
            written.append(log.location)
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
    imobench, inspect = _command("imobench"), _command("inspect")
    print(f"\nOpen the dashboard on these logs:\n  {imobench} dashboard --log-dir {log_dir}\n", file=out)
    print("Run a real model (any litellm model string; its API key in the environment):\n"
          f"  {inspect} eval imobench/answerbench --model litellm/openai/gpt-4o --log-dir logs\n"
          f"  {inspect} eval imobench/proofbench --model litellm/openai/gpt-4o --model-role grader=litellm/gemini/gemini-2.5-pro --log-dir logs\n"
          f"  {imobench} report logs", file=out, flush=True)
    return QuickstartResult(logs=written, report_markdown=report)
