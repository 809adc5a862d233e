"""Structural validation and version diffs on the real files."""

from __future__ import annotations

import datetime as dt

import pytest

from imobench.data import load
from imobench.data.diff import diff
from imobench.data.manifest import dataset_names, versions_of
from imobench.data.validate import spreadsheet_date, unbalanced_dollars, validate

VERSIONS = [(n, v) for n in dataset_names() if n != "gradingbench" for v in versions_of(n)]
KNOWN_RAW_V2 = {
    ("imo-bench-algebra-036", "*"),
    ("imo-bench-algebra-036", "Source"),
    ("imo-bench-algebra-036", "Category"),
    ("imo-bench-algebra-036", "Short Answer"),
    ("imo-bench-algebra-097", "Short Answer"),
    ("imo-bench-geometry-004", "Short Answer"),
    ("imo-bench-geometry-096", "Short Answer"),
}


@pytest.mark.parametrize(("name", "version"), VERSIONS, ids=lambda x: str(x))
def test_every_row_of_every_version_is_checked(name, version) -> None:
    ds = load(name, version)
    findings = validate(ds)
    got = {(f.row_id, f.field) for f in findings}
    expected = {
        ("answerbench", "v2"): KNOWN_RAW_V2,
        ("answerbench", "v1"): {("imo-bench-algebra-097", "Short Answer")},
    }.get((name, version), set())
    assert got == expected
    for f in findings:
        assert f.file.endswith(ds.spec.manifest.filename) and f.row > 0 and f.line > 1


def test_gradingbench_subset_validates(gradingbench_subset) -> None:
    assert validate(load("gradingbench", path=gradingbench_subset)) == []


def test_findings_name_file_row_and_field() -> None:
    f = next(x for x in validate(load("answerbench", "v2")) if x.row_id == "imo-bench-geometry-004")
    assert "answerbench_v2.csv: row 204 (line 815, imo-bench-geometry-004) field 'Short Answer'" in str(f)
    assert "2025-04-05" in f.message


@pytest.mark.parametrize(
    ("text", "date"),
    [("45752", dt.date(2025, 4, 5)), ("$45752$", dt.date(2025, 4, 5)), ("33614", None), ("31395", None), ("4, 5", None), ("3", None)],
)
def test_spreadsheet_dates(text, date) -> None:
    assert spreadsheet_date(text) == date


@pytest.mark.parametrize(
    ("text", "bad"),
    [("$x$", False), ("$$x$$", False), ("\\$5 and $x$", False), ("$\\frac{7}{18}", True), ("a $b$ $c", True)],
)
def test_unbalanced_dollars(text, bad) -> None:
    assert unbalanced_dollars(text) is bad


def test_answerbench_v1_v2_differ_in_exactly_29_problems() -> None:
    d = diff(load("answerbench", "v1"), load("answerbench", "v2"))
    assert len(d.changed_ids) == 29 and not d.added and not d.removed
    assert "imo-bench-geometry-004" in d.changed_ids and "imo-bench-combinatorics-005" in d.changed_ids


def test_proofbench_v1_v2_differ_only_in_advanced_022() -> None:
    d = diff(load("proofbench", "v1"), load("proofbench", "v2"))
    assert [(c.row_id, c.field) for c in d.changes] == [("PB-Advanced-022", "Problem")]


def test_errata_diff_touches_only_documented_rows() -> None:
    d = diff(load("answerbench", "v2"), load("answerbench", "v2+errata"))
    assert d.changed_ids == ["imo-bench-algebra-036", "imo-bench-algebra-097", "imo-bench-geometry-004", "imo-bench-geometry-096"]
