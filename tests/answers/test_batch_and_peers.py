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


CONVENTIONS = {  # every remaining disagreement, by id, with the documented convention that explains it
    "hendrycks_math-2": "order of a bare list: '4, 10, -2' is not listed in increasing order and no problem is given, so "
                        "a reordering is undecided (the suite reads it as ordered: not equivalent)",
    "hendrycks_math-9": "order of a bare list: '4, .1, 2' is not in increasing order and no problem is given: undecided",
    "mindspeed_rl-4": "exact answers: 1.0001 is not 1 (the suite accepts a relative tolerance)",
    "nemo_rl-9": "exact answers: 3.33333333 is not 10/3 (an inexact decimal)",
    "dart_math-6": "percent: 3.04 is not 0.0304 (the suite reads one side as a percent)",
    "mv-263": "exact answers: 1 - 1/e and 1 + 1/e differ (the suite labels them equivalent)",
    "mv-32": "a formula broken over lines inside \\( \\) is not read as the answer: undecided (the suite says not equivalent)",
    "mv-18": "an unreadable answer ('AZYUK2A') is undecided, never incorrect (the suite says not equivalent)",
}
PEER_FILES = sorted(PEER.parent.glob("*.jsonl")) + sorted((PEER.parent / "more").glob("*.jsonl"))
MIN_AGREEMENT = 0.97  # issue 12: >= 97% of the 387 cases, undecided counting as a miss
MAX_FALSE_POSITIVES = 1


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
    assert wrong == set(CONVENTIONS), (sorted(wrong - set(CONVENTIONS)), sorted(set(CONVENTIONS) - wrong))
    assert len(false_pos) <= MAX_FALSE_POSITIVES, sorted(false_pos)
    assert 1 - len(wrong) / len(rows) >= MIN_AGREEMENT
