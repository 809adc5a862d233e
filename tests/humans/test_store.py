"""The human grades file: nothing lost with two writers at once, a later grade supersedes an earlier one
with both kept, a changed text never matched to an old grade, unreadable lines skipped with their
line number, and the per-person queue order and resume point."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from imobench.humans.agreement import human_report, resolve
from imobench.humans.items import Item
from imobench.humans.queue import decisions_by_item, filtered, person_order, resume_index
from imobench.humans.records import HumanGrade, text_sha256
from imobench.humans.store import GRADES_FILE, GradeStore, latest

WRITES = 150  # records per writer


def _item(n: int, text: str = "a proof", model: str = "m") -> Item:
    return Item(kind="proof", benchmark="proofbench", log="/logs/x.eval", sample_id=f"PB-Basic-{n:03d}", sample_uuid=f"u{n}",
                model=model, problem_id=f"PB-Basic-{n:03d}", text=text, sha256=text_sha256(text), ai_value=7.0, level="basic")


def _grade(item: Item, person: str, points: int, time: str = "2026-12-01T00:00:00+00:00", note: str = "") -> HumanGrade:
    return HumanGrade(kind="proof", benchmark=item.benchmark, log=item.log, sample_id=item.sample_id, sample_uuid=item.sample_uuid,
                      epoch=item.epoch, model=item.model, problem_id=item.problem_id, person=person, points=points, note=note,
                      time=time, sha256=item.sha256)


WRITER = """
import sys, time
from imobench.humans.records import HumanGrade
from imobench.humans.store import GradeStore
folder, who, n, start = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
store = GradeStore(folder)
while time.time() < start:
    pass
for i in range(n):
    store.append(HumanGrade(kind="proof", benchmark="proofbench", log="l", sample_id=f"s{i}", sample_uuid=f"{who}-{i}",
                            problem_id=f"p{i}", person=who, points=i % 8 if i % 8 in (0, 1, 6, 7) else 0,
                            note="x" * (i * 97 % 5000), time="t", sha256="0" * 64))
