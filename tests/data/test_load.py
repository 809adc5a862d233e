"""Loading: every version, errata, the GradingBench subset, and each failure's clear error."""

from __future__ import annotations

import http.server
import shutil
import threading
from collections import Counter
from pathlib import Path

import pytest

from imobench.data import load
from imobench.data.errata import Erratum, apply_errata, errata_for
from imobench.data.files import cached_path, fetch
from imobench.data.manifest import manifests, resolve
from imobench.errors import ChecksumMismatch, DataNotFound, SchemaError


@pytest.mark.parametrize(
    ("name", "version", "rows"),
    [("answerbench", "v1", 400), ("answerbench", "v2", 400), ("answerbench", "v2+errata", 400),
     ("proofbench", "v1", 60), ("proofbench", "v2", 60), ("leanproofbench", "v1", 60)],
)
def test_every_version_loads_verified(name, version, rows) -> None:
    ds = load(name, version)
    assert len(ds) == rows and ds.verified


def test_default_answerbench_is_v2_with_errata_100_per_category() -> None:
    ds = load("answerbench")
    assert ds.key == "answerbench@v2+errata"
    assert Counter(r.category for r in ds.rows) == {"Algebra": 100, "Combinatorics": 100, "Geometry": 100, "Number theory": 100}
    rows = ds.by_id()
    assert rows["imo-bench-algebra-036"].short_answer == "$Y(x)=A+\\frac{B}{x}-x$"
    assert rows["imo-bench-algebra-036"].source == "Iran 2002"
    assert rows["imo-bench-algebra-036"].problem.rstrip().endswith("\\]")
    assert rows["imo-bench-geometry-004"].short_answer == "4, 5"
    assert rows["imo-bench-geometry-096"].short_answer == "$\\frac{7}{18}$"


def test_raw_v2_stays_unchanged() -> None:
    rows = load("answerbench", "v2").by_id()
    assert rows["imo-bench-geometry-004"].short_answer == "45752"
    assert rows["imo-bench-algebra-036"].category == "Functional Equation"
    assert rows["imo-bench-algebra-036"].source == ""


def test_errata_records_are_complete() -> None:
    records = errata_for(manifests()[("answerbench", "v2")])
    by_problem = {(e.problem_id, e.field): e for e in records}
    for key in [("imo-bench-algebra-036", "Short Answer"), ("imo-bench-geometry-004", "Short Answer"),
                ("imo-bench-geometry-096", "Short Answer"), ("imo-bench-number_theory-048", "Short Answer")]:
        e = by_problem[key]
        assert e.upstream and e.reason and e.old is not None
    assert "#13" in by_problem[("imo-bench-algebra-036", "Short Answer")].upstream
    assert "#20" in by_problem[("imo-bench-geometry-004", "Short Answer")].upstream
    assert by_problem[("imo-bench-number_theory-048", "Short Answer")].action == "confirm"
    assert "leq" in by_problem[("imo-bench-number_theory-048", "Short Answer")].new


@pytest.mark.hostile
def test_erratum_with_stale_old_value_is_refused() -> None:
    rows = {"p1": {"Short Answer": "5"}}
    stale = Erratum(id="X", problem_id="p1", field="Short Answer", action="replace", old="4", new="6", upstream="-", reason="-")
    with pytest.raises(SchemaError, match="not the expected old value '4'"):
        apply_errata(rows, (stale,), where="f.csv")


def test_proofbench_guidelines_are_structured() -> None:
    rows = load("proofbench").by_id()
    items = rows["PB-Basic-001"].guidelines
    assert [(i.level, i.number) for i in items] == [("Partial", 1), ("Partial", 2), ("Almost", 1)]
    assert [i.level for i in rows["PB-Basic-007"].guidelines][0] == "Incorrect"
    assert all(r.guidelines for r in rows.values())


def test_gradingbench_subset_loads_unverified(gradingbench_subset: Path) -> None:
    ds = load("gradingbench", path=gradingbench_subset)
    assert len(ds) == 300 and not ds.verified
    assert "user-supplied" in ds.verification.note
    assert Counter((r.points, r.reward) for r in ds.rows) == {(0, "Incorrect"): 105, (7, "Correct"): 105, (1, "Partial"): 73, (6, "Almost"): 17}
    one = load("gradingbench", path=gradingbench_subset / "gradingbench_filtered_100_val.csv")
    assert len(one) == 100 and not one.verified


def test_gradingbench_missing_offline_names_file_env_and_url() -> None:
    with pytest.raises(DataNotFound) as err:
        load("gradingbench")
    msg = str(err.value)
    assert "gradingbench.csv" in msg and "IMOBENCH_DATA_DIR" in msg
    assert "https://raw.githubusercontent.com/google-deepmind/superhuman/a02069ef" in msg


# ---- failure modes, each with its own clear error ------------------------------------------------


def _copy(data_dir: Path, tmp_path: Path, name: str = "answerbench_v2.csv") -> Path:
    target = tmp_path / name
    shutil.copy(data_dir / name, target)
    return target


