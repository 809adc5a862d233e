"""Importing never reaches the network; the Inspect CLI finds the tasks; mockllm runs offline."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from inspect_ai import eval as inspect_eval

GUARD = """
import socket
def refuse(*a, **k):
    raise RuntimeError(f"network access attempted: {a!r}")
socket.socket.connect = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse
"""


def test_import_and_provider_creation_stay_offline() -> None:
    code = GUARD + (
        "import imobench, imobench._registry\n"
        "from inspect_ai.model import get_model\n"
        "m = get_model('litellm/openai/whatever', base_url='http://127.0.0.1:9/v1', api_key='k')\n"
        "print('ok', type(m.api).__name__)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "LITELLM_LOCAL_MODEL_COST_MAP"}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "ok LiteLLMAPI" in proc.stdout


def test_inspect_finds_the_tasks_through_the_entry_point() -> None:
    """Inspect loads `[project.entry-points.inspect_ai]`; that module registers the three tasks under
    the `imobench/` names (read from the registry info the `@task` decorator attaches)."""
    from importlib.metadata import entry_points
    from importlib import import_module

    [ep] = [e for e in entry_points(group="inspect_ai") if e.name == "imobench"]
    registry = import_module(ep.value)
    names = {getattr(registry, t).__registry_info__.name for t in ("answerbench", "proofbench", "gradingbench")}
    assert names == {"imobench/answerbench", "imobench/proofbench", "imobench/gradingbench"}


def test_inspect_eval_command_runs_answerbench_with_mockllm(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("inspect")
    proc = subprocess.run(
        [str(exe), "eval", "imobench/answerbench", "--model", "mockllm/model", "--limit", "2",
         "-T", "category=Geometry", "--log-dir", str(tmp_path), "--display", "none"],
        capture_output=True, text=True, timeout=600, env=dict(os.environ),
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
    assert list(tmp_path.glob("*.eval"))


def test_mockllm_in_process(tmp_path: Path) -> None:
    from imobench.tasks.proofbench import proofbench

    [log] = inspect_eval(proofbench(level="advanced"), model="mockllm/model", limit=2, log_dir=str(tmp_path), display="none")
    assert log.status == "success"
    # no grader role: every proof is unscored (the model under test never grades itself)
    metrics = {k: v.value for k, v in log.results.scores[0].metrics.items()}
    assert metrics["unscored"] == 2 and metrics["unscored (no_grader)"] == 2
