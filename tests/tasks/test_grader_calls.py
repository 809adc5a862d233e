"""How scorers call graders and what survives a re-run, through the real Inspect runner and litellm to
a local server: the panel's k samples in flight together, the run's --attempt-timeout reaching the
grader, and the unscored count surviving `inspect eval-retry`."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from inspect_ai import eval as inspect_eval
from inspect_ai import eval_retry
from inspect_ai.model import get_model

from imobench.records import read_record, score_value
from tests.fake_openai import FakeOpenAI, last_user_text
from tests.tasks.responders import PROBLEM_ANSWERS, by_statement, proof_responder, solver_or_grader


def _metrics(log) -> dict:
    return {k: v.value for k, v in log.results.scores[0].metrics.items()}


def test_a_panel_grades_one_proof_with_all_its_calls_in_flight_together(tmp_path: Path) -> None:
    """median3 (3 samples) with a three-model panel: nine grader requests for one proof, concurrent
    (they were made one after another)."""
    from imobench.tasks.proofbench import proofbench

    base = proof_responder()
    lock = threading.Lock()
    in_flight = {"now": 0, "peak": 0}

    def respond(body: dict) -> str:
        if body["model"].startswith("grader"):
            with lock:
                in_flight["now"] += 1
                in_flight["peak"] = max(in_flight["peak"], in_flight["now"])
            time.sleep(0.5)  # long enough for every concurrent request to have arrived
            with lock:
                in_flight["now"] -= 1
        return base(body)

    with FakeOpenAI(respond) as server:
        panel = [get_model(f"litellm/openai/grader-{i}", base_url=server.base_url, api_key="k") for i in range(3)]
        [log] = inspect_eval(proofbench(level="basic", grader="median3"), model="litellm/openai/solver",
                             model_base_url=server.base_url, model_args={"api_key": "k"}, model_roles={"grader": panel},
                             sample_id=["PB-Basic-001"], log_dir=str(tmp_path), display="none")
        graded = [r for r in server.requests if r["model"].startswith("grader")]
    assert log.status == "success", log.error
    assert len(graded) == 9 and in_flight["peak"] == 9
    score = next(iter(log.samples[0].scores.values()))
    record = read_record("proofbench", score.value, score.metadata)
    assert record.points == 7 and sorted({s.model for s in record.samples}) == [f"litellm/openai/grader-{i}" for i in range(3)]


def test_grader_calls_take_the_runs_attempt_timeout(tmp_path: Path) -> None:
    """The grader's first request hangs; with --attempt-timeout 1 the attempt is abandoned and retried
    (a second request), as the solver's would be, instead of waiting the request out."""
    from imobench.tasks.proofbench import proofbench

    base = proof_responder()
    hung = threading.Event()

    def respond(body: dict) -> str:
        if body["model"] == "grader" and not hung.is_set():
            hung.set()
            time.sleep(6)
        return base(body)

    with FakeOpenAI(respond) as server:
        grader = get_model("litellm/openai/grader", base_url=server.base_url, api_key="k")
        [log] = inspect_eval(proofbench(level="basic"), model="litellm/openai/solver", model_base_url=server.base_url,
                             model_args={"api_key": "k"}, model_roles={"grader": grader}, sample_id=["PB-Basic-002"],
                             attempt_timeout=1, log_dir=str(tmp_path), display="none")
        graded = [r for r in server.requests if r["model"] == "grader"]
    assert log.status == "success", log.error
    assert len(graded) == 2  # the hung attempt and its retry
    assert score_value(next(iter(log.samples[0].scores.values())).value) == 1


def test_the_unscored_count_survives_eval_retry(tmp_path: Path, monkeypatch) -> None:
    """A run fails on one sample after two others were left unscored (no grader bound); the retry runs
    only the failed sample, and the metrics, computed over the samples of both runs, still count the
    two unscored ones and their reason (a count kept in the scorer's memory would have lost them)."""
    from imobench.tasks.answerbench import answerbench

    table = by_statement("answerbench", PROBLEM_ANSWERS)
    base = solver_or_grader(table)
    failing = [k for k, v in table.items() if v == PROBLEM_ANSWERS["imo-bench-algebra-003"]]
    broken = threading.Event()
    broken.set()

    def respond(body: dict) -> str:
        if broken.is_set() and any(k in last_user_text(body) for k in failing):
            time.sleep(1.5)  # the other samples finish first
            raise ConnectionResetError("the server went away")
        return base(body)

    with FakeOpenAI(respond) as server:
        [first] = inspect_eval(answerbench(category="Algebra"), model="litellm/openai/solver", model_base_url=server.base_url,
                               model_args={"api_key": "k"}, limit=5, max_retries=0, log_dir=str(tmp_path), display="none")
        assert first.status == "error"
        assert sorted(s.id for s in first.samples if s.error is None) == [f"imo-bench-algebra-00{i}" for i in (1, 2, 4, 5)]
        broken.clear()
        before = len(server.requests)
        monkeypatch.setenv("OPENAI_API_KEY", "k")  # the log keeps no secrets
        [retried] = eval_retry(first.location, log_dir=str(tmp_path), display="none")
        assert len(server.requests) - before == 1  # only the failed sample ran again
    assert retried.status == "success", retried.error
    metrics = _metrics(retried)
    assert metrics["unscored"] == 2 and metrics["unscored (no_grader)"] == 2 and metrics["undecided_symbolic"] == 2
    assert metrics["accuracy_n"] == 3 and metrics["accuracy"] == pytest.approx(2 / 3)
