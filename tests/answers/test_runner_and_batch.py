"""The bounded runner under threads and timeouts together, and `imobench answers check` on hostile input."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from imobench.answers.bounded import BoundedRunner
from imobench.answers.budget import CheckerBudget
from imobench.cli import main

SLOW = "\\boxed{\\sin(\\sin(\\sin(\\sin(1))))^{2}+\\cos(\\sin(\\sin(\\sin(1))))^{2}}"
JOIN_S = 300  # a hang detector, not a speed target: a waiter that is never woken stays blocked


def test_waiters_behind_a_killed_worker_are_served() -> None:
    """workers=1: callers whose checks time out are killed while others wait for the worker."""
    runner = BoundedRunner(CheckerBudget(workers=1, timeout_s=30))
    results: dict[str, str] = {}

    def call(name: str, response: str, timeout: float | None) -> None:
        v = runner.check("1", response, timeout=timeout)
        results[name] = f"{v.verdict}/{v.failure}"

    jobs = [(f"slow{i}", SLOW, 0.001) for i in range(3)] + [(f"fast{i}", "\\boxed{1}", None) for i in range(4)]
    threads = [threading.Thread(target=call, args=job) for job in jobs]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(JOIN_S)
        assert not [t for t in threads if t.is_alive()], "a caller was left waiting"
    finally:
        runner.close()
    assert {k: v for k, v in results.items() if k.startswith("fast")} == {f"fast{i}": "correct/None" for i in range(4)}
    assert {v for k, v in results.items() if k.startswith("slow")} == {"undecided/time"}
    assert runner.restarts == 3


def _run(tmp_path: Path, lines: list[bytes], *extra: str) -> tuple[int, list[dict]]:
    src = tmp_path / "in.jsonl"
    src.write_bytes(b"\n".join(lines) + b"\n")
    out = tmp_path / "out.jsonl"
    code = main(["answers", "check", "--input", str(src), "--output", str(out), "--workers", "2", "--quiet", *extra])
    return code, [json.loads(x) for x in out.read_text(encoding="utf-8").split("\n") if x]


HOSTILE_LINES = [  # (id, raw line, what the output line must be)
    ("lone-surrogate", b'{"id": "s", "gold": "1", "response": "\\ud800 \\\\boxed{1}"}', "correct"),
    ("raw-u2028-in-string", '{"id": "l", "gold": "2", "response": "a\u2028\\\\boxed{2}"}'.encode(), "correct"),
    ("raw-u2029-in-string", '{"id": "p", "gold": "2", "response": "a\u2029\\\\boxed{2}"}'.encode(), "correct"),
    ("raw-u0085-in-string", '{"id": "n", "gold": "2", "response": "a\u0085\\\\boxed{2}"}'.encode(), "correct"),
    ("invalid-utf8-byte", b'{"id": "b", "gold": "3", "response": "\xff \\\\boxed{3}"}', "error"),
    ("boolean-id", b'{"id": true, "gold": "3", "response": "\\\\boxed{3}"}', "error"),
]


@pytest.mark.parametrize(("raw", "expected"), [h[1:] for h in HOSTILE_LINES], ids=[h[0] for h in HOSTILE_LINES])
def test_every_line_gets_a_verdict_or_an_error_with_its_line_number(tmp_path: Path, raw: bytes, expected: str) -> None:
    before = b'{"id": 1, "gold": "4", "response": "\\\\boxed{4}"}'
    after = b'{"id": "z", "gold": "5", "response": "\\\\boxed{5}"}'
    code, rows = _run(tmp_path, [before, raw, after])
    assert [r["line"] for r in rows] == [1, 2, 3]
    assert rows[0]["verdict"] == "correct" and rows[2]["verdict"] == "correct" and rows[2]["id"] == "z"
    assert (rows[1].get("verdict") or "error") == expected
    assert code == (1 if expected == "error" else 0)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_ids_keep_their_type(tmp_path: Path) -> None:
    _, rows = _run(tmp_path, [b'{"id": 7, "gold": "1", "response": "1"}', b'{"id": "7", "gold": "1", "response": "1"}'])
    assert [r["id"] for r in rows] == [7, "7"]


def test_verdicts_go_to_standard_output_without_output(tmp_path: Path, capsys) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "a", "gold": "1", "response": "\\\\boxed{1}"}\n')
    assert main(["answers", "check", "--input", str(src), "--workers", "1"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out.strip())["verdict"] == "correct"
    assert "checked 1/1" in captured.err


BAD_OPTIONS = [  # (id, arguments after --input IN, words the one message must contain)
    ("timeout-inf", ["--timeout", "inf"], "--timeout"),
    ("timeout-zero", ["--timeout", "0"], "--timeout"),
    ("timeout-negative", ["--timeout", "-5"], "--timeout"),
    ("timeout-nan", ["--timeout", "nan"], "--timeout"),
    ("workers-negative", ["--workers", "-3"], "--workers"),
    ("output-is-input", ["--output", "{input}"], "is the input file"),
    ("output-folder-missing", ["--output", "{tmp}/no/such/out.jsonl"], "does not exist"),
    ("output-under-a-file", ["--output", "{input}/out.jsonl"], "--output"),
    ("output-is-a-folder", ["--output", "{tmp}"], "is a folder"),
]


@pytest.mark.parametrize(("args", "needle"), [b[1:] for b in BAD_OPTIONS], ids=[b[0] for b in BAD_OPTIONS])
def test_bad_options_are_one_message_and_exit_2(tmp_path: Path, capsys, args: list[str], needle: str) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "a", "gold": "1", "response": "1"}\n')
    args = [a.format(input=src, tmp=tmp_path) for a in args]
    assert main(["answers", "check", "--input", str(src), *args]) == 2
    err = capsys.readouterr().err
    assert needle in err and "Traceback" not in err and err.count("\n") == 1
    assert src.read_text() == '{"id": "a", "gold": "1", "response": "1"}\n'


def test_input_folder_is_refused(tmp_path: Path, capsys) -> None:
    assert main(["answers", "check", "--input", str(tmp_path), "--output", str(tmp_path / "o.jsonl")]) == 2
    assert "is a folder" in capsys.readouterr().err


def test_a_batch_line_may_carry_the_problem(tmp_path: Path) -> None:
    """`problem` is optional on a line; given, it decides whether a reordered list is the same set."""
    lines = [
        json.dumps({"id": "no-problem", "gold": "5,-3", "response": "\\boxed{-3, 5}"}).encode(),
        json.dumps({"id": "set", "gold": "5,-3", "response": "\\boxed{-3, 5}", "problem": "Find all integers $x$ with $x^2 - 2x = 15$."}).encode(),
        json.dumps({"id": "ordered", "gold": "5,-3", "response": "\\boxed{-3, 5}", "problem": "Find the ordered pair $(a, b)$."}).encode(),
    ]
    code, rows = _run(tmp_path, lines)
    assert code == 0
    assert [(r["id"], r["verdict"]) for r in rows] == [("no-problem", "undecided"), ("set", "correct"), ("ordered", "incorrect")]
    assert "problem" not in rows[0] and rows[1]["problem"].startswith("Find all")
