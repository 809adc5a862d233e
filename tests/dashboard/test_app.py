"""Every dashboard page under streamlit's AppTest, on logs written by the tasks (`task_logs`)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
PAGES = ("Leaderboard", "Model", "Compare", "Graders", "Grade", "Review", "Datasets")


def run_page(monkeypatch, location: Path, page: str, grades: Path | None = None) -> AppTest:
    monkeypatch.setenv("IMOBENCH_LOG_DIR", str(location))
    if grades is not None:
        monkeypatch.setenv("IMOBENCH_GRADES_DIR", str(grades))
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["page"] = page
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.header[0].value == page
    return at


def plain(markdown: str) -> str:
    """Page markdown as the reader sees it (the pages backslash-escape text taken from logs)."""
    import re

    return re.sub(r"\\(.)", r"\1", markdown)


def leaderboard_table(at: AppTest):
    return at.dataframe[0].value


def test_leaderboard_has_one_row_per_model(task_logs: Path, monkeypatch) -> None:
    at = run_page(monkeypatch, task_logs, "Leaderboard")
    table = leaderboard_table(at)
    assert list(table["model"]).count("strong") == 1 and list(table["model"]).count("weak") == 1  # readable labels, one row each
    assert any("corrupt.eval" in plain(w.value) for w in at.warning)
    for bench, unit in (("AnswerBench", "% correct"), ("ProofBench", "% of max")):
        assert {f"{bench} ({unit})", f"{bench} 95% CI", f"{bench} n", f"{bench} unscored"} <= set(table.columns)
    assert not any(c in table.columns for c in ("index", "runs", "log"))
    strong = table[table["model"] == "strong"].iloc[0]
    weak = table[table["model"] == "weak"].iloc[0]
    assert strong["AnswerBench (% correct)"] > weak["AnswerBench (% correct)"]
    assert strong["AnswerBench n"] == 5 and weak["AnswerBench unscored"] == 0
    assert math.isnan(weak["ProofBench (% of max)"])  # no run: shown as "—" (the table's placeholder)
    assert any("answerbench@v2+errata" in c.value for c in at.caption)


def test_a_run_with_unscored_samples_is_incomplete_with_its_range(task_logs: Path, monkeypatch) -> None:
    """The ProofBench run has 2 scored proofs (7 and 1 of 7: 57.1%) and 1 unscored: with the unscored proof
    wrong it would be 2 x 57.1 / 3 = 38.1%, right 66.7%."""
    at = run_page(monkeypatch, task_logs, "Leaderboard")
    strong = leaderboard_table(at).set_index("model").loc["strong"]
    assert (strong["ProofBench n"], strong["ProofBench unscored"]) == (2, 1)
    assert strong["ProofBench (% of max)"] == pytest.approx(400 / 7)
    assert strong["incomplete"] == "ProofBench 38.1 – 71.4"


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


def test_model_page_shows_problem_gold_response_and_reply(task_logs: Path, monkeypatch) -> None:
    at = run_page(monkeypatch, task_logs, "Model")
    shown = [m.value for m in at.markdown]
    for label in ("**Problem**", "**Gold answer**", "**Response**", "**Score**"):
        assert any(m.startswith(label) for m in shown), label
    assert not any("nan" in m for m in shown if m.startswith("**Score**"))


def test_an_unscored_sample_says_why_not_nan(task_logs: Path, monkeypatch) -> None:
    at = run_page(monkeypatch, task_logs, "Model")
    [bench] = [s for s in at.selectbox if s.label == "benchmark"]
    bench.set_value("proofbench").run()
    [problem] = [s for s in at.selectbox if s.label == "problem"]
    problem.set_value("PB-Basic-003").run()  # GARBLE: the grader's reply held no grade
    [score] = [m.value for m in at.markdown if m.value.startswith("**Score**")]
    assert score.startswith("**Score** unscored: ") and "nan" not in score


@pytest.mark.parametrize(
    ("page", "shown"),
    [
        ("Compare", "paired bootstrap interval"),
        ("Compare", "dropped because one run or both left them unscored"),
        ("Datasets", "29 changed problem(s)"),  # answerbench v1 -> v2
    ],
    ids=["compare-interval", "compare-dropped-count", "datasets-diff"],
)
def test_page_shows(task_logs: Path, monkeypatch, page: str, shown: str) -> None:
    at = run_page(monkeypatch, task_logs, page)
    assert any(shown in m.value for m in at.markdown)


def test_graders_page_orders_levels_from_the_scale(task_logs: Path, monkeypatch) -> None:
    at = run_page(monkeypatch, task_logs, "Graders")
    [stats] = [t.value for t in at.table][:1]
    assert {"over grading rate", "under grading rate", "quadratic kappa", "kendall tau b"} <= set(stats.index)
    import json

    chart = at.get("vega_lite_chart")[0]
    spec = json.loads(chart.proto.spec)
    assert spec["encoding"]["x"]["sort"] == ["Correct", "Almost", "Partial", "Incorrect"]


@pytest.mark.parametrize("page", PAGES)
def test_an_empty_folder_says_what_is_missing(tmp_path: Path, monkeypatch, page: str) -> None:
    monkeypatch.setenv("IMOBENCH_DATA_DIR", str(tmp_path / "no-data"))
    at = run_page(monkeypatch, tmp_path, page, grades=tmp_path / "grades")
    said = " ".join(i.value for i in at.info)
    wanted = {"Leaderboard": "No Inspect logs", "Model": "No AnswerBench or ProofBench logs", "Compare": "No AnswerBench or ProofBench",
              "Graders": "No human grades", "Grade": "No ProofBench proofs", "Review": "Nothing to review",
              "Datasets": "not on this machine"}[page]
    assert wanted in said, said
    if page == "Leaderboard":
        assert "inspect eval imobench/answerbench" in at.code[0].value


def test_logs_at_a_url_location(task_logs: Path, monkeypatch) -> None:
    """A location given as a URL goes through Inspect's log API and fsspec like S3 would; fsspec's
    in-memory filesystem stands in for a bucket (no network here)."""
    import fsspec

    memory = fsspec.filesystem("memory")
    for log in task_logs.glob("*.eval"):
        memory.pipe(f"/dashboard-logs/{log.name}", log.read_bytes())
    try:
        at = run_page(monkeypatch, "memory://dashboard-logs", "Leaderboard")
        assert {"strong", "weak"} <= set(leaderboard_table(at)["model"])
        at = run_page(monkeypatch, "memory://dashboard-logs", "Model")
        assert any(m.value.startswith("**Response**") for m in at.markdown)
    finally:
        memory.rm("/dashboard-logs", recursive=True)


def test_a_run_with_nothing_scored_keeps_its_row(task_logs: Path, tmp_path: Path, monkeypatch) -> None:
    from inspect_ai.log import read_eval_log, write_eval_log

    [source] = [p for p in task_logs.glob("*proofbench*.eval")]
    log = read_eval_log(str(source))
    log.results.scores[0].metrics = {}
    log.results.scores[0].unscored_samples = len(log.samples)
    write_eval_log(log, str(tmp_path / source.name))
    table = leaderboard_table(run_page(monkeypatch, tmp_path, "Leaderboard"))
    assert list(table["model"]) == ["strong"] and table["ProofBench unscored"].iloc[0] == len(log.samples)
    assert table["incomplete"].iloc[0] == "ProofBench 0.0 – 100.0"


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
    assert any(source.name in plain(w.value) and "status error" in w.value for w in at.warning)
    assert len([w for w in at.warning if "status error" in w.value]) == 1  # once, not once per reader
    assert list(leaderboard_table(at)["model"]) == ["strong"]
    at = run_page(monkeypatch, tmp_path, "Model")
    assert len(at.dataframe[0].value) == 2


def test_grade_page_is_blind_until_the_person_grades(grading_logs: Path, tmp_path: Path, monkeypatch) -> None:
    from imobench.humans.store import GradeStore

    at = run_page(monkeypatch, grading_logs, "Grade", grades=tmp_path)
    at.text_input[0].input("ann")
    at.button[0].click().run()
    assert at.query_params["who"] in ("ann", ["ann"])
    text = " ".join(m.value for m in at.markdown)
    assert "Automatic grade" not in text and "Grader reply" not in text and "model hidden until you grade" in text
    at.text_area[0].input("missing the converse")
    [seven] = [b for b in at.button if b.label == "7 · Correct"]
    seven.click().run()
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "**Automatic grade**" in text and "**Your grade**" in text
    [grade] = GradeStore(tmp_path).read().grades
    assert (grade.person, grade.points, grade.note, grade.kind, grade.queue) == ("ann", 7, "missing the converse", "proof", "grade")


def test_review_page_lists_flagged_proofs(grading_logs: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("IMOBENCH_GRADES_DIR", str(tmp_path))
    at = run_page(monkeypatch, grading_logs, "Review", grades=tmp_path)
    assert any("1 flagged proof(s)" in c.value for c in at.caption)


def test_grade_page_takes_a_gradingbench_shaped_csv(gradingbench_subset: Path, tmp_path: Path, monkeypatch) -> None:
    """`imobench dashboard --data FILE.csv`: its rows are proofs to grade beside the logs (none here); the
    file's own human label is revealed only after grading, like an automatic grade."""
    csv = gradingbench_subset / "gradingbench_filtered_100_val.csv"
    monkeypatch.setenv("IMOBENCH_GRADE_DATA", str(csv))
    monkeypatch.setenv("IMOBENCH_GRADES_DIR", str(tmp_path / "grades"))
    monkeypatch.setenv("IMOBENCH_LOG_DIR", str(tmp_path))
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["page"] = "Grade"
    at.query_params["who"] = "ann"
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert any("you have graded 0 of 100" in p.proto.text for p in at.get("progress"))
    assert not any("the file's own grade" in m.value for m in at.markdown)
    [zero] = [b for b in at.button if b.label == "0 · Incorrect"]
    zero.click().run()
    assert any("the file" in m.value and "own grade" in m.value for m in at.markdown)


def test_a_model_with_every_sample_at_zero_says_so_instead_of_a_blank_chart(task_logs: Path, monkeypatch) -> None:
    at = run_page(monkeypatch, task_logs, "Model")
    [model] = [s for s in at.selectbox if s.label == "model"]
    model.set_value("litellm/openai/weak").run()
    assert any("All 5 scored samples scored 0" in i.value for i in at.info)
    assert not at.get("vega_lite_chart")
