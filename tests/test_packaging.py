"""`pip install .` (a real wheel, not the editable checkout) carries everything the CLI needs."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(out), str(REPO)],
        capture_output=True, text=True, timeout=300,
    )
    if proc.returncode != 0 and "No module named 'hatchling'" in proc.stderr + proc.stdout:
        proc = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(out), str(REPO)],
            capture_output=True, text=True, timeout=600,
        )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return next(out.glob("imobench-*.whl"))


def test_wheel_has_one_top_level_name_and_the_resources(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    top = {n.split("/")[0] for n in names if not n.split("/")[0].endswith((".dist-info", ".data"))}
    assert top == {"imobench"}
    for needed in ["imobench/_bundled/datasets/index.toml", "imobench/_bundled/datasets/answerbench-v2.toml",
                   "imobench/_bundled/datasets/errata/answerbench-v2.toml", "imobench/_bundled/rubrics/scale.toml"]:
        assert needed in names
    assert any(n.startswith("imobench/_bundled/dashboard/") for n in names)
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "[inspect_ai]" in text and "imobench = imobench._registry" in text
    assert "imobench = imobench.cli:main" in text


def test_installed_wheel_cli_works_outside_the_checkout(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import imobench, imobench.cli;"
        "assert imobench.__file__.startswith(sys.argv[1]), imobench.__file__;"
        "sys.exit(imobench.cli.main(['data', 'validate', 'answerbench']))"
    )
    env = dict(os.environ)
    proc = subprocess.run([sys.executable, "-c", code, str(target)], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "answerbench@v2+errata: 400 rows, verified, 0 error(s)" in proc.stdout
