"""Logs written before score records were typed and versioned (tests/fixtures/v0, written by the code
at 0c3e55b) still read: in `imobench report`, the leaderboard and the dashboard's pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from imobench.records import AnswerScore, GradingScore, ProofGrade


def test_records_of_version_0_are_upgraded(v0_logs: Path) -> None:
    from imobench.records import read_record
    from imobench.results.logs import benchmark_of, read_logs

    logs, warnings = read_logs([str(v0_logs)])
    assert len(logs) == 3 and not warnings
    records = {}
    for log in logs:
        for s in log.samples:
            score = next(iter(s.scores.values()))
            records[s.id] = read_record(benchmark_of(log), score.value, score.metadata)
    assert all(r.version == 0 for r in records.values())
    answer = records["imo-bench-algebra-004"]
    assert isinstance(answer, AnswerScore) and answer.correct is True and answer.decided_by == "grader"
    assert records["imo-bench-algebra-005"].unscored.code == "grader_reply"
    proof = records["PB-Basic-001"]
    assert isinstance(proof, ProofGrade) and proof.points == 7 and proof.scale.max_points == 7 and proof.samples[0].points == 7
    assert records["PB-Basic-003"].points is None and records["PB-Basic-003"].unscored.code == "grader_reply"
    graded = records["GB-0311"]
    assert isinstance(graded, GradingScore) and graded.grader_points == 7 and graded.human_grade == 0


def test_imobench_report_reads_logs_of_version_0(v0_logs: Path, capsys) -> None:
    from imobench.cli import main

    assert main(["report", str(v0_logs), "--format", "json", "--bootstrap", "100"]) == 0
    report = json.loads(capsys.readouterr().out)
    rows = {(r["benchmark"], r["group"]): r for r in report["rows"]}
    ab, pb = rows[("answerbench", "all")], rows[("proofbench", "all")]
    assert (ab["n"], ab["unscored"]) == (3, 1) and ab["value"] == pytest.approx(200 / 3)
    assert (pb["n"], pb["unscored"]) == (2, 1) and pb["value"] == pytest.approx(100 * 8 / 14)
    [gb] = report["agreement"]
    assert (gb["n"], gb["unscored"]) == (4, 1) and gb["statistics"]["accuracy"]["value"] == pytest.approx(0.5)
    assert gb["over_grading_rate"]["value"] == 1.0 and gb["statistics"]["pearson"]["undefined"]
    assert main(["report", str(v0_logs), "--format", "md", "--bootstrap", "50"]) == 0
    assert "| answerbench | `litellm/openai/solver` | `answerbench@v2+errata` | `all` | 3 | 1 |" in capsys.readouterr().out


def test_the_leaderboard_reads_headers_of_version_0(v0_logs: Path) -> None:
    from imobench.results.leaderboard import grader_rows, leaderboard
    from imobench.results.logs import read_logs

    headers, _ = read_logs([str(v0_logs)], header_only=True)
    rows = {(r.benchmark, r.group): r for r in leaderboard(headers)}
    assert rows[("answerbench", "all")].unscored == 1 and rows[("answerbench", "all")].value == pytest.approx(200 / 3)
    assert rows[("proofbench", "all")].n == 2 and rows[("proofbench", "basic")].key == "level"
    [grader] = grader_rows(headers)
    assert grader["n"] == 4 and grader["unscored"] == 1 and grader["pearson"] is None  # undefined in the header (NaN)


def _leaderboard(at) -> None:
    table = at.dataframe[0].value
    assert (table["AnswerBench unscored"].iloc[0], table["ProofBench unscored"].iloc[0]) == (1, 1)
    assert any("answerbench@v2+errata" in c.value and "proofbench@v2" in c.value for c in at.caption)


def _model(at) -> None:
    assert any("Response" in m.value for m in at.markdown)


def _compare(at) -> None:
    assert any("two models on the same problems are needed" in i.value for i in at.info)  # one model in these logs


def _graders(at) -> None:
    stats = at.table[0].value
    assert stats.loc["accuracy", "value"] == "0.500"


@pytest.mark.parametrize(("page", "check"), [(p.__name__.strip("_").capitalize(), p) for p in (_leaderboard, _model, _compare, _graders)],
                         ids=["Leaderboard", "Model", "Compare", "Graders"])
def test_the_dashboard_reads_logs_of_version_0(v0_logs: Path, monkeypatch, page: str, check) -> None:
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("IMOBENCH_LOG_DIR", str(v0_logs))
    at = AppTest.from_file(str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py"), default_timeout=120)
    at.query_params["page"] = page
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.header[0].value == page
    check(at)
