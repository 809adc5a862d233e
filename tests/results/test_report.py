"""`imobench report` beside each score over scored samples: the range it could take over all samples
(every unscored one wrong ... right); a cost litellm cannot price reads "no price"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from imobench.cli import main


def report_of(capsys, *argv: str) -> dict:
    assert main(["report", *argv, "--format", "json", "--bootstrap", "50"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(
    ("model", "right", "wrong", "unscored"),
    [pytest.param("litellm/openai/a", 3, 1, 1, id="one-unscored"), pytest.param("litellm/openai/b", 2, 1, 2, id="two-unscored"),
     pytest.param("litellm/openai/c", 2, 1, 0, id="none-unscored")],
)
def test_every_score_has_its_range_over_all_samples(unscored_runs: Path, capsys, model: str, right: int, wrong: int,
                                                    unscored: int) -> None:
    rows = {(r["model"], r["group"]): r for r in report_of(capsys, str(unscored_runs))["rows"]}
    for group in ("all", "Algebra"):
        row = rows[(model, group)]
        total = right + wrong + unscored
        assert (row["n"], row["unscored"]) == (right + wrong, unscored)
        assert row["value"] == pytest.approx(100 * right / (right + wrong))
        assert row["range_low"] == pytest.approx(100 * right / total)
        assert row["range_high"] == pytest.approx(100 * (right + unscored) / total)


def test_a_proofbench_range_is_on_the_scale(task_logs: Path, capsys) -> None:
    """Points: an unscored proof could have scored 0 ... the scale's maximum."""
    from imobench.results.logs import read_logs, samples_frame

    [proofs] = [str(p) for p in task_logs.glob("*_proofbench_*.eval")]
    frame = samples_frame(read_logs([proofs])[0])
    scored, unscored = frame["value"].dropna(), int(frame["value"].isna().sum())
    assert unscored >= 1 and len(scored) >= 1
    [row] = [r for r in report_of(capsys, proofs)["rows"] if r["group"] == "all"]
    total = len(scored) + unscored
    assert row["range_low"] == pytest.approx(100 * scored.sum() / (7 * total))
    assert row["range_high"] == pytest.approx(100 * (scored.sum() + 7 * unscored) / (7 * total))
    assert row["range_low"] < row["value"] < row["range_high"]


def test_markdown_shows_the_range_and_no_price(unscored_runs: Path, capsys) -> None:
    assert main(["report", str(unscored_runs), "--bootstrap", "50"]) == 0
    text = capsys.readouterr().out
    [row] = [line for line in text.splitlines() if line.startswith("| answerbench | `litellm/openai/b` |") and "`all`" in line]
    assert row.rstrip().endswith("| 40.0 … 80.0 |")
    usage = text[text.index("| model | role |"):]
    assert "no price" in usage and "undefined" not in usage
    report = report_of(capsys, str(unscored_runs))
    assert report["usage"] and {u["cost_usd"] for u in report["usage"]} == {None}


def test_an_interval_where_every_sample_scored_the_same_is_wilson_not_a_point(task_logs: Path, capsys) -> None:
    """0 of 5 right: every bootstrap resample is 0, so the bootstrap "interval" is [0, 0]; the report gives
    Wilson's instead, upper bound z^2 / (n + z^2) at p = 0 (43.4% for n = 5), and marks it."""
    from scipy import stats

    rows = {(r["model"], r["benchmark"], r["group"]): r for r in report_of(capsys, str(task_logs))["rows"]}
    weak = rows[("litellm/openai/weak", "answerbench", "all")]
    z2 = stats.norm.ppf(0.975) ** 2
    assert (weak["n"], weak["value"]) == (5, 0.0)
    assert weak["ci_method"] == "wilson"
    assert (weak["ci_low"], weak["ci_high"]) == (pytest.approx(0.0), pytest.approx(100 * z2 / (5 + z2)))
    strong = rows[("litellm/openai/strong", "answerbench", "all")]
    assert strong["ci_method"] == "cluster bootstrap" and strong["ci_low"] < strong["value"] < strong["ci_high"]
    assert main(["report", str(task_logs), "--bootstrap", "50"]) == 0
    text = capsys.readouterr().out
    [line] = [x for x in text.splitlines() if x.startswith("| answerbench | `litellm/openai/weak` |") and "`all`" in x]
    assert "[0.0, 43.4] Wilson" in line and "marked Wilson are Wilson score intervals" in text
