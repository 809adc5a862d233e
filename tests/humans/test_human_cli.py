"""`report --human-grades DIR`, `calibrate --human-grades DIR` and `data export-grading` on grades
written by two people to the store, on ProofBench logs written by the real task; the exported CSV
runs as `imobench/gradingbench`'s data; the older `--human-grades CSV` keeps working."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from imobench.cli import main
from imobench.humans.records import HumanGrade, now
from imobench.humans.store import GRADES_FILE, GradeStore
from tests.humans.independent import expected_numbers

# person -> (model, problem id) -> points; ann and bob disagree on some proofs
GRADES = {
    "ann": {("strong", "PB-Basic-001"): 7, ("strong", "PB-Basic-002"): 1, ("strong", "PB-Basic-004"): 0, ("strong", "PB-Basic-005"): 1,
            ("middle", "PB-Basic-001"): 1, ("middle", "PB-Basic-002"): 6, ("middle", "PB-Basic-003"): 0, ("weak", "PB-Basic-001"): 0,
            ("weak", "PB-Basic-002"): 1},
    "bob": {("strong", "PB-Basic-001"): 6, ("strong", "PB-Basic-002"): 1, ("strong", "PB-Basic-004"): 0, ("middle", "PB-Basic-001"): 0,
            ("middle", "PB-Basic-002"): 7, ("weak", "PB-Basic-001"): 0},
}


def _items(logs: Path):
    from imobench.humans.items import items_from_logs
    from imobench.results.logs import read_logs

    return items_from_logs(read_logs([str(logs)])[0])


@pytest.fixture(scope="module")
def graded(three_model_logs: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("grades")
    store = GradeStore(folder)
    items = {(i.model.split("/")[-1], i.problem_id): i for i in _items(three_model_logs)}
    for person, table in GRADES.items():
        for key, points in table.items():
            i = items[key]
            first = 7 - points if points in (0, 7) else 0  # an earlier grade the later one supersedes
            for p in (first, points):
                store.append(HumanGrade(kind="proof", benchmark=i.benchmark, log=i.log, sample_id=i.sample_id, sample_uuid=i.sample_uuid,
                                        epoch=i.epoch, model=i.model, problem_id=i.problem_id, person=person, points=p, time=now(),
                                        sha256=i.sha256))
    return folder


def test_report_gives_agreement_with_the_people(three_model_logs: Path, graded: Path, capsys) -> None:
    assert main(["report", str(three_model_logs), "--human-grades", str(graded), "--format", "json", "--bootstrap", "200"]) == 0
    human = json.loads(capsys.readouterr().out)["human"]
    expected = expected_numbers(three_model_logs, graded / GRADES_FILE)
    [grader] = human["graders"]
    stats = grader["sample"]["statistics"]
    assert grader["sample"]["n"] == expected["n"]
    for name in ("accuracy", "mae", "pearson", "kendall_tau_b"):
        assert stats[name]["value"] == pytest.approx(expected[name], abs=1e-9), name
        assert stats[name]["ci_low"] <= stats[name]["value"] <= stats[name]["ci_high"], name
    assert {"binary_accuracy", "spearman", "quadratic_kappa"} <= set(stats)
    assert grader["sample"]["over_grading_rate"]["value"] is not None
    assert sum(sum(row.values()) for row in grader["sample"]["confusion"].values()) == expected["n"]
    system = grader["system"]
    assert [r["model"] for r in system["rows"]] == ["litellm/openai/middle", "litellm/openai/strong", "litellm/openai/weak"]
    assert system["pearson"]["value"] is not None
    ir = human["inter_rater"]
    assert ir["proofs"] == expected["inter_rater_proofs"] == 6
    assert ir["alpha"]["value"] == pytest.approx(expected["alpha"], abs=1e-9)
    assert ir["exact_agreement"]["value"] == pytest.approx(expected["exact_agreement"])
    assert {(d["model"], d["problem_id"]) for d in ir["disagreeing"]} == {
        ("litellm/openai/strong", "PB-Basic-001"), ("litellm/openai/middle", "PB-Basic-001"), ("litellm/openai/middle", "PB-Basic-002")}
    assert human["records"] == 2 * (len(GRADES["ann"]) + len(GRADES["bob"])) and human["stale"] == 0


def test_report_markdown_labels_the_human_override(three_model_logs: Path, graded: Path, capsys) -> None:
    assert main(["report", str(three_model_logs), "--human-grades", str(graded), "--bootstrap", "50"]) == 0
    text = capsys.readouterr().out
    assert "### Human override: proofbench `litellm/openai/strong`" in text
    # strong: ann and bob on 001 (7, 6 -> 6), 002 (1), 004 (0), 005 (ann 1); the grader gave 7, 1, 0, 7 and 003 unscored
    assert "with human override (4 of 5 samples decided by people, 2 changed)" in text
    assert "Inter-rater agreement over 6 proof(s)" in text and "lower median" in text


def test_calibrate_fits_on_the_human_grades(three_model_logs: Path, graded: Path, tmp_path: Path, capsys) -> None:
    assert main(["calibrate", str(three_model_logs), "--human-grades", str(graded), "--grader", "default",
                 "--folds", "2", "--output-dir", str(tmp_path)]) == 0
    record = json.loads((tmp_path / "default.calibration.json").read_text())
    expected = expected_numbers(three_model_logs, graded / GRADES_FILE)
    assert record["n"] == expected["n"] and "human grades" in capsys.readouterr().out
    assert record["map"]["raw"] == [0.0, 1.0, 7.0]


def test_exported_grades_run_as_gradingbench_data(three_model_logs: Path, graded: Path, tmp_path: Path) -> None:
    import csv

    from inspect_ai import eval as inspect_eval

    from imobench.tasks.gradingbench import gradingbench
    from tests.fake_openai import FakeOpenAI
    from tests.tasks.responders import proof_responder

    out = tmp_path / "mine.csv"
    assert main(["data", "export-grading", str(three_model_logs), "--human-grades", str(graded), "-o", str(out)]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == len({*GRADES["ann"], *GRADES["bob"]})
    by = {(r["Problem ID"], r["Response"][:12]): r for r in rows}
    strong_001 = next(r for r in rows if r["Problem ID"] == "PB-Basic-001" and r["Response"].startswith("FULL-PROOF"))
    assert (strong_001["Points"], strong_001["Reward"]) == ("6", "Almost")  # ann 7, bob 6: the lower median
    assert len(by) >= 1
    with FakeOpenAI(proof_responder()) as server:
        [log] = inspect_eval(gradingbench(data=str(out)), model="litellm/openai/grader", model_base_url=server.base_url,
                             model_args={"api_key": "k"}, log_dir=str(tmp_path / "logs"), display="none")
    assert log.status == "success" and len(log.samples) == len(rows)
    assert {s.target for s in log.samples} <= {"Correct", "Almost", "Partial", "Incorrect"}


def test_the_older_csv_of_human_grades_still_works(three_model_logs: Path, tmp_path: Path, capsys) -> None:
    human = tmp_path / "human.csv"
    human.write_text("model,problem_id,points\n" + "\n".join(
        f"litellm/openai/{m},PB-Basic-001,{p}" for m, p in (("strong", 7), ("middle", 1), ("weak", 0))) + "\n")
    assert main(["report", str(three_model_logs), "--format", "json", "--bootstrap", "50", "--human-grades", str(human)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["system_level"]["models"]["litellm/openai/strong"]["human_mean"] == 7.0 and out["human"] is None


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["report", "{logs}", "--human-grades", "{empty}"], "no human-grades.jsonl in this folder"),
        (["data", "export-grading", "{logs}", "--human-grades", "{empty}", "-o", "{tmp}/x.csv"], "no human-grades.jsonl"),
        (["calibrate", "{logs}", "--human-grades", "{tmp}/h.csv"], "a folder of human grades"),
        (["data", "export-grading", "{logs}", "--human-grades", "{nothing}", "-o", "{tmp}/x.csv"], "has a human grade"),
        (["dashboard", "--log-dir", "{logs}", "--grades", "{tmp}/h.csv"], "--grades"),
        (["dashboard", "--log-dir", "{logs}", "--data", "{tmp}/missing.csv"], "--data"),
    ],
    ids=["report-empty-folder", "export-empty-folder", "calibrate-given-a-csv", "export-no-matching-grade", "dashboard-grades-a-file",
         "dashboard-data-missing"],
)
def test_human_grade_errors_name_the_option(three_model_logs: Path, tmp_path: Path, capsys, argv: list[str], message: str) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "h.csv").write_text("model,problem_id,points\n")
    nothing = tmp_path / "nothing"
    GradeStore(nothing).append(HumanGrade(kind="proof", benchmark="proofbench", log="elsewhere", sample_id="s", sample_uuid="gone",
                                          problem_id="PB-Basic-001", person="ann", points=7, time=now(), sha256="0" * 64))
    names = {"logs": three_model_logs, "empty": tmp_path / "empty", "tmp": tmp_path, "nothing": nothing}
    assert main([a.format(**names) for a in argv]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_an_answer_review_is_a_counted_human_override(tmp_path: Path, capsys) -> None:
    """AnswerBench with the grader on every answer (`grader_mode=all`): where it disagrees with the
    checker the sample is in the review queue; a person's verdict there is applied as an override
    that the report counts beside the automatic score."""
    from inspect_ai import eval as inspect_eval
    from inspect_ai.model import get_model

    from imobench.humans.items import REVIEW_DISAGREE, items_from_logs, review_queue
    from imobench.results.logs import read_logs
    from imobench.tasks.answerbench import answerbench
    from tests.fake_openai import FakeOpenAI
    from tests.tasks.responders import PROBLEM_ANSWERS, by_statement, solver_or_grader

    with FakeOpenAI(solver_or_grader(by_statement("answerbench", PROBLEM_ANSWERS))) as server:
        grader = get_model("litellm/openai/grader", base_url=server.base_url, api_key="k")
        inspect_eval(answerbench(category="Algebra", grader_mode="all"), model="litellm/openai/strong", model_base_url=server.base_url,
                     model_args={"api_key": "k"}, model_roles={"grader": grader}, limit=5, log_dir=str(tmp_path / "logs"), display="none")
    queue = review_queue(items_from_logs(read_logs([str(tmp_path / "logs")])[0]))
    # the fake grader calls every answer without EQUIV incorrect: it disagrees with the checker on 001 and 002
    assert sorted((i.problem_id, i.review) for i in queue) == [("imo-bench-algebra-001", REVIEW_DISAGREE),
                                                               ("imo-bench-algebra-002", REVIEW_DISAGREE)]
    first = next(i for i in queue if i.problem_id == "imo-bench-algebra-001")
    store = GradeStore(tmp_path / "grades")
    for person, verdict in (("ann", "incorrect"), ("bob", "incorrect"), ("cy", "correct")):
        store.append(HumanGrade(kind="answer", queue="review", benchmark="answerbench", log=first.log, sample_id=first.sample_id,
                                sample_uuid=first.sample_uuid, epoch=first.epoch, model=first.model, problem_id=first.problem_id,
                                person=person, verdict=verdict, time=now(), sha256=first.sha256))
    assert main(["report", str(tmp_path / "logs"), "--human-grades", str(tmp_path / "grades"), "--format", "json", "--bootstrap", "50"]) == 0
    [override] = json.loads(capsys.readouterr().out)["human"]["overrides"]
    assert (override["benchmark"], override["samples"], override["overridden"], override["changed"]) == ("answerbench", 5, 1, 1)
    assert override["automatic"] == pytest.approx(60.0) and override["with_humans"] == pytest.approx(40.0)  # 001: correct -> incorrect