"""


def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    import time

    start = time.time() + 3  # both start writing at the same moment, after their imports
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path), who, str(WRITES), str(start)]) for who in ("ann", "bob")]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    loaded = GradeStore(tmp_path).read()
    assert loaded.warnings == []
    got = sorted((g.person, g.sample_uuid) for g in loaded.grades)
    assert got == sorted((who, f"{who}-{i}") for who in ("ann", "bob") for i in range(WRITES))
    assert len((tmp_path / GRADES_FILE).read_bytes().split(b"\n")) == 2 * WRITES + 1  # one line each, nothing glued


def test_two_tabs_of_one_server_lose_nothing(tmp_path: Path) -> None:
    """Two browser tabs are two threads of the one Streamlit server."""
    store = GradeStore(tmp_path)
    item = _item(1)

    def tab(who: str) -> None:
        for i in range(WRITES):
            store.append(_grade(item, who, 7, note=str(i)))

    threads = [threading.Thread(target=tab, args=(who,)) for who in ("tab one", "tab two")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    loaded = store.read()
    assert loaded.warnings == [] and len(loaded.grades) == 2 * WRITES


def test_a_later_grade_supersedes_the_earlier_and_both_stay(tmp_path: Path) -> None:
    store = GradeStore(tmp_path)
    item = _item(1)
    store.append(_grade(item, "Ann", 1))
    store.append(_grade(item, "bob", 7))
    store.append(_grade(item, "ann ", 6))  # the same person, written differently
    loaded = store.read()
    assert [g.points for g in loaded.grades] == [1, 7, 6]
    last = latest(loaded.grades)
    assert {person: g.points for (_, person), g in last.items()} == {"ann": 6, "bob": 7}


def test_a_changed_text_is_not_matched_to_an_old_grade(tmp_path: Path) -> None:
    import pandas as pd

    old = _item(1, text="the proof as it was graded")
    store = GradeStore(tmp_path)
    store.append(_grade(old, "ann", 7))
    store.append(_grade(old, "bob", 7))
    changed = old.model_copy(update={"text": "the proof after a re-run", "sha256": text_sha256("the proof after a re-run")})
    grades = store.read().grades
    assert decisions_by_item([old], latest(grades)) != {}
    assert decisions_by_item([changed], latest(grades)) == {}
    report = human_report(str(tmp_path), [changed], grades, pd.DataFrame(), n_boot=10)
    assert (report.matched, report.stale, report.graders, report.inter_rater) == (0, 2, [], None)


@pytest.mark.parametrize(
    ("line", "why"),
    [
        (b'{"kind": "proof", "benchmark": "proofbench", "log": "l", "sample_id"', "not a JSON record"),  # torn by a crash
        (b"\xff\xfe not utf-8", "not a JSON record"),
        (b'{"kind": "proof"}', "benchmark: Field required"),
        (b'{"kind": "answer", "benchmark": "answerbench", "log": "l", "sample_id": "s", "problem_id": "p", "person": "a",'
         b' "points": 7, "time": "t", "sha256": "' + b"0" * 64 + b'"}', "an answer review holds a verdict"),
        (b'{"kind": "proof", "benchmark": "proofbench", "log": "l", "sample_id": "s", "problem_id": "p", "person": "  ",'
         b' "points": 7, "time": "t", "sha256": "' + b"0" * 64 + b'"}', "name or initials"),
    ],
    ids=["torn-line", "invalid-utf8", "missing-fields", "answer-with-points", "no-person"],
)
def test_an_unreadable_line_is_skipped_with_its_number(tmp_path: Path, line: bytes, why: str) -> None:
    store = GradeStore(tmp_path)
    item = _item(1)
    store.append(_grade(item, "ann", 7))
    with (tmp_path / GRADES_FILE).open("ab") as fh:
        fh.write(line)  # no newline: what a crash mid-write leaves
    store.append(_grade(item, "bob", 6))
    loaded = store.read()
    assert [g.person for g in loaded.grades] == ["ann", "bob"]
    [warning] = loaded.warnings
    assert f"{GRADES_FILE} line 2" in warning and why in warning


def test_a_note_with_line_separators_stays_one_record(tmp_path: Path) -> None:
    store = GradeStore(tmp_path)
    note = "first\u2028second\u2029third\x85fourth\r\nfifth"
    store.append(_grade(_item(1), "ann", 7, note=note))
    [grade] = store.read().grades
    assert grade.note == note
    assert json.loads((tmp_path / GRADES_FILE).read_text().strip())["note"] == note


@pytest.mark.parametrize(
    ("points", "resolved"),
    [([7], 7), ([7, 7], 7), ([7, 0], 0), ([6, 7, 1], 6), ([0, 1, 6, 7], 1), ([7, 7, 6, 1], 6)],
    ids=["one", "agree", "two-disagree-lower", "three-median", "four-lower-median", "four-lower-middle"],
)
def test_several_people_resolve_to_the_lower_median(points: list[int], resolved: int) -> None:
    item = _item(1)
    assert resolve([_grade(item, f"p{n}", p) for n, p in enumerate(points)]) == resolved


@pytest.mark.parametrize(
    ("verdicts", "resolved"),
    [(["correct"], 1.0), (["incorrect", "correct", "incorrect"], 0.0), (["correct", "incorrect"], None)],
    ids=["one", "majority", "tie-decides-nothing"],
)
def test_answer_reviews_resolve_by_majority(verdicts: list[str], resolved: float | None) -> None:
    grades = [HumanGrade(kind="answer", benchmark="answerbench", log="l", sample_id="s", problem_id="p", person=f"p{n}", verdict=v,
                         time="t", sha256="0" * 64) for n, v in enumerate(verdicts)]
    assert resolve(grades) == resolved


def test_each_person_has_their_own_stable_order_and_resumes_where_they_were() -> None:
    items = [_item(n) for n in range(1, 21)]
    ann, bob = person_order(items, "ann"), person_order(items, "bob")
    assert [i.key for i in ann] != [i.key for i in bob]
    assert [i.key for i in person_order(reversed(items), "Ann")] == [i.key for i in ann]  # seeded by the person alone
    graded = latest([_grade(ann[0], "ann", 7), _grade(ann[1], "ann", 0)])
    by_item = decisions_by_item(items, graded)
    assert resume_index(ann, by_item, "ann") == 2
    assert resume_index(ann, by_item, "ann", at=ann[0].key) == 0  # the page's remembered position wins
    assert resume_index(bob, by_item, "bob") == 0
    assert {i.key for i in filtered(items, by_item, coverage=["one person"])} == {ann[0].key, ann[1].key}
    assert len(filtered(items, by_item, coverage=["nobody"])) == 18
