"""The command line: exit codes, messages without tracebacks, every data subcommand."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from imobench.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list(capsys) -> None:
    code, out, _ = run(capsys, "data", "list")
    assert code == 0
    assert "answerbench     v2+errata" in out and "(default)" in out
    assert "gradingbench" in out and "CC-BY 4.0" in out


def test_validate_default_version_is_clean(capsys) -> None:
    code, out, _ = run(capsys, "data", "validate", "answerbench")
    assert code == 0 and "answerbench@v2+errata: 400 rows, verified, 0 error(s)" in out


def test_validate_raw_v2_fails_with_findings(capsys) -> None:
    code, out, _ = run(capsys, "data", "validate", "answerbench@v2")
    assert code == 1
    assert "7 error(s)" in out and "imo-bench-geometry-004" in out


def test_validate_user_file_is_marked_unverified(capsys, gradingbench_subset: Path) -> None:
    code, out, _ = run(capsys, "data", "validate", "gradingbench", "--data", str(gradingbench_subset))
    assert code == 0 and "300 rows, UNVERIFIED" in out


def test_show_prints_fields_and_errata(capsys) -> None:
    code, out, _ = run(capsys, "data", "show", "imo-bench-geometry-004")
    assert code == 0 and "## Short Answer\n4, 5" in out and "AB2-E06" in out


def test_show_proofbench_guidelines(capsys) -> None:
    code, out, _ = run(capsys, "data", "show", "PB-Basic-007")
    assert code == 0 and "(Incorrect) 1." in out


def test_diff(capsys) -> None:
    code, out, _ = run(capsys, "data", "diff", "answerbench", "v1", "v2")
    assert code == 0 and out.startswith("answerbench@v1 -> answerbench@v2: 29 changed row(s)")


def test_errata_listing(capsys) -> None:
    code, out, _ = run(capsys, "data", "errata")
    assert code == 0
    for pid in ["algebra-036", "geometry-004", "geometry-096", "number_theory-048"]:
        assert f"imo-bench-{pid}" in out
    assert "upstream: google-deepmind/superhuman issue #13" in out


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export(capsys, tmp_path: Path, fmt: str) -> None:
    out_file = tmp_path / f"pb.{fmt}"
    code, _, err = run(capsys, "data", "export", "proofbench@v2", "--format", fmt, "--output", str(out_file))
    assert code == 0 and "60 rows of proofbench@v2 (verified)" in err
    if fmt == "jsonl":
        rows = [json.loads(line) for line in out_file.read_text().splitlines()]
        assert rows[0]["guidelines"][0]["level"] == "Partial"
    else:
        frame = pd.read_csv(out_file) if fmt == "csv" else pd.read_parquet(out_file)
        assert len(frame) == 60 and list(frame.columns)[:2] == ["Problem ID", "Problem"]


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["data", "show", "imo-bench-algebra-999"], "has no row with id 'imo-bench-algebra-999'"),
        (["data", "show", "XYZ-1"], "pass --dataset"),
        (["data", "validate", "answerbench@v7"], "unknown version 'v7'"),
        (["data", "export", "proofbench", "--format", "parquet"], "give --output PATH"),
        (["data", "validate", "gradingbench"], "gradingbench.csv (gradingbench@v1) is not available"),
    ],
)
def test_errors_exit_2_without_traceback(capsys, argv, needle) -> None:
    code, _, err = run(capsys, *argv)
    assert code == 2 and needle in err and "Traceback" not in err


def test_console_script_runs(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("imobench")
    proc = subprocess.run([str(exe), "data", "show", "PB-Advanced-022"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "B'\\neq C" in proc.stdout


def test_show_names_the_file_and_line_a_row_came_from(capsys, gradingbench_subset: Path) -> None:
    """In a folder of CSVs the header names the row's own file, not the folder's first file."""
    code, out, _ = run(capsys, "data", "show", "GB-0849", "--data", str(gradingbench_subset))
    [header] = out.splitlines()[:1]
    assert code == 0 and "UNVERIFIED" in header
    source = header.rsplit(": ", 1)[1].rstrip(")")
    path, line = source.rsplit(":", 1)
    text = Path(path).read_text(encoding="utf-8").splitlines()
    assert text[int(line) - 1].startswith("GB-0849,")


def test_errata_and_diff_show_the_changed_words(capsys) -> None:
    """A one-word fix in a long statement reads as that word, not as two whole escaped fields."""
    code, out, _ = run(capsys, "data", "diff", "answerbench", "v1", "v2")
    assert code == 0
    assert "not a linear{+ or constant+} function" in out
    assert "[-\\lodts-]{+\\ldots+}" in out and "\\\\" not in out.split("\n\n", 2)[1]
    code, out, _ = run(capsys, "data", "errata")
    assert "change: [-45752-]{+4, 5+}" in out


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("a b c d", "a b X d", ["a b [-c-]{+X+} d"]),
        ("one two", "one two three", ["one two{+ three+}"]),
        ("same", "same", []),
        ("x\ny", "x\nz", ["x⏎[-y-]{+z+}"]),
    ],
    ids=["replace", "insert", "equal", "newline"],
)
def test_changed_words(old, new, expected) -> None:
    from imobench.data.diff import changed_words

    assert changed_words(old, new) == expected


def test_help_speaks_to_users(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "Thin:" not in out and "inspect eval imobench/answerbench" in out and "Exit codes" in out


# --- options and output paths the command cannot use: one message naming the option, exit 2 ---------

def run_args(capsys, argv: list[str]) -> tuple[int, str, str]:
    """`main` with argparse's own refusals (SystemExit) read as the exit code the shell would see."""
    try:
        code = main(argv)
    except SystemExit as stop:
        code = stop.code
    out, err = capsys.readouterr()
    return code, out, err


