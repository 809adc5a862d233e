"""Every dashboard page under streamlit's AppTest, on logs written by the tasks (`task_logs`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


def run_page(monkeypatch, location: Path, page: str) -> AppTest:
    monkeypatch.setenv("IMOBENCH_LOG_DIR", str(location))
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    if page != "Leaderboard":
        at.sidebar.radio[0].set_value(page).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_leaderboard(task_logs: Path, monkeypatch) -> None:
    at = run_page(monkeypatch, task_logs, "Leaderboard")
    assert at.header[0].value == "Leaderboard"
    table = at.dataframe[0].value
    assert set(table["model"]) >= {"litellm/openai/strong", "litellm/openai/weak"}
    assert any("corrupt.eval" in w.value for w in at.warning)
    assert "answerbench@v2+errata" in set(table["dataset"])
    assert {"answerbench: all", "answerbench: Algebra", "proofbench: basic", "cost (USD)", "unscored", "runs"} <= set(table.columns)
    columns = list(table.columns)
    assert columns.index("answerbench: all") < columns.index("answerbench: Algebra")  # overall first
    strong = table[table["model"] == "litellm/openai/strong"].iloc[0]
    weak = table[table["model"] == "litellm/openai/weak"].iloc[0]
    assert strong["answerbench: all"] > weak["answerbench: all"]


def test_leaderboard_reads_headers_only(task_logs: Path, monkeypatch) -> None:
    import streamlit as st

    import imobench.results.logs as logs_module

    calls: list[bool] = []
    real = logs_module.read_eval_log_async

    async def recording(location, header_only=False, **kw):
        calls.append(header_only)
        return await real(location, header_only=header_only, **kw)

    monkeypatch.setattr(logs_module, "read_eval_log_async", recording)
    st.cache_data.clear()
    run_page(monkeypatch, task_logs, "Leaderboard")
    assert calls and all(calls)  # every log read, and only its header


def test_model_page_filters_by_verdict(task_logs: Path, monkeypatch) -> None:
    at = run_page(monkeypatch, task_logs, "Model")
    [verdict] = [m for m in at.multiselect if m.label == "verdict"]
    verdict.set_value(["incorrect / 0 points"]).run()
    table = at.dataframe[0].value
    assert len(table) >= 1 and (table["value"] == 0).all()
    assert table["rationale"].notna().all()  # every verdict or grade says why


@pytest.mark.parametrize(
    ("page", "shown"),
    [
        ("Model", "Response"),  # the chosen problem's full response
        ("Compare", "paired bootstrap interval"),
        ("Datasets", "29 changed problem(s)"),  # answerbench v1 -> v2
    ],
)
def test_page_shows(task_logs: Path, monkeypatch, page: str, shown: str) -> None:
    at = run_page(monkeypatch, task_logs, page)
    assert at.header[0].value == page
    assert any(shown in m.value for m in at.markdown)


def test_graders_page(task_logs: Path, monkeypatch) -> None:
    at = run_page(monkeypatch, task_logs, "Graders")
    assert at.header[0].value == "Graders" and len(at.dataframe) >= 1


def test_empty_folder_explains_how_to_start(tmp_path: Path, monkeypatch) -> None:
    at = run_page(monkeypatch, tmp_path, "Leaderboard")
    assert "inspect eval imobench/answerbench" in at.info[0].value


def test_logs_at_a_url_location(task_logs: Path, monkeypatch) -> None:
    """A location given as a URL goes through Inspect's log API and fsspec like S3 would; fsspec's
    in-memory filesystem stands in for a bucket (no network here)."""
    import fsspec

    memory = fsspec.filesystem("memory")
    for log in task_logs.glob("*.eval"):
        memory.pipe(f"/dashboard-logs/{log.name}", log.read_bytes())
    try:
        at = AppTest.from_file(APP, default_timeout=120)
        monkeypatch.setenv("IMOBENCH_LOG_DIR", "memory://dashboard-logs")
        at.run()
        assert not at.exception, [e.message for e in at.exception]
        table = at.dataframe[0].value
        assert {"litellm/openai/strong", "litellm/openai/weak"} <= set(table["model"])
        at.sidebar.radio[0].set_value("Model").run()
        assert not at.exception and any("Response" in m.value for m in at.markdown)
    finally:
        memory.rm("/dashboard-logs", recursive=True)


def test_a_run_with_nothing_scored_keeps_its_row(task_logs: Path, tmp_path: Path, monkeypatch) -> None:
    from inspect_ai.log import read_eval_log, write_eval_log

    [source] = [p for p in task_logs.glob("*proofbench*.eval")]
    log = read_eval_log(str(source))
    log.results.scores[0].metrics = {}
    log.results.scores[0].unscored_samples = len(log.samples)
    write_eval_log(log, str(tmp_path / source.name))
    at = run_page(monkeypatch, tmp_path, "Leaderboard")
    table = at.dataframe[0].value
    assert list(table["dataset"]) == ["proofbench@v2"] and table["unscored"].iloc[0] == len(log.samples)


def test_an_unfinished_log_is_shown_with_a_warning(task_logs: Path, tmp_path: Path, monkeypatch) -> None:
    """A run that stopped part way (status error, some samples) stays readable: a visible warning names
    it, the pages render, and its samples are shown as logged."""
    from inspect_ai.log import read_eval_log, write_eval_log

    [source] = [p for p in task_logs.glob("*answerbench*.eval") if "strong" in read_eval_log(str(p), header_only=True).eval.model]
    log = read_eval_log(str(source))
    log.status = "error"
    log.samples = log.samples[:2]
    write_eval_log(log, str(tmp_path / source.name))
    at = run_page(monkeypatch, tmp_path, "Leaderboard")
    assert any(source.name in w.value and "status error" in w.value for w in at.warning)
    assert list(at.dataframe[0].value["model"]) == ["litellm/openai/strong"]
    at.sidebar.radio[0].set_value("Model").run()
    assert not at.exception
    assert len(at.dataframe[0].value) == 2
