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


CONVENTIONS = {  # the suite's label contradicts a documented convention of this checker
    "hendrycks_math-2": "comma lists are sets (hendrycks_math reads them as ordered)",
    "hendrycks_math-9": "comma lists are sets (hendrycks_math reads them as ordered)",
    "mindspeed_rl-4": "exact answers: 1.0001 is not 1 (the suite accepts a relative tolerance)",
    "nemo_rl-9": "exact answers: 3.33333333 is not 10/3 (an inexact decimal)",
    "dart_math-6": "percent: 3.04 is not 0.0304 (the suite reads one side as a percent)",
    "mv-5": "a decimal comma (1000,99) is read as a list", "mv-6": "a decimal comma (1,22) is read as a list",
    "mv-7": "a decimal comma (2,74) is read as a list", "mv-17": "a decimal comma (0,111) is read as a list",
    "mv-263": "the suite labels 1 - 1/e and 1 + 1/e equivalent",
    "mv-32": "an answer in \\( \\) on its own lines is read (the suite expects it ignored)",
}
NOT_YET = {  # undecided or wrong today; each a kind of failure still to be fixed (issue 12)
    "mv-13", "mv-14", "mv-15", "mv-16", "mv-18", "mv-25", "mv-35", "mv-60", "mv-61", "mv-62", "mv-109", "mv-123",
    "mv-124", "mv-142", "mv-146", "mv-154", "mv-156", "mv-163", "mv-190", "mv-195", "mv-217", "mv-220", "mv-237",
    "mv-258", "mv-259", "nemo_rl-10", "nemo_rl-11",
}
PEER_FILES = sorted(PEER.parent.glob("*.jsonl")) + sorted((PEER.parent / "more").glob("*.jsonl"))


def test_peer_cases_read_in_place() -> None:
    """The 387 cases of twelve other projects' checker tests, read from ../shared (never copied)."""
    rows = [json.loads(line) for f in PEER_FILES for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(rows) == 387
    wrong, false_pos = set(), set()
    for r in rows:
        v = check_unbounded(r["gold"], r["response"])
        if v.verdict == "undecided" or (v.verdict == "correct") != r["equivalent"]:
            wrong.add(r["id"])
        if v.verdict == "correct" and not r["equivalent"]:
            false_pos.add(r["id"])
    assert wrong <= set(CONVENTIONS) | NOT_YET, sorted(wrong - set(CONVENTIONS) - NOT_YET)
    assert false_pos <= {"hendrycks_math-2", "hendrycks_math-9"}  # the ordered-list convention, named above
    assert 1 - len(wrong) / len(rows) >= 0.90  # measured 90.2% (target 97%: NOT_YET is the work left)
