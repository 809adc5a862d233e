"""Shared test setup: the official data through IMOBENCH_DATA_DIR, a private cache, no downloads."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = REPO.parent / "shared" / "data" / "imobench"


def pytest_configure(config: pytest.Config) -> None:
    # Tests and CI read ../shared/data/imobench through the same variable users set.
    # Made absolute so that subprocesses started in other folders find it too.
    given = os.environ.get("IMOBENCH_DATA_DIR")
    os.environ["IMOBENCH_DATA_DIR"] = str(Path(given).resolve() if given else DEFAULT_DATA_DIR)


@pytest.fixture(scope="session")
def data_dir() -> Path:
    path = Path(os.environ["IMOBENCH_DATA_DIR"])
    if not (path / "answerbench_v2.csv").is_file():
        pytest.fail(f"IMOBENCH_DATA_DIR={path} does not hold the IMO-Bench files (expected ../shared/data/imobench)")
    return path


@pytest.fixture(scope="session")
def gradingbench_subset(data_dir: Path) -> Path:
    return data_dir / "partial"


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "xdg-cache"))
    monkeypatch.setenv("IMOBENCH_OFFLINE", "1")


def _offline() -> None:
    from imobench.offline import apply_offline_defaults

    apply_offline_defaults()
    os.environ.setdefault("INSPECT_LOG_LEVEL", "warning")


_offline()
