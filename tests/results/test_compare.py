"""`imobench compare`: how many pairs were dropped as unscored on either side, and, on a folder of several
models or benchmarks, what it holds and the option that chooses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from imobench.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_pairs_dropped_as_unscored_are_counted(unscored_runs: Path, capsys) -> None:
    """a is unscored on problem 5, b on problems 2 and 3: two pairs are left of five."""
    folder = str(unscored_runs)
    code, out, _ = run(capsys, "compare", folder, "--model", "litellm/openai/a", "--model", "litellm/openai/b",
                       "--format", "json", "--bootstrap", "50")
    assert code == 0
    c = json.loads(out)
    assert (c["n_pairs"], c["unscored_a"], c["unscored_b"], c["dropped_unscored"]) == (2, 1, 2, 3)
    assert (c["unmatched_a"], c["unmatched_b"]) == (0, 0)
    code, out, _ = run(capsys, "compare", folder, "--model", "litellm/openai/a", "--model", "litellm/openai/b", "--bootstrap", "50")
    assert "on 2 paired samples" in out and "dropped as unscored: 3 pair(s) (1 unscored for litellm/openai/a, 2 for litellm/openai/b)" in out


def test_samples_only_one_side_has_are_counted(unscored_runs: Path, capsys) -> None:
    code, out, _ = run(capsys, "compare", str(unscored_runs), "--model", "litellm/openai/a", "--model", "litellm/openai/c",
                       "--format", "json", "--bootstrap", "50")
    c = json.loads(out)
    assert code == 0 and (c["n_pairs"], c["unmatched_a"], c["unmatched_b"], c["dropped_unscored"]) == (3, 2, 0, 0)


def test_the_comparison_record_carries_the_counts(unscored_runs: Path) -> None:
    """The dashboard shows what the record holds: the same counts without the command line."""
    from imobench.results.compare import compare_frames, pick
    from imobench.results.logs import read_logs, samples_frame

    frame = samples_frame(read_logs([str(unscored_runs)])[0])
    c = compare_frames(pick(frame, "logs", model="litellm/openai/b"), pick(frame, "logs", model="litellm/openai/a"), n_boot=50)
    assert (c.n_pairs, c.unscored_a, c.unscored_b, c.dropped_unscored) == (2, 2, 1, 3)


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        pytest.param([], "holds 2 benchmarks (answerbench, proofbench); 2 models (litellm/openai/strong, litellm/openai/weak): "
                     "choose with --benchmark NAME and --model NAME", id="several-models-and-benchmarks"),
        pytest.param(["--model", "litellm/openai/strong", "--model", "litellm/openai/weak"],
                     "holds 2 benchmarks (answerbench, proofbench): choose with --benchmark NAME", id="several-benchmarks"),
        pytest.param(["--model", "litellm/openai/nobody", "--model", "litellm/openai/weak"],
                     "--model litellm/openai/nobody: not found; it holds models litellm/openai/strong, litellm/openai/weak", id="unknown-model"),
        pytest.param(["--benchmark", "gradingbench"], "--benchmark gradingbench: not found; it holds benchmarks answerbench, proofbench",
                     id="unpaired-benchmark"),
        pytest.param(["--model", "a", "--model", "b", "--model", "c"], "--model given 3 times", id="three-models"),
    ],
)
def test_a_folder_of_several_models_or_benchmarks_says_what_it_holds(task_logs: Path, capsys, argv: list[str], needle: str) -> None:
    code, out, err = run(capsys, "compare", str(task_logs), str(task_logs), *argv, "--bootstrap", "50")
    assert code == 2 and needle in err and "Traceback" not in err, err


def test_one_folder_two_models_chosen(task_logs: Path, capsys) -> None:
    code, out, err = run(capsys, "compare", str(task_logs), "--benchmark", "answerbench", "--model", "litellm/openai/strong",
                         "--model", "litellm/openai/weak", "--format", "json", "--bootstrap", "50")
    assert code == 0, err
    c = json.loads(out)
    assert (c["benchmark"], c["model_a"], c["model_b"], c["n_pairs"]) == ("answerbench", "litellm/openai/strong", "litellm/openai/weak", 5)
    code, _, err = run(capsys, "compare", str(task_logs), "--model", "litellm/openai/strong")
    assert code == 2 and "name the two models to compare in it with --model A --model B" in err


def test_a_model_on_two_datasets_is_chosen_with_dataset(unscored_runs: Path, tmp_path: Path, capsys) -> None:
    """The same model's run relabelled as another dataset: the folder holds two datasets of one model."""
    import shutil

    from inspect_ai.log import read_eval_log, write_eval_log

    from imobench.errors import ImobenchError
    from imobench.results.compare import compare_frames
    from imobench.results.logs import read_logs, samples_frame

    [source] = [p for p in unscored_runs.glob("*.eval") if read_eval_log(str(p), header_only=True).eval.model == "litellm/openai/a"]
    shutil.copy(source, tmp_path)
    log = read_eval_log(str(source))
    log.eval.metadata["dataset"] = "answerbench@v1"
    for s in log.samples:
        s.metadata["dataset"] = "answerbench@v1"
    write_eval_log(log, str(tmp_path / "relabelled.eval"))
    argv = ["compare", str(tmp_path), "--model", "litellm/openai/a", "--model", "litellm/openai/a", "--bootstrap", "50"]
    code, _, err = run(capsys, *argv)
    assert code == 2 and "holds 2 datasets (answerbench@v1, answerbench@v2+errata): choose with --dataset NAME" in err
    code, out, _ = run(capsys, *argv, "--dataset", "answerbench@v1", "--format", "json")
    assert code == 0 and json.loads(out)["n_pairs"] == 4
    both = samples_frame(read_logs([str(tmp_path)])[0])
    with pytest.raises(ImobenchError, match="more than once"):  # never a cross product of the two runs
        compare_frames(both, both, n_boot=50)
