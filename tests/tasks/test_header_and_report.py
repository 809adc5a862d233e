"""The GradingBench header metric and `imobench report` are one computation: on the same samples they
agree to 1e-12, and they call the same statistics undefined (NaN in the header, undefined with a
reason in the report), in every case: varied grades, a constant grader, no low human grade, nothing
scored."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from inspect_ai import eval as inspect_eval

from imobench.stats.agreement import RATES, STATISTICS
from tests.fake_openai import FakeOpenAI, last_user_text

VARIED = (7, 6, 1, 0)


def _varied(body: dict) -> str:
    proof = last_user_text(body).split("<candidate_proof>")[1]
    return f"<points>{VARIED[sum(map(ord, proof)) % 4]} out of 7</points>"


CASES = [
    pytest.param(_varied, None, 12, set(), id="varied-grades"),
    pytest.param(lambda body: "<points>7 out of 7</points>", None, 12, {"pearson", "spearman", "kendall_tau_b"}, id="constant-grader"),
    # three records whose human label is Correct: no human grade <= 1 (no over-grading rate), and
    # constant human grades (no correlation)
    pytest.param(_varied, ["GB-0477", "GB-0921", "GB-0645"], 3, {"over_grading_rate", "spearman", "pearson", "kendall_tau_b"},
                 id="no-low-human-grade"),
    pytest.param(lambda body: "I would rather not say.", None, 12, {*STATISTICS, *RATES}, id="nothing-scored"),
]


@pytest.mark.parametrize(("reply", "ids", "samples", "undefined"), CASES)
def test_header_metric_and_report_agree(reply, ids, samples: int, undefined: set[str], gradingbench_subset: Path,
                                        tmp_path: Path) -> None:
    from imobench.results.logs import read_logs, samples_frame, usage_frame
    from imobench.results.report import build_report
    from imobench.tasks.gradingbench import gradingbench

    selection = {"sample_id": ids} if ids else {"limit": samples}
    with FakeOpenAI(reply) as server:
        [log] = inspect_eval(gradingbench(data=str(gradingbench_subset / "gradingbench_filtered_100_val.csv")),
                             model="litellm/openai/g", model_base_url=server.base_url, model_args={"api_key": "k"},
                             log_dir=str(tmp_path), display="none", **selection)
    assert log.status == "success", log.error
    header = {k: v.value for k, v in log.results.scores[0].metrics.items()}
    logs, warnings = read_logs([log.location])
    [row] = build_report(samples_frame(logs), usage_frame(logs), warnings, n_boot=50).agreement
    assert header["n"] == row.n and header["unscored"] == row.unscored and row.n + row.unscored == samples
    stats = {**row.statistics, "over_grading_rate": row.over_grading_rate, "under_grading_rate": row.under_grading_rate}
    assert set(stats) == {*STATISTICS, *RATES}
    seen_undefined = set()
    for name, stat in stats.items():
        assert math.isnan(header[name]) == (stat.value is None), name
        if stat.value is None:
            seen_undefined.add(name)
            assert stat.undefined, name
        else:
            assert abs(header[name] - stat.value) <= 1e-12, (name, header[name], stat.value)
    assert seen_undefined == undefined, seen_undefined
    for human, counts in row.confusion.items():
        for graded, count in counts.items():
            assert header[f"cm_{human}_{graded}"] == count
