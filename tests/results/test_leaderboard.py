"""Leaderboard rows from log headers: the same means as the report computes from samples, one chosen
run per model and dataset, provenance and unscored counts from the header."""

from __future__ import annotations

from pathlib import Path

import pytest
from inspect_ai.log import EvalLog

from imobench.results.leaderboard import grader_rows, leaderboard
from imobench.results.logs import read_logs, samples_frame, usage_frame
from imobench.results.report import build_report


@pytest.fixture(scope="module")
def headers(task_logs: Path) -> list[EvalLog]:
    read, warnings = read_logs([str(task_logs)], header_only=True)
    assert any("corrupt.eval" in w for w in warnings)
    assert all(log.samples is None for log in read)  # headers only
    return read


def test_header_means_equal_the_report_from_samples(task_logs: Path, headers: list[EvalLog]) -> None:
    logs, warnings = read_logs([str(task_logs)])
    report = build_report(samples_frame(logs), usage_frame(logs), warnings, n_boot=50)
    from_samples = {(r.benchmark, r.model, r.dataset, r.group): (r.value, r.n) for r in report.rows}
    rows = leaderboard(headers)
    assert {r.benchmark for r in rows} == {"answerbench", "proofbench"}
    compared = 0
    for r in rows:
        key = (r.benchmark, r.model, r.dataset, r.group)
        if key in from_samples:
            value, n = from_samples[key]
            assert r.n == n, key
            assert r.value == pytest.approx(value, abs=1e-9), key
            compared += 1
    assert compared >= 6  # overall and per-group rows of both benchmarks


def test_rows_carry_dataset_version_interval_and_provenance(headers: list[EvalLog]) -> None:
    rows = {(r.benchmark, r.model, r.group): r for r in leaderboard(headers)}
    strong = rows[("answerbench", "litellm/openai/strong", "all")]
    weak = rows[("answerbench", "litellm/openai/weak", "all")]
    assert strong.dataset == weak.dataset == "answerbench@v2+errata"
    assert strong.verified is True and strong.unit == "% correct"
    assert strong.value > weak.value
    assert strong.ci_low <= strong.value <= strong.ci_high and 0 <= strong.ci_low and strong.ci_high <= 100
    assert ("answerbench", "litellm/openai/strong", "Algebra") in rows
    proof = rows[("proofbench", "litellm/openai/strong", "basic")]
    assert proof.unit == "% of max" and proof.dataset.startswith("proofbench@v2")


def test_one_run_per_model_and_dataset(headers: list[EvalLog]) -> None:
    [full] = [h for h in headers if h.eval.model == "litellm/openai/strong" and h.eval.task.endswith("answerbench")]
    # a later, smaller run of the same model and dataset (a --limit slice) and a later failed run
    smaller = full.model_copy(deep=True)
    smaller.eval.created = "2099-01-01T00:00:00+00:00"
    smaller.results.scores[0].metrics["accuracy_n"].value -= 1
    smaller.location = "smaller.eval"
    failed = full.model_copy(deep=True)
    failed.eval.created = "2099-01-02T00:00:00+00:00"
    failed.status = "error"
    failed.location = "failed.eval"
    rows = [r for r in leaderboard([smaller, failed, full]) if r.group == "all"]
    assert len(rows) == 1
    assert rows[0].log == full.location and rows[0].runs == 3


def test_a_run_with_nothing_scored_still_shows(headers: list[EvalLog]) -> None:
    [log] = [h.model_copy(deep=True) for h in headers if h.eval.model == "litellm/openai/weak"]
    log.results.scores[0].metrics = {}
    log.results.scores[0].unscored_samples = 5
    [row] = leaderboard([log])
    assert row.value is None and row.n == 0 and row.unscored == 5


def test_grader_rows_from_gradingbench_headers(headers: list[EvalLog]) -> None:
    [row] = grader_rows(headers)
    assert row["grader"] == "litellm/openai/grader"
    assert row["verified"] is False  # the 300-row subset is not the pinned file
    assert row["n"] >= 1 and 0 <= row["accuracy"] <= 1
    assert not any(k.startswith("cm_") for k in row)


@pytest.mark.parametrize(
    ("name", "parsed"),
    [
        pytest.param("accuracy", ("all", None), id="overall"),
        pytest.param("accuracy_n", ("all", "n"), id="overall-count"),
        pytest.param("accuracy (Algebra)", ("Algebra", None), id="group"),
        pytest.param("accuracy_ci_low (Algebra)", ("Algebra", "ci_low"), id="group-interval"),
        pytest.param("accuracy (category: Number theory)", ("category: Number theory", None), id="secondary-key-group"),
        pytest.param("accuracy[Algebra]", ("Algebra", None), id="version-0-group"),
        pytest.param("accuracy[Algebra]_ci_high", ("Algebra", "ci_high"), id="version-0-group-interval"),
        pytest.param("accuracy_stderr", None, id="another-part"),
        pytest.param("undecided_symbolic", None, id="another-metric"),
    ],
)
def test_metric_names_are_parsed_where_they_are_made(name: str, parsed) -> None:
    from imobench.benchmarks import metric_name, parse_metric_name

    assert parse_metric_name("accuracy", name) == parsed
    if parsed is not None and "[" not in name:
        assert metric_name("accuracy", *parsed) == name
