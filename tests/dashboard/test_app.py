"""Every dashboard page under streamlit's AppTest, on logs written by the tasks."""

from __future__ import annotations

from pathlib import Path

import pytest
from inspect_ai import eval as inspect_eval
from inspect_ai.model import get_model
from streamlit.testing.v1 import AppTest

from tests.fake_openai import FakeOpenAI
from tests.tasks.test_end_to_end import PROBLEM_ANSWERS, proof_responder, solver_or_grader

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


@pytest.fixture(scope="module")
def logs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from imobench.data import load
    from imobench.tasks.answerbench import answerbench
    from imobench.tasks.gradingbench import gradingbench
    from imobench.tasks.proofbench import proofbench

    folder = tmp_path_factory.mktemp("logs")
    rows = load("answerbench").by_id()
    good = {rows[pid].problem.strip()[:80]: reply for pid, reply in PROBLEM_ANSWERS.items()}
    for name, table in (("strong", good), ("weak", {k: "\\boxed{-1}" for k in good})):
        with FakeOpenAI(solver_or_grader(table)) as server:
            grader = get_model("litellm/openai/grader", base_url=server.base_url, api_key="k")
            inspect_eval(answerbench(category="Algebra"), model=f"litellm/openai/{name}", model_base_url=server.base_url,
                         model_args={"api_key": "k"}, model_roles={"grader": grader}, limit=5, log_dir=str(folder), display="none")
    with FakeOpenAI(proof_responder()) as server:
        grader = get_model("litellm/openai/grader", base_url=server.base_url, api_key="k")
        inspect_eval(proofbench(level="basic"), model="litellm/openai/strong", model_base_url=server.base_url,
                     model_args={"api_key": "k"}, model_roles={"grader": grader}, limit=3, log_dir=str(folder), display="none")
        subset = Path(__file__).resolve().parents[3] / "shared" / "data" / "imobench" / "partial" / "gradingbench_filtered_100_val.csv"
        inspect_eval(gradingbench(data=str(subset)), model="litellm/openai/grader", model_base_url=server.base_url,
                     model_args={"api_key": "k"}, limit=6, log_dir=str(folder), display="none")
    (folder / "corrupt.eval").write_bytes(b"\x00 not a log")
    return folder


def run_page(monkeypatch, location: Path, page: str) -> AppTest:
    monkeypatch.setenv("IMOBENCH_LOG_DIR", str(location))
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    if page != "Leaderboard":
        at.sidebar.radio[0].set_value(page).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_leaderboard(logs: Path, monkeypatch) -> None:
    at = run_page(monkeypatch, logs, "Leaderboard")
    assert at.header[0].value == "Leaderboard"
    table = at.dataframe[0].value
    assert set(table["model"]) >= {"litellm/openai/strong", "litellm/openai/weak"}
    assert any("corrupt.eval" in w.value for w in at.warning)


def test_model_page(logs: Path, monkeypatch) -> None:
    at = run_page(monkeypatch, logs, "Model")
    assert at.header[0].value == "Model"
    assert any("Response" in m.value for m in at.markdown)


def test_compare_page(logs: Path, monkeypatch) -> None:
    at = run_page(monkeypatch, logs, "Compare")
    assert at.header[0].value == "Compare"
    assert any("paired bootstrap interval" in m.value for m in at.markdown)


def test_graders_page(logs: Path, monkeypatch) -> None:
    at = run_page(monkeypatch, logs, "Graders")
    assert at.header[0].value == "Graders" and len(at.dataframe) >= 1


def test_datasets_page(logs: Path, monkeypatch) -> None:
    at = run_page(monkeypatch, logs, "Datasets")
    assert at.header[0].value == "Datasets"
    assert any("29 changed problem(s)" in m.value for m in at.markdown)


def test_empty_folder_explains_how_to_start(tmp_path: Path, monkeypatch) -> None:
    at = run_page(monkeypatch, tmp_path, "Leaderboard")
    assert "inspect eval imobench/answerbench" in at.info[0].value