@pytest.mark.hostile
def test_wrong_checksum_in_data_dir(data_dir: Path, tmp_path: Path, monkeypatch) -> None:
    f = _copy(data_dir, tmp_path)
    f.write_bytes(f.read_bytes().replace(b"Find all", b"Find ALL", 1))
    monkeypatch.setenv("IMOBENCH_DATA_DIR", str(tmp_path))
    with pytest.raises(ChecksumMismatch) as err:
        load("answerbench", "v2")
    msg = str(err.value)
    assert "expected sha256 275877a9d988d85278fad3a5f8a41d7f83393a60bf259531ec0a5161e6b21cf9" in msg
    assert "actual " in msg and str(f) in msg


@pytest.mark.hostile
def test_truncated_file_in_data_dir(data_dir: Path, tmp_path: Path, monkeypatch) -> None:
    f = _copy(data_dir, tmp_path)
    f.write_bytes(f.read_bytes()[:100_000])
    monkeypatch.setenv("IMOBENCH_DATA_DIR", str(tmp_path))
    with pytest.raises(ChecksumMismatch, match=r"100000 bytes, the manifest 169537 \(truncated\?\)"):
        load("answerbench", "v2")


@pytest.mark.hostile
def test_truncated_user_file_inside_quoted_field(data_dir: Path, tmp_path: Path) -> None:
    data = (data_dir / "answerbench_v2.csv").read_bytes()
    cut = data.index(b'"Find all functions') + 40  # inside a quoted problem statement
    f = tmp_path / "cut.csv"
    f.write_bytes(data[:cut])
    with pytest.raises(SchemaError, match="ends inside a quoted field.*truncated"):
        load("answerbench", "v2", path=f)


@pytest.mark.hostile
def test_missing_column(tmp_path: Path) -> None:
    f = tmp_path / "a.csv"
    f.write_text("Problem ID,Problem,Short Answer,Category,Subcategory\nimo-bench-algebra-001,p,1,Algebra,x\n")
    with pytest.raises(SchemaError, match="missing column\\(s\\) 'Source'"):
        load("answerbench", path=f)


@pytest.mark.hostile
def test_extra_column(tmp_path: Path) -> None:
    f = tmp_path / "a.csv"
    f.write_text("Problem ID,Problem,Short Answer,Category,Subcategory,Source,Notes\nimo-bench-algebra-001,p,1,Algebra,x,y,z\n")
    with pytest.raises(SchemaError, match="unexpected column\\(s\\) 'Notes'"):
        load("answerbench", path=f)


@pytest.mark.hostile
def test_non_utf8_file(data_dir: Path, tmp_path: Path) -> None:
    f = tmp_path / "latin1.csv"
    text = (data_dir / "answerbench.csv").read_text(encoding="utf-8")
    f.write_bytes(text.replace("Find", "Trouvé", 1).encode("latin-1", errors="replace"))
    with pytest.raises(SchemaError, match=r"not UTF-8 \(byte 0xe9 at offset \d+, line 2\)"):
        load("answerbench", "v1", path=f)


@pytest.mark.hostile
def test_bad_points_value_names_row_and_field(gradingbench_subset: Path, tmp_path: Path) -> None:
    src = (gradingbench_subset / "gradingbench_filtered_100_val.csv").read_text(encoding="utf-8")
    f = tmp_path / "gb.csv"
    import csv
    import io

    rows = list(csv.reader(io.StringIO(src, newline="")))
    rows[3][6] = "9"
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    f.write_text(buf.getvalue(), encoding="utf-8")
    with pytest.raises(SchemaError, match=rf"row 3 .*id '{rows[3][0]}'.* field 'Points'"):
        load("gradingbench", path=f)


# ---- download: pinned URL, checksum, atomic write -------------------------------------------------


@pytest.fixture()
def file_server(data_dir: Path, tmp_path: Path):
    root = tmp_path / "served"
    root.mkdir()
    shutil.copy(data_dir / "proofbench_v2.csv", root / "proofbench_v2.csv")
    (root / "corrupt.csv").write_bytes((data_dir / "proofbench_v2.csv").read_bytes()[:-10])

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **k):
            super().__init__(*a, directory=str(root), **k)

        def log_message(self, *a):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_download_verifies_then_writes_atomically(file_server: str, tmp_path: Path) -> None:
    m = resolve("proofbench", "v2").manifest
    target = tmp_path / "cache" / m.filename
    assert fetch(f"{file_server}/proofbench_v2.csv", m, target) == target
    assert target.read_bytes()[:11] == b"Problem ID,"
    assert [p.name for p in target.parent.iterdir()] == [m.filename]


@pytest.mark.hostile
def test_download_with_wrong_checksum_writes_nothing(file_server: str, tmp_path: Path) -> None:
    m = resolve("proofbench", "v2").manifest
    target = tmp_path / "cache" / m.filename
    with pytest.raises(ChecksumMismatch, match="expected sha256 aa8b813d"):
        fetch(f"{file_server}/corrupt.csv", m, target)
    assert list(target.parent.iterdir()) == []


def test_download_is_used_through_the_cache(file_server: str, monkeypatch, tmp_path: Path) -> None:
    m = resolve("proofbench", "v2").manifest
    monkeypatch.delenv("IMOBENCH_DATA_DIR")
    fetch(f"{file_server}/proofbench_v2.csv", m, cached_path(m))
    ds = load("proofbench", "v2")
    assert ds.verified and ds.files == [cached_path(m)]
