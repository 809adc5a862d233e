"""`imobench data list` verifies every local copy it lists: a changed, truncated or emptied file in the
data folder is flagged with both digests and the command exits 1 (it found a problem); the same file
is refused when loaded."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from imobench.cli import main

pytestmark = pytest.mark.hostile

TARGET = "proofbench_v2.csv"


def _appended(path: Path) -> None:
    path.write_bytes(path.read_bytes() + b"x")


def _truncated(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:1000])


def _one_byte_changed(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[500] ^= 1
    path.write_bytes(bytes(data))


def _emptied(path: Path) -> None:
    path.write_bytes(b"")


@pytest.fixture()
def data_copy(data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of the data folder's files (in a temporary folder, never the repository)."""
    folder = tmp_path / "data"
    folder.mkdir()
    for f in data_dir.glob("*.csv"):
        shutil.copyfile(f, folder / f.name)
    monkeypatch.setenv("IMOBENCH_DATA_DIR", str(folder))
    return folder


def test_intact_copies_are_listed_verified(data_copy: Path, capsys) -> None:
    assert main(["data", "list"]) == 0
    out = capsys.readouterr().out
    assert f"{data_copy / TARGET} (verified)" in out and "CORRUPT" not in out


@pytest.mark.parametrize("damage", [_appended, _truncated, _one_byte_changed, _emptied],
                         ids=["byte-appended", "truncated", "one-byte-changed", "emptied"])
def test_a_corrupted_copy_is_flagged(data_copy: Path, capsys, damage) -> None:
    from imobench.data import load
    from imobench.errors import ChecksumMismatch

    damage(data_copy / TARGET)
    assert main(["data", "list"]) == 1
    out = capsys.readouterr().out
    [row] = [line for line in out.splitlines() if line.startswith("proofbench      v2 ")]
    assert "CORRUPT" in row
    assert f"checksum mismatch for {data_copy / TARGET} (proofbench@v2)" in out and "delete or replace it" in out
    assert sum("CORRUPT" in line for line in out.splitlines()) == 1  # the other copies are still verified
    with pytest.raises(ChecksumMismatch):
        load("proofbench", "v2")