BAD_OPTIONS = [
    pytest.param(["report", "{logs}", "--bootstrap", "0"], "--bootstrap", id="report-bootstrap-0"),
    pytest.param(["report", "{logs}", "--bootstrap", "-5"], "--bootstrap", id="report-bootstrap-negative"),
    pytest.param(["report", "{logs}", "--bootstrap", "many"], "--bootstrap", id="report-bootstrap-text"),
    pytest.param(["compare", "{logs}", "{logs}", "--bootstrap", "0"], "--bootstrap", id="compare-bootstrap-0"),
    pytest.param(["calibrate", "{logs}", "--folds", "0"], "--folds", id="calibrate-folds-0"),
    pytest.param(["calibrate", "{logs}", "--folds", "1"], "--folds", id="calibrate-folds-1"),
    pytest.param(["dashboard", "--port", "99999"], "--port", id="dashboard-port-99999"),
    pytest.param(["dashboard", "--port", "0"], "--port", id="dashboard-port-0"),
    pytest.param(["serve-local", "--port", "99999"], "--port", id="serve-local-port-99999"),
    pytest.param(["serve-local", "--port", "-1"], "--port", id="serve-local-port-negative"),
    pytest.param(["serve-local", "--n-ctx", "0"], "--n-ctx", id="serve-local-n-ctx-0"),
    pytest.param(["quickstart", "--port", "70000"], "--port", id="quickstart-port-70000"),
    pytest.param(["quickstart", "--max-tokens", "0"], "--max-tokens", id="quickstart-max-tokens-0"),
    pytest.param(["report", "{logs}", "--output", "{tmp}/no-such-folder/report.md"], "--output {tmp}/no-such-folder/report.md",
                 id="report-output-in-a-missing-folder"),
    pytest.param(["report", "{logs}", "--output", "{tmp}"], "--output {tmp}: is a folder", id="report-output-is-a-folder"),
    pytest.param(["report", "{logs}", "-o", "{tmp}/a-file/report.md"], "--output {tmp}/a-file/report.md", id="report-output-under-a-file"),
    pytest.param(["report", "{logs}", "-o", "/proc/imobench-report.md"], "--output /proc/imobench-report.md: cannot write it",
                 id="report-output-unwritable"),
    pytest.param(["calibrate", "{logs}", "--output-dir", "{tmp}/a-file"], "--output-dir {tmp}/a-file", id="calibrate-output-dir-is-a-file"),
    pytest.param(["calibrate", "{logs}", "--output-dir", "/proc/imobench-graders"], "--output-dir /proc/imobench-graders",
                 id="calibrate-output-dir-unwritable"),
    pytest.param(["data", "export", "proofbench", "-o", "{tmp}/no-such-folder/pb.jsonl"], "--output {tmp}/no-such-folder/pb.jsonl",
                 id="export-output-in-a-missing-folder"),
    pytest.param(["data", "export", "proofbench", "-o", "{tmp}"], "--output {tmp}: is a folder", id="export-output-is-a-folder"),
    pytest.param(["data", "export", "proofbench", "--format", "parquet", "-o", "/proc/pb.parquet"], "--output /proc/pb.parquet",
                 id="export-parquet-unwritable"),
]


@pytest.mark.hostile
@pytest.mark.parametrize(("argv", "needle"), BAD_OPTIONS)
def test_an_unusable_option_is_one_message_naming_it(capsys, tmp_path: Path, task_logs: Path, argv: list[str], needle: str) -> None:
    (tmp_path / "a-file").write_text("a file, not a folder\n")
    fill = {"logs": str(task_logs), "tmp": str(tmp_path)}
    code, out, err = run_args(capsys, [a.format(**fill) for a in argv])
    assert code == 2 and needle.format(**fill) in err, err
    assert "Traceback" not in err and out == ""
    assert [p.name for p in tmp_path.iterdir()] == ["a-file"]  # nothing written


@pytest.mark.hostile
def test_an_unusable_option_through_the_console_script(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("imobench")
    for argv, needle in ((["report", str(tmp_path), "--bootstrap", "0"], "argument --bootstrap"),
                         (["report", str(tmp_path), "-o", str(tmp_path / "missing" / "r.md")], f"--output {tmp_path / 'missing' / 'r.md'}")):
        proc = subprocess.run([str(exe), *argv], capture_output=True, text=True, timeout=120)
        assert proc.returncode == 2 and needle in proc.stderr, proc.stderr
        assert "Traceback" not in proc.stderr and proc.stdout == ""
