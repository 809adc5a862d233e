"""The batch command, and the peer cases as an external regression suite."""

from __future__ import annotations

import json
from pathlib import Path

from imobench.answers.check import check_unbounded
from imobench.cli import main

PEER = Path(__file__).resolve().parents[3] / "shared" / "data" / "peer-cases" / "math_verify_tests.jsonl"


def test_batch_check(tmp_path: Path, capsys) -> None:
    src = tmp_path / "in.jsonl"
    lines = [
        json.dumps({"id": "a", "gold": "$\\frac{1}{2}$", "response": "The answer is \\boxed{0.5}."}),
        json.dumps({"id": "b", "gold": "4, 5", "response": "Final answer: 5 and 4"}),
        "{not json",
        json.dumps({"id": "c", "gold": "3"}),
        json.dumps({"id": 7, "gold": "All powers of 2", "response": "\\boxed{3}"}),
    ]
    src.write_text("\n".join(lines) + "\n")
    out = tmp_path / "out.jsonl"
    code = main(["answers", "check", "--input", str(src), "--output", str(out), "--workers", "2"])
    captured = capsys.readouterr()
    assert code == 1  # malformed lines were skipped
    assert f"{src}:3: not JSON" in captured.err and f"{src}:4: needs fields id" in captured.err
    assert "checked 3/3" in captured.err
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    rows = [r for r in rows if "verdict" in r]
    assert [r["id"] for r in rows] == ["a", "b", 7]
    assert [r["verdict"] for r in rows] == ["correct", "correct", "incorrect"]
    assert all({"extracted", "method", "reason"} <= r.keys() for r in rows)


def test_batch_missing_input(tmp_path: Path, capsys) -> None:
    code = main(["answers", "check", "--input", str(tmp_path / "nope.jsonl"), "--output", str(tmp_path / "o.jsonl")])
    assert code == 2 and "no such file" in capsys.readouterr().err


def test_peer_cases_no_false_positive_and_a_floor_of_agreement() -> None:
    rows = [json.loads(line) for line in PEER.read_text().splitlines()]
    assert len(rows) == 247
    agree = false_pos = 0
    for r in rows:
        v = check_unbounded(r["gold"], r["response"])
        if v.verdict == "correct" and not r["equivalent"]:
            false_pos += 1
        if v.verdict != "undecided" and (v.verdict == "correct") == r["equivalent"]:
            agree += 1
    assert false_pos == 0
    assert agree >= 170  # measured 174 (the rest: 50 undecided, 23 different readings of the suite's conventions)
