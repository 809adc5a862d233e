"""All three tasks end to end through the real litellm provider against a local OpenAI-compatible
server: known answers, known grades, malformed replies, a proof that tries to inject a grade."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from inspect_ai import eval as inspect_eval
from inspect_ai.log import read_eval_log
from inspect_ai.model import get_model

from imobench.records import read_record, score_value
from tests.fake_openai import FakeOpenAI, last_user_text
from tests.tasks.responders import PROOFS, by_statement, proof_responder, solver_or_grader


@pytest.fixture()
def answer_problems():
    from tests.tasks.responders import PROBLEM_ANSWERS

    return by_statement("answerbench", PROBLEM_ANSWERS)


def _scores(log) -> dict:
    return {s.id: next(iter(s.scores.values())) for s in log.samples}


def _values(log) -> dict:
    return {sid: score_value(sc.value) for sid, sc in _scores(log).items()}


def _records(log) -> dict:
    bench = log.eval.metadata["benchmark"]
    return {sid: read_record(bench, sc.value, sc.metadata) for sid, sc in _scores(log).items()}


def _metrics(log) -> dict:
    return {k: v.value for k, v in log.results.scores[0].metrics.items()}


def test_answerbench_through_litellm(answer_problems, tmp_path: Path) -> None:
    from imobench.tasks.answerbench import answerbench

    with FakeOpenAI(solver_or_grader(answer_problems)) as server:
        grader = get_model("litellm/openai/grader", base_url=server.base_url, api_key="test-key")
        [log] = inspect_eval(
            answerbench(category="Algebra"), model="litellm/openai/solver", model_base_url=server.base_url,
            model_args={"api_key": "test-key"}, model_roles={"grader": grader}, limit=5,
            log_dir=str(tmp_path), display="none",
        )
    assert log.status == "success", log.error
    values, records = _values(log), _records(log)
    assert [values[f"imo-bench-algebra-00{i}"] for i in range(1, 6)] == [1.0, 1.0, 0.0, 1.0, 0.0]
    assert records["imo-bench-algebra-001"].decided_by == "symbolic"
    assert records["imo-bench-algebra-004"].decided_by == "grader"
    assert records["imo-bench-algebra-004"].symbolic_verdict == "undecided"
    metrics = _metrics(log)
    assert metrics["accuracy"] == pytest.approx(0.6) and metrics["accuracy (Algebra)"] == pytest.approx(0.6)
    assert metrics["accuracy_ci_low"] < 0.6 < metrics["accuracy_ci_high"]
    assert metrics["undecided_symbolic"] == 2 and metrics["grader_used"] == 2
    assert metrics["accuracy_n"] == 5 and metrics["unscored"] == 0
    assert log.eval.task_version == 1
    assert log.eval.metadata["grader_prompt"].startswith("answer_grader.v1.md@") and "checker" in log.eval.metadata
    sample = log.samples[0]
    assert sample.metadata["category"] == "Algebra" and sample.metadata["answer_type"] == "integer"
    usage = log.stats.model_usage
    assert usage["litellm/openai/solver"].input_tokens > 0 and usage["litellm/openai/grader"].output_tokens > 0
    # the solver and the grader went to the same local server as different model names
    models = {r["model"] for r in server.requests}
    assert models == {"solver", "grader"}


def test_answerbench_without_grader_role_leaves_undecided_unscored(answer_problems, tmp_path: Path) -> None:
    from imobench.tasks.answerbench import answerbench

    with FakeOpenAI(solver_or_grader(answer_problems)) as server:
        [log] = inspect_eval(
            answerbench(category="Algebra"), model="litellm/openai/solver", model_base_url=server.base_url,
            model_args={"api_key": "k"}, limit=5, log_dir=str(tmp_path), display="none",
        )
        assert {r["model"] for r in server.requests} == {"solver"}  # never graded by itself
    scores, values = _scores(log), _values(log)
    undecided = sorted(sid for sid, v in values.items() if math.isnan(v))
    assert undecided == ["imo-bench-algebra-004", "imo-bench-algebra-005"]
    assert "no grader model role is bound" in scores["imo-bench-algebra-004"].explanation
    assert scores["imo-bench-algebra-004"].reason == "scoring_failed"  # Inspect's standard code
    # every sample reaches the coverage metric, the unscored ones too (they were invisible to it)
    metrics = _metrics(log)
    assert metrics["unscored"] == 2 and metrics["unscored (no_grader)"] == 2
    assert metrics["undecided_symbolic"] == 2 and metrics["accuracy_n"] == 3


def test_nothing_scored_keeps_every_metric_name(answer_problems, tmp_path: Path) -> None:
    """Two undecided answers and no grader: the summary still has `accuracy` (undefined), n 0, the
    unscored count and its reason, instead of a lone `rate_ci nan`."""
    from imobench.tasks.answerbench import answerbench

    with FakeOpenAI(solver_or_grader(answer_problems)) as server:
        [log] = inspect_eval(
            answerbench(category="Algebra"), model="litellm/openai/solver", model_base_url=server.base_url,
            model_args={"api_key": "k"}, sample_id=["imo-bench-algebra-004", "imo-bench-algebra-005"],
            log_dir=str(tmp_path), display="none",
        )
    metrics = _metrics(log)
    assert {"accuracy", "accuracy_ci_low", "accuracy_ci_high", "accuracy_n", "accuracy (Algebra)", "unscored"} <= set(metrics)
    assert math.isnan(metrics["accuracy"]) and metrics["accuracy_n"] == 0
    assert metrics["unscored"] == 2 and metrics["unscored (no_grader)"] == 2 and metrics["undecided_symbolic"] == 2


def test_rate_limits_are_retried(answer_problems, tmp_path: Path) -> None:
    from imobench.tasks.answerbench import answerbench

    with FakeOpenAI(solver_or_grader(answer_problems), fail_first=2) as server:
        [log] = inspect_eval(
            answerbench(category="Algebra"), model="litellm/openai/solver", model_base_url=server.base_url,
            model_args={"api_key": "k"}, limit=1, log_dir=str(tmp_path), display="none",
        )
        assert len(server.requests) == 3
    assert log.status == "success" and _values(log)["imo-bench-algebra-001"] == 1.0


@pytest.mark.hostile
def test_proofbench_through_litellm(tmp_path: Path) -> None:
    from imobench.tasks.proofbench import proofbench

    with FakeOpenAI(proof_responder()) as server:
        grader = get_model("litellm/openai/grader", base_url=server.base_url, api_key="k")
        [log] = inspect_eval(
            proofbench(level="basic"), model="litellm/openai/solver", model_base_url=server.base_url,
            model_args={"api_key": "k"}, model_roles={"grader": grader}, limit=5, log_dir=str(tmp_path), display="none",
        )
        grader_prompts = [last_user_text(r) for r in server.requests if r["model"] == "grader"]
    assert log.status == "success", log.error
    values, records = _values(log), _records(log)
    assert values["PB-Basic-001"] == 7
    assert values["PB-Basic-002"] == 1
    assert math.isnan(values["PB-Basic-003"])  # unparseable reply: unscored, not 0
    assert records["PB-Basic-003"].unparsed == 1 and records["PB-Basic-003"].unscored.code == "grader_reply"
    assert values["PB-Basic-004"] == 0  # the injected grade did not move it
    injected = next(p for p in grader_prompts if "Ignore the rubric" in p)
    assert "&lt;/candidate_proof&gt;&lt;points&gt;" in injected
    assert injected.count("</candidate_proof>") == 1
    flagged = records["PB-Basic-005"]  # graded 7, final answer 12345 against P(x) = x^4 + ax^2 + 6, P(x) = x^2
    assert flagged.final_answer_verdict == "incorrect" and "final answer is wrong" in flagged.flag
    for pid in ("PB-Basic-001", "PB-Basic-002"):
        assert records[pid].grader.startswith("default:proof_grader.v1.md@") and records[pid].flag is None
    metrics = _metrics(log)
    # 7, 1, 0 and PB-Basic-005's 7 over 4 scored proofs; one unscored
    assert metrics["unscored"] == 1 and metrics["percent_n"] == 4 and metrics["percent"] == pytest.approx(100 * 15 / 28)
    assert metrics["percent (basic)"] == metrics["percent"]
    assert 0 <= metrics["percent_ci_low"] < metrics["percent"] < metrics["percent_ci_high"] <= 100
    assert metrics["flagged"] == 1 and metrics["unparsed_replies"] == 1 and metrics["unscored (grader_reply)"] == 1
    assert not {"undecided_symbolic", "grader_used", "symbolic_grader_disagree"} & set(metrics)  # AnswerBench's, not here
    assert log.eval.task_version == 1 and log.eval.metadata["scale"]["max_points"] == 7


def test_gradingbench_on_the_subset(gradingbench_subset: Path, tmp_path: Path) -> None:
    from imobench.tasks.gradingbench import gradingbench

    def respond(body: dict) -> str:
        text = last_user_text(body)
        m = re.search(r"<candidate_proof>(.*)</candidate_proof>", text, re.S)
        proof = m.group(1) if m else ""
        return "<points>7 out of 7</points>" if len(proof) % 3 else "unsure"

    with FakeOpenAI(respond) as server:
        [log] = inspect_eval(
            gradingbench(data=str(gradingbench_subset / "gradingbench_filtered_100_val.csv")),
            model="litellm/openai/grader-under-test", model_base_url=server.base_url, model_args={"api_key": "k"},
            limit=12, log_dir=str(tmp_path), display="none",
        )
    assert log.status == "success", log.error
    metrics = _metrics(log)
    assert "unverified" in log.eval.dataset.name
    values, records = _values(log), _records(log)
    scored = [sid for sid, v in values.items() if not math.isnan(v)]
    assert 0 < len(scored) < 12 and metrics["n"] == len(scored) and metrics["unscored"] == 12 - len(scored)
    humans = [records[sid].human_reward for sid in scored]
    assert metrics["accuracy"] == pytest.approx(humans.count("Correct") / len(scored))
    assert metrics["cm_Correct_Correct"] == humans.count("Correct")
    assert sum(v for k, v in metrics.items() if k.startswith("cm_")) == len(scored)
    assert [h for h in humans if h in ("Partial", "Incorrect")], "the first 12 records hold low human grades"
    assert metrics["over_grading_rate"] == 1.0  # this grader gives 7 to everything it grades
    assert math.isnan(metrics["pearson"])  # a constant grader: undefined, not 0


def test_regrading_a_log_with_another_grader(tmp_path: Path, capsys) -> None:
    """`inspect score LOG --scorer imobench/proof_scorer -S grader=median3` re-grades an existing log
    with another grader spec; the grader identity (spec, prompt version, settings) is in every score."""
    import os
    import subprocess
    import sys

    from imobench.tasks.proofbench import proofbench

    with FakeOpenAI(proof_responder()) as server:
        grader = get_model("litellm/openai/grader", base_url=server.base_url, api_key="k")
        [log] = inspect_eval(
            proofbench(level="basic"), model="litellm/openai/solver", model_base_url=server.base_url,
            model_args={"api_key": "k"}, model_roles={"grader": grader}, limit=2, log_dir=str(tmp_path), display="none",
        )
        before = len([r for r in server.requests if r["model"] == "grader"])
        env = {**os.environ, "OPENAI_API_BASE": server.base_url, "OPENAI_BASE_URL": server.base_url, "OPENAI_API_KEY": "k"}
        out = tmp_path / "rescored.eval"
        proc = subprocess.run(
            [str(Path(sys.executable).with_name("inspect")), "score", log.location, "--scorer", "imobench/proof_scorer",
             "-S", "grader=median3", "--model-role", "grader=litellm/openai/grader", "--action", "overwrite",
             "--output-file", str(out), "--display", "none"],
            capture_output=True, text=True, env=env, timeout=600,
        )
        after = len([r for r in server.requests if r["model"] == "grader"])
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
    assert after - before == 2 * 3  # three grading samples per proof under median3
    from imobench.cli import main

    assert main(["report", str(out), "--format", "json", "--bootstrap", "50"]) == 0
    rescored = read_eval_log(str(out))
    first = _records(rescored)[rescored.samples[0].id]
    assert first.grader.startswith("median3:proof_grader.v1.md@") and len(first.samples) == 3
    original = _records(log)[rescored.samples[0].id].grader
    assert original.startswith("default:") and original != first.grader
    assert _metrics(rescored)["unscored"] == 0 and _metrics(rescored)["percent_n"] == 2  # metrics from the re-scored samples
    import json as _json

    [consistency] = _json.loads(capsys.readouterr().out)["consistency"]
    assert consistency["items"] == 2 and consistency["samples_per_item"] == 3.0
    # the fake grader is deterministic: the three samples of each proof agree (7,7,7 and 1,1,1)
    assert consistency["krippendorff_alpha"] == pytest.approx(1.0) and consistency["disagreeing"] == []


def test_report_from_real_logs(answer_problems, gradingbench_subset: Path, tmp_path: Path, capsys) -> None:
    """imobench report on logs written by the tasks: AnswerBench, ProofBench and GradingBench."""
    import json as _json

    from imobench.cli import main
    from imobench.tasks.answerbench import answerbench
    from imobench.tasks.gradingbench import gradingbench
    from imobench.tasks.proofbench import proofbench

    with FakeOpenAI(solver_or_grader({**answer_problems, **by_statement('proofbench', PROOFS)})) as server:
        grader = get_model("litellm/openai/grader", base_url=server.base_url, api_key="k")
        common = dict(model_base_url=server.base_url, model_args={"api_key": "k"}, log_dir=str(tmp_path), display="none")
        inspect_eval(answerbench(category="Algebra"), model="litellm/openai/solver", model_roles={"grader": grader}, limit=5, epochs=2, **common)
        inspect_eval(proofbench(level="basic"), model="litellm/openai/solver", model_roles={"grader": grader}, limit=5, **common)
        inspect_eval(gradingbench(data=str(gradingbench_subset / "gradingbench_filtered_100_test.csv")), model="litellm/openai/grader", limit=8, **common)
    (tmp_path / "broken.eval").write_bytes(b"not a log")
    assert main(["report", str(tmp_path), "--format", "json", "--bootstrap", "200"]) == 0
    report = _json.loads(capsys.readouterr().out)
    rows = {(r["benchmark"], r["group"]): r for r in report["rows"]}
    ab = rows[("answerbench", "all")]
    assert ab["n"] == 10 and ab["value"] == pytest.approx(60.0) and ab["ci_low"] <= 60.0 <= ab["ci_high"]
    assert rows[("answerbench", "Algebra")]["n"] == 10
    pb = rows[("proofbench", "basic")]
    assert pb["unscored"] == 1 and pb["unit"] == "% of max"
    [gb] = report["agreement"]
    assert gb["verified"] is False and gb["n"] + gb["unscored"] == 8
    assert any("broken.eval" in w for w in report["warnings"])
    roles = {(u["model"], u["role"]) for u in report["usage"]}
    assert ("litellm/openai/solver", "solver") in roles and ("litellm/openai/solver", "grader") in roles
    assert main(["report", str(tmp_path), "--format", "md", "--bootstrap", "100"]) == 0
    md = capsys.readouterr().out
    assert "| answerbench | `litellm/openai/solver` |" in md and "(UNVERIFIED)" in md


def test_compare_two_models_on_real_logs(answer_problems, tmp_path: Path, capsys) -> None:
    import json as _json

    from imobench.cli import main
    from imobench.tasks.answerbench import answerbench

    better = dict(answer_problems)
    worse = {k: "\\boxed{-1}" for k in answer_problems}
    for name, table in (("a", better), ("b", worse)):
        with FakeOpenAI(solver_or_grader(table)) as server:
            grader = get_model("litellm/openai/grader", base_url=server.base_url, api_key="k")
            inspect_eval(answerbench(category="Algebra"), model=f"litellm/openai/model-{name}", model_base_url=server.base_url,
                         model_args={"api_key": "k"}, model_roles={"grader": grader}, limit=5, log_dir=str(tmp_path / name), display="none")
    assert main(["compare", str(tmp_path / "a"), str(tmp_path / "b"), "--format", "json", "--bootstrap", "300"]) == 0
    c = _json.loads(capsys.readouterr().out)
    assert c["n_pairs"] == 5 and c["mean_a"] == pytest.approx(0.6) and c["mean_b"] == 0.0
    assert c["difference"] == pytest.approx(0.6) and c["ci_low"] <= 0.6 <= c["ci_high"]
    assert (c["only_a"], c["only_b"]) == (3, 0) and c["mcnemar_p"] == pytest.approx(0.25)
    assert sorted(d["problem_id"] for d in c["disagreements"]) == ["imo-bench-algebra-001", "imo-bench-algebra-002", "imo-bench-algebra-004"]


def test_calibrate_then_proofbench_reports_raw_and_calibrated(gradingbench_subset: Path, tmp_path: Path, capsys) -> None:
    import json as _json

    from imobench.cli import main
    from imobench.tasks.gradingbench import gradingbench
    from imobench.tasks.proofbench import proofbench

    def over_grader(body: dict) -> str:
        return "<points>7 out of 7</points>" if len(last_user_text(body)) % 2 else "<points>6 out of 7</points>"

    with FakeOpenAI(over_grader) as server:
        inspect_eval(gradingbench(data=str(gradingbench_subset / "gradingbench_filtered_100_train.csv")), model="litellm/openai/g",
                     model_base_url=server.base_url, model_args={"api_key": "k"}, limit=40, log_dir=str(tmp_path / "gb"), display="none")
    records = tmp_path / "records"
    records.mkdir()
    assert main(["calibrate", str(tmp_path / "gb"), "--grader", "default", "--output-dir", str(records), "--folds", "4"]) == 0
    out = capsys.readouterr().out
    assert "MAE" in out and "UNVERIFIED" in out
    record = _json.loads((records / "default.calibration.json").read_text())
    assert record["grader_identity"].startswith("default:") and record["n"] == 40 and record["data_verified"] is False
    assert set(record["metrics"]) == {"before", "after"}

    with FakeOpenAI(proof_responder()) as server:
        grader = get_model("litellm/openai/grader", base_url=server.base_url, api_key="k")
        [log] = inspect_eval(proofbench(level="basic", calibration=str(records / "default.calibration.json")),
                             model="litellm/openai/solver", model_base_url=server.base_url, model_args={"api_key": "k"},
                             model_roles={"grader": grader}, limit=2, log_dir=str(tmp_path / "pb"), display="none")
    first = _records(log)["PB-Basic-001"]
    assert first.points == 7 and first.calibrated_points is not None and first.calibration.startswith("default ")
    assert main(["report", str(tmp_path / "pb"), "--format", "json", "--bootstrap", "100"]) == 0
    groups = {r["group"] for r in _json.loads(capsys.readouterr().out)["rows"]}
    assert {"all", "all (calibrated)", "basic (calibrated)"} <= groups


def test_system_level_agreement_with_human_grades(tmp_path: Path, capsys) -> None:
    import json as _json

    from imobench.cli import main
    from imobench.data import load
    from imobench.tasks.proofbench import proofbench

    rows = load("proofbench").by_id()
    quality = {"m1": ["FULL-PROOF", "FULL-PROOF"], "m2": ["FULL-PROOF", "PARTIAL-PROOF"], "m3": ["PARTIAL-PROOF", "nothing"]}
    for model, proofs in quality.items():
        table = {rows[pid].problem.strip()[:80]: proof for pid, proof in zip(["PB-Basic-001", "PB-Basic-002"], proofs)}
        with FakeOpenAI(solver_or_grader(table)) as server:
            grader = get_model("litellm/openai/grader", base_url=server.base_url, api_key="k")
            inspect_eval(proofbench(level="basic"), model=f"litellm/openai/{model}", model_base_url=server.base_url,
                         model_args={"api_key": "k"}, model_roles={"grader": grader}, limit=2, log_dir=str(tmp_path / "logs"), display="none")
    human = tmp_path / "human.csv"
    human.write_text("model,problem_id,points\n" + "\n".join(
        f"litellm/openai/{m},{pid},{p}" for m, pts in {"m1": (7, 6), "m2": (7, 0), "m3": (1, 0)}.items() for pid, p in zip(["PB-Basic-001", "PB-Basic-002"], pts)
    ) + "\n")
    assert main(["report", str(tmp_path / "logs"), "--format", "json", "--bootstrap", "50", "--human-grades", str(human)]) == 0
    sl = _json.loads(capsys.readouterr().out)["system_level"]
    assert sl["models"]["litellm/openai/m1"] == {"grader_mean": 7.0, "human_mean": 6.5}
    g = [7.0, 4.0, 0.5]
    h = [6.5, 3.5, 0.5]
    import numpy as np

    assert sl["pearson"]["value"] == pytest.approx(np.corrcoef(g, h)[0, 1], abs=1e-9)
    assert sl["spearman"]["value"] == pytest.approx(1.0)


def test_the_checker_options_reach_the_run_and_its_header(tmp_path: Path) -> None:
    """`-T checker_timeout/-T checker_memory_mb` set the checker's budget, whose identity the header and
    every verdict carry; the problem statement reaches the checker (algebra-066's gold lists its values in
    decreasing order: a reordering is a set only because the problem says "find all the possible values")."""
    from imobench.data import load
    from imobench.tasks.answerbench import answerbench

    gold = load("answerbench").by_id()["imo-bench-algebra-066"].short_answer
    reordered = ", ".join(reversed([v.strip() for v in gold.split(",")]))
    with FakeOpenAI(lambda body: f"So the values are \\boxed{{{reordered}}}.") as server:
        [log] = inspect_eval(
            answerbench(category="Algebra", checker_timeout=25, checker_memory_mb=2048), model="litellm/openai/solver",
            model_base_url=server.base_url, model_args={"api_key": "k"}, sample_id="imo-bench-algebra-066",
            log_dir=str(tmp_path), display="none",
        )
    assert log.status == "success", log.error
    assert log.eval.metadata["checker"] == "imobench-checker/2.1 t=25s m=2048MB in=1000000"
    [sample] = log.samples
    score = next(iter(sample.scores.values()))
    record = read_record("answerbench", score.value, score.metadata)
    assert record.checker == log.eval.metadata["checker"]
    assert score_value(score.value, "correct") == 1.0 and record.decided_by == "symbolic"


@pytest.mark.parametrize(
    ("options", "message"),
    [({"checker_timeout": 0}, "-T checker_timeout=0"), ({"checker_timeout": float("inf")}, "-T checker_timeout=inf"),
     ({"checker_memory_mb": 10}, "-T checker_memory_mb=10"), ({"checker_memory_mb": 1.5}, "-T checker_memory_mb=1.5")],
    ids=["zero-timeout", "infinite-timeout", "too-little-memory", "fractional-memory"],
)
def test_unusable_checker_options_are_refused_naming_the_option(options, message) -> None:
    from imobench.errors import ImobenchError
    from imobench.tasks.answerbench import answerbench
    from imobench.tasks.proofbench import proofbench

    for task in (answerbench, proofbench):
        with pytest.raises(ImobenchError, match=re.escape(message)):
            task(**options)
