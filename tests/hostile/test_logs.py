"""Hostile logs in `imobench report`, `compare`, `calibrate` and the results loader the dashboard uses:
a retried run, logs with their provenance or labels removed, truncated, foreign and mistyped logs,
and locations that do not exist.  Every case is a real log (written by a real run, then cut or edited
as an attacker or a crash would) read through the command line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from inspect_ai.log import EvalLog, read_eval_log, write_eval_log

from imobench.cli import main

pytestmark = pytest.mark.hostile


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _log_of(folder: Path, benchmark: str, model: str | None = None) -> Path:
    [path] = [p for p in sorted(folder.glob(f"*_{benchmark}_*.eval"))
              if model is None or read_eval_log(str(p), header_only=True).eval.model == model]
    return path


# --- a run interrupted and retried with `inspect eval-retry` counts once ----------------------------

def test_the_retried_run_is_an_interrupted_run_and_its_retry(retried_run: dict) -> None:
    first, retry = retried_run["first"], retried_run["retry"]
    assert first.status == "error" and retry.status == "success"
    assert sum(1 for s in first.samples if s.scores) == 6 and sum(1 for s in first.samples if s.error) == 2
    assert sum(1 for s in retry.samples if s.scores) == retried_run["problems"]
    assert len(list(retried_run["folder"].glob("*.eval"))) == 2


def test_report_counts_a_retried_run_once(retried_run: dict, capsys) -> None:
    code, out, _ = run(capsys, "report", str(retried_run["folder"]), "--format", "json", "--bootstrap", "50")
    assert code == 0
    report = json.loads(out)
    [overall] = [r for r in report["rows"] if r["group"] == "all"]
    header = {k: v.value for k, v in retried_run["retry"].results.scores[0].metrics.items()}
    assert overall["n"] == retried_run["problems"] and overall["unscored"] == 0
    assert overall["value"] == pytest.approx(100 * header["accuracy"])
    [note] = [w for w in report["warnings"] if "set aside" in w]
    assert Path(retried_run["first"].location).name in note and Path(retried_run["retry"].location).name in note


def test_compare_counts_a_retried_run_once(retried_run: dict, capsys) -> None:
    folder = str(retried_run["folder"])
    code, out, _ = run(capsys, "compare", folder, folder, "--format", "json", "--bootstrap", "50")
    assert code == 0
    assert json.loads(out)["n_pairs"] == retried_run["problems"]


def test_the_leaderboard_and_the_sample_readers_choose_the_same_run(retried_run: dict) -> None:
    from imobench.results.leaderboard import leaderboard
    from imobench.results.logs import read_logs

    headers, _ = read_logs([str(retried_run["folder"])], header_only=True)
    assert len(headers) == 2  # header reads keep every run: the leaderboard counts them
    [entry] = [e for e in leaderboard(headers) if e.group == "all"]
    logs, _ = read_logs([str(retried_run["folder"])])
    assert [log.location for log in logs] == [entry.log] and entry.runs == 2
    assert Path(entry.log).name == Path(retried_run["retry"].location).name


# --- provenance removed is unverified --------------------------------------------------------------

PROVENANCE = ("dataset", "data_verified")


def _strip_header(log: EvalLog) -> None:
    for key in PROVENANCE:
        log.eval.metadata.pop(key, None)


def _strip_samples(log: EvalLog) -> None:
    for s in log.samples:
        for key in PROVENANCE:
            s.metadata.pop(key, None)


def _mistype(log: EvalLog) -> None:
    log.eval.metadata["data_verified"] = "yes"
    for s in log.samples:
        s.metadata["data_verified"] = 1


@pytest.mark.parametrize(
    ("edit", "report_verified", "header_verified"),
    [
        pytest.param(lambda log: None, True, True, id="untouched"),
        pytest.param(_strip_header, False, False, id="header-provenance-removed"),
        pytest.param(_strip_samples, False, True, id="sample-provenance-removed"),
        pytest.param(lambda log: (_strip_header(log), _strip_samples(log)), False, False, id="all-provenance-removed"),
        pytest.param(_mistype, False, False, id="provenance-not-a-boolean"),
    ],
)
def test_missing_provenance_is_unverified(task_logs: Path, tmp_path: Path, capsys, edit, report_verified: bool,
                                          header_verified: bool) -> None:
    from imobench.results.leaderboard import leaderboard
    from imobench.results.logs import read_logs

    source = _log_of(task_logs, "proofbench")
    log = read_eval_log(str(source))
    edit(log)
    write_eval_log(log, str(tmp_path / source.name))
    code, out, _ = run(capsys, "report", str(tmp_path), "--format", "json", "--bootstrap", "50")
    assert code == 0
    rows = json.loads(out)["rows"]
    assert rows and {r["verified"] for r in rows} == {report_verified}
    code, out, _ = run(capsys, "report", str(tmp_path), "--bootstrap", "50")
    assert ("(UNVERIFIED)" not in out) == report_verified
    headers, _ = read_logs([str(tmp_path)], header_only=True)
    assert {e.verified for e in leaderboard(headers)} == {header_verified}


# --- a GradingBench log whose samples lack labels is skipped, named, and the rest reported ----------

def _drop_human(log: EvalLog) -> None:
    for s in log.samples:
        score = next(iter(s.scores.values()))
        for key in ("human_reward", "human_points", "human_grade"):
            s.metadata.pop(key, None)
            score.metadata.pop(key, None)


def _drop_grader(log: EvalLog) -> None:
    for s in log.samples[:2]:
        score = next(iter(s.scores.values()))
        score.value = {}
        for key in ("grader_points", "grader_label", "unscored"):
            score.metadata.pop(key, None)


def _drop_record(log: EvalLog) -> None:
    for s in log.samples:
        next(iter(s.scores.values())).metadata = {"human_reward": ["not", "a", "label"], "scale": {"max_points": "seven"}}


@pytest.mark.parametrize(
    ("damage", "field"),
    [
        pytest.param(_drop_human, "lack the human label (human_reward)", id="no-human-labels"),
        pytest.param(_drop_grader, "2 of 6 GradingBench samples lack the grader's grade", id="no-grader-grades"),
        pytest.param(_drop_record, "6 of 6 GradingBench samples lack a valid GradingBench score record", id="score-metadata-mangled"),
    ],
)
def test_a_gradingbench_log_lacking_labels_is_skipped_with_a_warning(task_logs: Path, tmp_path: Path, capsys, damage,
                                                                    field: str) -> None:
    from imobench.results.logs import check_samples

    good = read_eval_log(str(_log_of(task_logs, "gradingbench")))
    assert check_samples(good) is None
    damage(good)
    write_eval_log(good, str(tmp_path / "damaged_gradingbench.eval"))
    shutil.copy(_log_of(task_logs, "proofbench"), tmp_path)
    code, out, err = run(capsys, "report", str(tmp_path), "--bootstrap", "50")
    assert code == 0 and "Traceback" not in err
    assert "| proofbench | `litellm/openai/strong` |" in out  # the good log is reported
    assert "## GradingBench" not in out
    [warning] = [line for line in out.splitlines() if "damaged_gradingbench.eval" in line]
    assert field in warning and "skipped" in warning


# --- logs that cannot be read, foreign logs, mistyped metadata ---------------------------------------
# Each maker writes its hostile file into the folder and returns (the warning expected, or None when the
# log is read and reported; the paths to name besides the folder).

def _truncated(task_logs: Path, folder: Path) -> tuple[str | None, list[str]]:
    data = _log_of(task_logs, "answerbench", "litellm/openai/weak").read_bytes()
    (folder / "cut_answerbench.eval").write_bytes(data[: len(data) // 2])
    return "cut_answerbench.eval: skipped, cannot be read", []


def _not_a_log(task_logs: Path, folder: Path) -> tuple[str | None, list[str]]:
    (folder / "notes.txt").write_text("not a log\n")  # a folder's listing skips it; named explicitly, it is refused
    return "notes.txt: skipped, not an Inspect log", [str(folder / "notes.txt")]


def _empty(task_logs: Path, folder: Path) -> tuple[str | None, list[str]]:
    (folder / "empty.eval").write_bytes(b"")
    return "empty.eval: skipped, cannot be read", []


def _foreign(task_logs: Path, folder: Path) -> tuple[str | None, list[str]]:
    from inspect_ai import Task
    from inspect_ai import eval as inspect_eval
    from inspect_ai.dataset import Sample
    from inspect_ai.scorer import match

    inspect_eval(Task(dataset=[Sample(input="Say 1", target="1")], scorer=match(), name="popularity"), model="mockllm/model",
                 log_dir=str(folder), display="none")
    return "skipped, task popularity is not an imobench benchmark", []


@pytest.mark.parametrize("make", [_truncated, _not_a_log, _empty, _foreign], ids=["truncated", "not-a-log", "empty-file", "foreign-task"])
def test_a_hostile_log_beside_a_good_one_is_skipped_and_named(task_logs: Path, tmp_path: Path, capsys, make) -> None:
    shutil.copy(_log_of(task_logs, "answerbench", "litellm/openai/strong"), tmp_path)
    needle, named = make(task_logs, tmp_path)
    code, out, err = run(capsys, "report", str(tmp_path), *named, "--format", "json", "--bootstrap", "50")
    assert code == 0 and "Traceback" not in err
    report = json.loads(out)
    assert {r["model"] for r in report["rows"]} == {"litellm/openai/strong"}
    assert any(needle in w for w in report["warnings"]), report["warnings"]


def test_mistyped_sample_metadata_is_read_as_text(task_logs: Path, tmp_path: Path, capsys) -> None:
    """A list where a category should be (unhashable: it crashed the grouping) is shown as its text."""
    log = read_eval_log(str(_log_of(task_logs, "answerbench", "litellm/openai/weak")))
    for s in log.samples:
        s.metadata.update(category=["Algebra", {"x": 1}], problem_id={"id": 1}, level=float("nan"))
    write_eval_log(log, str(tmp_path / "mistyped_answerbench.eval"))
    code, out, err = run(capsys, "report", str(tmp_path), "--format", "json", "--bootstrap", "50")
    assert code == 0 and "Traceback" not in err
    groups = {r["group"]: r["n"] for r in json.loads(out)["rows"]}
    assert groups == {"all": len(log.samples), "['Algebra', {'x': 1}]": len(log.samples)}


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["report", "{missing}"], id="report"),
        pytest.param(["report", "{good}", "{missing}"], id="report-one-of-two"),
        pytest.param(["compare", "{missing}", "{good}"], id="compare"),
        pytest.param(["calibrate", "{missing}"], id="calibrate"),
    ],
)
def test_a_missing_location_is_no_such_file_or_folder(task_logs: Path, tmp_path: Path, capsys, argv: list[str]) -> None:
    missing = str(tmp_path / "no-such-logs")
    code, out, err = run(capsys, *[a.format(missing=missing, good=task_logs) for a in argv])
    assert code == 2 and f"{missing}: no such file or folder" in err
    assert "No recorder" not in err and "Traceback" not in err and out == ""


def test_the_results_loader_warns_of_a_missing_location(tmp_path: Path) -> None:
    """The dashboard's loader never raises: a missing location is a warning in plain words."""
    from imobench.results.logs import read_logs

    for header_only in (True, False):
        logs, warnings = read_logs([str(tmp_path / "nothing-here")], header_only=header_only)
        assert logs == [] and warnings == [f"{tmp_path / 'nothing-here'}: no such file or folder"]


@pytest.mark.parametrize("name", ["run #2.eval", "run?x=1.eval", "50% done.eval", "![f](&#x2F;&#x2F;host&#x2F;x.png).eval"],
                         ids=["hash", "query", "percent", "entity-payload"])
def test_a_log_named_with_url_characters_is_read_from_its_folder(task_logs: Path, tmp_path: Path, name: str) -> None:
    """Inspect lists local logs as unencoded file:// URIs; read back as URIs, a name with `#` or `?` was cut short."""
    from imobench.results.logs import read_logs

    shutil.copy(_log_of(task_logs, "answerbench", "litellm/openai/strong"), tmp_path / name)
    for header_only in (True, False):
        logs, warnings = read_logs([str(tmp_path)], header_only=header_only)
        assert warnings == [] and [Path(log.location).name for log in logs] == [name]
