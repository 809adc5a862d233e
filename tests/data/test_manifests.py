"""Every shipped manifest describes the shared upstream files exactly."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from imobench.data.files import digests
from imobench.data.manifest import default_versions, manifests, resolve, versions_of
from imobench.data.models import ROW_MODELS, columns_of
from imobench.errors import UnknownDataset

ALL = sorted(manifests().values(), key=lambda m: m.key)
PRESENT = [m for m in ALL if m.name != "gradingbench"]


def test_six_manifests_shipped() -> None:
    assert {m.key for m in ALL} == {
        "answerbench@v1",
        "answerbench@v2",
        "proofbench@v1",
        "proofbench@v2",
        "gradingbench@v1",
        "leanproofbench@v1",
    }


@pytest.mark.parametrize("m", ALL, ids=lambda m: m.key)
def test_manifest_fields(m) -> None:
    assert m.upstream_commit == "a02069ef66dbae4c5b0713ba0dc144a35375558f"
    assert m.upstream_commit in m.url and m.url.endswith("/imobench/" + m.filename)
    assert len(m.sha256) == 64 and len(m.git_blob) == 40
    assert m.licence == "CC-BY-4.0" and "Google LLC" in m.copyright
    assert "Towards Robust Mathematical Reasoning" in m.citation
    assert m.changelog
    assert columns_of(ROW_MODELS[m.row_model]) == m.columns


@pytest.mark.parametrize("m", PRESENT, ids=lambda m: m.key)
def test_manifest_matches_shared_file(m, data_dir: Path) -> None:
    path = data_dir / m.filename
    d = digests(path)
    assert (d.sha256, d.git_blob, d.size) == (m.sha256, m.git_blob, m.bytes)
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        assert next(reader) == m.columns
        assert sum(1 for _ in reader) == m.rows


def test_gradingbench_manifest_matches_sources_and_subset(gradingbench_subset: Path) -> None:
    m = manifests()[("gradingbench", "v1")]
    assert m.git_blob == "716ca964355808928cac6f8370370529550dbdd8"
    assert m.rows == 1000 and len(m.columns) == 9
    assert m.sha256_source == "third-party"
    for f in sorted(gradingbench_subset.glob("*.csv")):
        with f.open(encoding="utf-8", newline="") as fh:
            assert next(csv.reader(fh)) == m.columns, f


def test_defaults_and_versions() -> None:
    assert default_versions()["answerbench"] == "v2+errata"
    assert versions_of("answerbench") == ["v1", "v2", "v2+errata"]
    assert resolve("answerbench").key == "answerbench@v2+errata"
    assert resolve("AnswerBench@v1").key == "answerbench@v1"


@pytest.mark.parametrize(
    ("name", "version", "needle"),
    [("answerbnch", None, "known datasets are"), ("answerbench", "v3", r"available versions are v1, v2, v2\+errata"), ("proofbench", "v2+errata", "available versions")],
)
def test_unknown_names_say_what_exists(name, version, needle) -> None:
    with pytest.raises(UnknownDataset, match=needle):
        resolve(name, version)
