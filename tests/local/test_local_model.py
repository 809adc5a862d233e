"""The whole pipeline against a real inference engine: llama.cpp serving Gemma 3 270M on 127.0.0.1,
reached through litellm, run by Inspect, scored by the checker and graded by the same model.

Asserts pipeline facts, not accuracy: every sample is scored or unscored with its reason, token
usage is recorded for the solver and the grader, and the logs are readable by the report and by the
dashboard's loader.  Runs `imobench quickstart` (the README's main job) as a user would.
"""

from __future__ import annotations

import math
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from inspect_ai.log import read_eval_log

from imobench.records import score_value
from imobench.results.leaderboard import leaderboard
from imobench.results.logs import read_logs, samples_frame, usage_frame
from imobench.results.report import build_report

IMOBENCH = str(Path(sys.executable).with_name("imobench"))


@pytest.fixture(scope="module")
def quickstart(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess, Path]:
    log_dir = tmp_path_factory.mktemp("quickstart-logs")
    run = subprocess.run([IMOBENCH, "quickstart", "--log-dir", str(log_dir), "--answerbench", "3", "--proofbench", "2",
                          "--max-tokens", "256"], capture_output=True, text=True, timeout=900, env=dict(os.environ))
    assert run.returncode == 0, run.stderr[-3000:]
    return run, log_dir


def test_quickstart_prints_report_dashboard_hint_and_disclaimer(quickstart) -> None:
    run, log_dir = quickstart
    assert "# imobench report" in run.stdout
    assert "| answerbench | `litellm/openai/gemma-3-270m` |" in run.stdout
    assert "| proofbench | `litellm/openai/gemma-3-270m` |" in run.stdout
    assert "plumbing check, not a mathematician" in run.stdout
    assert "PB-Basic-001" in run.stdout and "imo-bench-algebra-001" in run.stdout  # the per-problem lines
    assert "[3/3] imo-bench-algebra-003:" in run.stdout  # the counter printed while the run went on


def test_the_printed_next_steps_work_when_pasted(quickstart) -> None:
    """The commands name this environment's executables (no activated venv needed), the dashboard gets the
    data folder this run used, and the real-model AnswerBench run binds a grader role."""
    run, log_dir = quickstart
    lines = [ln.strip() for ln in run.stdout.splitlines()]
    [dashboard] = [ln for ln in lines if " dashboard --log-dir " in ln]
    exe, _, _, log_arg, *rest = dashboard.split()
    here = Path.cwd()  # where the command was typed (the test's working directory)
    assert os.access(here / exe, os.X_OK) and Path(exe).name == "imobench"
    assert (here / log_arg).resolve() == log_dir.resolve()
    assert rest == ["--data-dir", str(Path(os.environ["IMOBENCH_DATA_DIR"]))]
    [answerbench] = [ln for ln in lines if "eval imobench/answerbench" in ln]
    assert "--model-role grader=" in answerbench
    assert os.access(here / answerbench.split()[0], os.X_OK)


def test_every_sample_is_scored_or_unscored_with_a_reason(quickstart) -> None:
    _, log_dir = quickstart
    logs = [read_eval_log(str(p)) for p in sorted(log_dir.glob("*.eval"))]
    assert sorted(log.eval.task.split("/")[-1] for log in logs) == ["answerbench", "proofbench"]
    for log in logs:
        assert log.status == "success", log.error
        expected = 3 if log.eval.task.endswith("answerbench") else 2
        assert len(log.samples) == expected
        for sample in log.samples:
            assert sample.output.completion.strip(), f"{sample.id}: empty reply (is --chat_format gemma set?)"
            [score] = sample.scores.values()
            value = score_value(score.value)
            assert math.isnan(value) or value in ((0, 1) if log.eval.task.endswith("answerbench") else (0, 1, 6, 7)), (sample.id, value)
            assert not math.isnan(value) or score.explanation, f"{sample.id}: unscored without a reason"
        unscored = sum(1 for s in log.samples if math.isnan(score_value(next(iter(s.scores.values())).value)))
        assert log.results.scores[0].metrics["unscored"].value == unscored


def test_usage_is_recorded_for_solver_and_grader(quickstart) -> None:
    _, log_dir = quickstart
    logs, _ = read_logs([str(log_dir)])
    usage = usage_frame(logs)
    solver = usage[(usage["role"] == "solver")]
    assert set(solver["benchmark"]) == {"answerbench", "proofbench"}
    assert (solver["input_tokens"] > 0).all() and (solver["output_tokens"] > 0).all()
    grader = usage[(usage["role"] == "grader") & (usage["benchmark"] == "proofbench")]
    assert len(grader) == 1 and int(grader["input_tokens"].iloc[0]) > 500  # the rubric prompt reached the grader


def test_logs_are_readable_by_the_report_and_the_dashboard(quickstart, monkeypatch) -> None:
    _, log_dir = quickstart
    logs, warnings = read_logs([str(log_dir)])
    samples = samples_frame(logs)
    report = build_report(samples, usage_frame(logs), warnings, n_boot=100)
    overall = {r.benchmark: r for r in report.rows if r.group == "all"}
    assert set(overall) == {"answerbench", "proofbench"}
    assert overall["answerbench"].n + overall["answerbench"].unscored == 3
    assert overall["proofbench"].n + overall["proofbench"].unscored == 2
    headers, _ = read_logs([str(log_dir)], header_only=True)
    assert {r.benchmark for r in leaderboard(headers)} == {"answerbench", "proofbench"}

    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("IMOBENCH_LOG_DIR", str(log_dir))
    at = AppTest.from_file(str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py"), default_timeout=120)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    board = at.dataframe[0].value
    assert list(board["model"]) == ["gemma-3-270m"]  # one row per model, its label the model's last part
    row = board.iloc[0]
    assert row["AnswerBench n"] + row["AnswerBench unscored"] == 3  # each benchmark in the row, scored or not
    assert row["ProofBench n"] + row["ProofBench unscored"] == 2
    assert any("answerbench@v2+errata" in c.value and "proofbench@v2" in c.value for c in at.caption)


def test_serve_local_answers_through_litellm() -> None:
    """`imobench serve-local` prints the model string and base URL; litellm's HTTP path gets a
    non-empty reply from the server (it would be empty without the gemma chat format)."""
    proc = subprocess.Popen([IMOBENCH, "serve-local", "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        lines = {}
        for line in proc.stdout:
            key, _, value = line.partition(":")
            lines[key.strip()] = value.strip()
            if key.startswith("serving until"):
                break
        assert lines.get("model") == "litellm/openai/gemma-3-270m", (lines, proc.stderr.read() if proc.poll() is not None else "")
        base_url = lines["base url"]
        assert base_url.startswith("http://127.0.0.1:") and base_url.endswith("/v1")
        assert f"--model-base-url {base_url}" in lines["try"]

        from imobench.providers.litellm import _litellm

        reply = _litellm().completion(model="openai/gemma-3-270m", api_base=base_url, api_key="local", max_tokens=16,
                                      messages=[{"role": "user", "content": "Say hello."}])
        assert reply.choices[0].message.content.strip()
        assert reply.usage.prompt_tokens > 0
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
