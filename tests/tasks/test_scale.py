"""One scale everywhere: a copy of rubrics/scale.toml with five other levels on 0-10, named by a
grader spec, changes the grader prompt, reply parsing, the GradingBench and ProofBench metrics, the
report and the calibration, through the real runner, litellm and a local server."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from inspect_ai import eval as inspect_eval
from inspect_ai.model import get_model

from imobench.records import read_record, score_value
from tests.fake_openai import FakeOpenAI, last_user_text
from tests.tasks.responders import proof_responder

TEN = """
version = "ten-1"
max_points = 10
pass_points = 8
low_points = 2

[human_labels]
Correct = "Flawless"
Almost = "Minor gaps"
Partial = "Progress"
Incorrect = "Nothing"

[[level]]
label = "Flawless"
points = 10
definition = "Complete and rigorous."

[[level]]
label = "Minor gaps"
points = 8
definition = "Complete but for a gap a reader can fill."

[[level]]
label = "Half"
points = 5
definition = "Half of a solution."

[[level]]
label = "Progress"
points = 2
definition = "A step the guidelines credit."

[[level]]
label = "Nothing"
points = 0
definition = "No substantial progress."
"""
HUMAN = {"Correct": 10, "Almost": 8, "Partial": 2, "Incorrect": 0}
GRADES = (10, 8, 5, 2, 0)


@pytest.fixture()
def ten_point_grader(tmp_path: Path) -> Path:
    folder = tmp_path / "graders"
    folder.mkdir()
    (folder / "scale10.toml").write_text(TEN, encoding="utf-8")
    spec = folder / "ten.toml"
    spec.write_text('name = "ten"\ndescription = "rubric grader on a 0-10 scale"\nprompt = "proof_grader.v1.md"\n'
                    'scale = "scale10.toml"\n', encoding="utf-8")
    return spec


def _grade_of(text: str) -> int:
    return GRADES[sum(map(ord, text)) % len(GRADES)]


def _metrics(log) -> dict:
    return {k: v.value for k, v in log.results.scores[0].metrics.items()}


def test_a_ten_point_scale_reaches_grading_metrics_report_and_calibration(ten_point_grader: Path, gradingbench_subset: Path,
                                                                          tmp_path: Path, capsys) -> None:
    from imobench.cli import main
    from imobench.tasks.gradingbench import gradingbench
    from imobench.tasks.proofbench import proofbench

    prompts: list[str] = []

    def grader(body: dict) -> str:
        text = last_user_text(body)
        prompts.append(text)
        proof = text.split("<candidate_proof>")[1].split("</candidate_proof>")[0]
        return f"Checked.\n<points>{_grade_of(proof)} out of 10</points>"

    with FakeOpenAI(grader) as server:
        [gb] = inspect_eval(gradingbench(grader=str(ten_point_grader), data=str(gradingbench_subset / "gradingbench_filtered_100_train.csv")),
                            model="litellm/openai/g", model_base_url=server.base_url, model_args={"api_key": "k"}, limit=40,
                            log_dir=str(tmp_path / "gb"), display="none")
    assert gb.status == "success", gb.error
    # the prompt lists the new levels and asks for points out of 10
    assert "<points>N out of 10</points>, where N is 10, 8, 5, 2 or 0." in prompts[0]
    assert "- 8 points (Minor gaps): Complete but for a gap" in prompts[0] and "gets 8, one that reaches a (Partial) item gets 2" in prompts[0]
    assert gb.eval.metadata["scale"]["max_points"] == 10 and gb.eval.metadata["grader"].startswith("ten:")

    # the header metric on the new scale, against an independent computation from the samples
    pairs = []
    for s in gb.samples:
        score = next(iter(s.scores.values()))
        record = read_record("gradingbench", score.value, score.metadata)
        assert record.human_grade == HUMAN[record.human_reward] and record.scale.max_points == 10
        pairs.append((score_value(score.value), HUMAN[record.human_reward]))
    metrics = _metrics(gb)
    n = len(pairs)
    assert metrics["n"] == n == 40
    assert metrics["mae"] == pytest.approx(sum(abs(g - h) for g, h in pairs) / n, abs=1e-12)
    assert metrics["accuracy"] == pytest.approx(sum(g == h for g, h in pairs) / n, abs=1e-12)
    assert metrics["binary_accuracy"] == pytest.approx(sum((g >= 8) == (h >= 8) for g, h in pairs) / n, abs=1e-12)
    low = [g for g, h in pairs if h <= 2]
    assert low and metrics["over_grading_rate"] == pytest.approx(sum(g >= 8 for g in low) / len(low), abs=1e-12)
    assert metrics["cm_Nothing_Half"] == sum(1 for g, h in pairs if h == 0 and g == 5)
    assert sum(v for k, v in metrics.items() if k.startswith("cm_")) == n and "cm_Correct_Correct" not in metrics

    # ProofBench graded by the same spec: 10 for a full proof, 5 (a level no human label maps to) for a partial one
    with FakeOpenAI(proof_responder(max_points=10, full=10, partial=5)) as server:
        judge = get_model("litellm/openai/grader", base_url=server.base_url, api_key="k")
        [pb] = inspect_eval(proofbench(level="basic", grader=str(ten_point_grader)), model="litellm/openai/solver",
                            model_base_url=server.base_url, model_args={"api_key": "k"}, model_roles={"grader": judge},
                            sample_id=["PB-Basic-001", "PB-Basic-002", "PB-Basic-003", "PB-Basic-005"],
                            log_dir=str(tmp_path / "pb"), display="none")
    assert pb.status == "success", pb.error
    values = {s.id: score_value(next(iter(s.scores.values())).value) for s in pb.samples}
    assert values["PB-Basic-001"] == 10 and values["PB-Basic-002"] == 5 and math.isnan(values["PB-Basic-003"])
    pm = _metrics(pb)
    assert pm["percent"] == pytest.approx(100 * (10 + 5 + 10) / 3 / 10) and pm["percent_n"] == 3
    assert pm["flagged"] == 1  # PB-Basic-005: 10 >= pass (8) with a wrong final answer

    # the report: ProofBench on the scale's maximum, GradingBench agreement with the header's numbers
    assert main(["report", str(tmp_path / "gb"), str(tmp_path / "pb"), "--format", "json", "--bootstrap", "100"]) == 0
    report = json.loads(capsys.readouterr().out)
    [row] = [r for r in report["rows"] if r["benchmark"] == "proofbench" and r["group"] == "all"]
    assert row["value"] == pytest.approx(pm["percent"]) and row["unscored"] == 1 and row["scale"].startswith("ten-1@")
    [agreement] = report["agreement"]
    assert agreement["scale"]["max_points"] == 10 and set(agreement["confusion"]) == {"Nothing", "Progress", "Half", "Minor gaps", "Flawless"}
    for name in ("mae", "accuracy", "binary_accuracy", "quadratic_kappa"):
        assert agreement["statistics"][name]["value"] == pytest.approx(metrics[name], abs=1e-12)
    assert agreement["over_grading_rate"]["value"] == pytest.approx(metrics["over_grading_rate"], abs=1e-12)

    # calibration: fitted on 0-10, evaluated on its levels, refused for a spec on another scale
    records = tmp_path / "records"
    assert main(["calibrate", str(tmp_path / "gb"), "--grader", str(ten_point_grader), "--output-dir", str(records), "--folds", "4"]) == 0
    out = capsys.readouterr().out
    assert "scale 10, 8, 5, 2 or 0" in out and str(records / "ten.calibration.json") in out
    record = json.loads((records / "ten.calibration.json").read_text())
    assert record["scale"]["max_points"] == 10 and max(record["map"]["raw"]) <= 10
    assert record["metrics"]["before"]["accuracy_on_scale"] == pytest.approx(metrics["accuracy"], abs=1e-12)
    assert main(["calibrate", str(tmp_path / "gb"), "--grader", "default", "--output-dir", str(records)]) == 2
    assert "not by --grader default" in capsys.readouterr().err

    # and ProofBench applies it
    with FakeOpenAI(proof_responder(max_points=10, full=10, partial=5)) as server:
        judge = get_model("litellm/openai/grader", base_url=server.base_url, api_key="k")
        [calibrated] = inspect_eval(proofbench(level="basic", grader=str(ten_point_grader), calibration=str(records / "ten.calibration.json")),
                                    model="litellm/openai/solver", model_base_url=server.base_url, model_args={"api_key": "k"},
                                    model_roles={"grader": judge}, sample_id=["PB-Basic-001"], log_dir=str(tmp_path / "pbc"), display="none")
    score = next(iter(calibrated.samples[0].scores.values()))
    grade = read_record("proofbench", score.value, score.metadata)
    assert grade.points == 10 and grade.calibrated_points == pytest.approx(record["map"]["calibrated"][-1])


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        pytest.param(lambda t: t.replace("max_points = 10", "max_points = 9"), "max_points = 9", id="max-not-a-level"),
        pytest.param(lambda t: t.replace("pass_points = 8", "pass_points = 1"), "low_points < pass_points", id="pass-below-low"),
        pytest.param(lambda t: t.replace('Partial = "Progress"', 'Partial = "Some"'), "not levels of this scale", id="unknown-label"),
        pytest.param(lambda t: t.replace("points = 5", "points = 8"), "unique", id="duplicate-points"),
    ],
)
def test_a_malformed_scale_is_refused_naming_the_file(ten_point_grader: Path, edit, message: str) -> None:
    from imobench.errors import ImobenchError
    from imobench.grading.specs import load_grader

    scale = ten_point_grader.parent / "scale10.toml"
    scale.write_text(edit(TEN), encoding="utf-8")
    with pytest.raises(ImobenchError, match="scale10.toml") as err:
        load_grader(str(ten_point_grader))
    assert message in str(err.value)


def test_gradingbench_needs_every_human_label_on_the_scale(ten_point_grader: Path) -> None:
    from imobench.errors import ImobenchError
    from imobench.tasks.gradingbench import gradingbench

    scale = ten_point_grader.parent / "scale10.toml"
    scale.write_text(TEN.replace('Almost = "Minor gaps"\n', ""), encoding="utf-8")
    with pytest.raises(ImobenchError, match=r"no \[human_labels\] entry for Almost"):
        gradingbench(grader=str(ten_point_grader))
