"""Where `imobench calibrate` writes its record (never into the installed package), that it says
where, and that ProofBench finds the record there."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from imobench.resources import resource_dir


@pytest.fixture()
def gradingbench_log(task_logs: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "gb"
    folder.mkdir()
    [log] = task_logs.glob("*gradingbench*.eval")
    shutil.copy(log, folder / log.name)
    return folder


@pytest.mark.parametrize("checkout", [pytest.param(True, id="cwd-has-graders"), pytest.param(False, id="user-data-folder")])
def test_calibrate_writes_to_graders_here_else_the_user_folder(gradingbench_log: Path, tmp_path: Path, monkeypatch, capsys,
                                                              checkout: bool) -> None:
    from imobench.cli import main
    from imobench.grading.calibration import load_record
    from imobench.grading.specs import load_grader

    work = tmp_path / "work"
    work.mkdir()
    if checkout:
        (work / "graders").mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    bundled = sorted(resource_dir("graders").iterdir())
    assert main(["calibrate", str(gradingbench_log), "--grader", "default", "--folds", "2"]) == 0
    expected = (work / "graders" if checkout else tmp_path / "xdg" / "imobench" / "graders") / "default.calibration.json"
    assert expected.is_file()
    assert f"record written to {expected}" in capsys.readouterr().out
    assert sorted(resource_dir("graders").iterdir()) == bundled  # nothing written beside the package's specs
    spec = load_grader("default")
    found = load_record("default", spec.identity())
    assert found is not None and found.n >= 1


def test_calibrate_on_all_unscored_grades_says_so_and_why(tmp_path: Path, gradingbench_subset: Path, capsys) -> None:
    from inspect_ai import eval as inspect_eval

    from imobench.cli import main
    from imobench.tasks.gradingbench import gradingbench
    from tests.fake_openai import FakeOpenAI

    with FakeOpenAI(lambda body: "Hard to say.") as server:
        inspect_eval(gradingbench(data=str(gradingbench_subset / "gradingbench_filtered_100_val.csv")), model="litellm/openai/g",
                     model_base_url=server.base_url, model_args={"api_key": "k"}, limit=3, log_dir=str(tmp_path), display="none")
    assert main(["calibrate", str(tmp_path), "--output-dir", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "all 3 GradingBench grades" in err and "were unscored" in err and "no <points>N out of 7</points>" in err
    assert "Traceback" not in err
