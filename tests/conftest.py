"""Shared test setup: the official data through IMOBENCH_DATA_DIR, a private cache, no downloads."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = REPO.parent / "shared" / "data" / "imobench"


def pytest_configure(config: pytest.Config) -> None:
    # `pytest -m hostile`: the hostile-input suite (model text, grader replies, logs, data files,
    # command-line options and the dashboard's rendering), see the README's Reliability section.
    config.addinivalue_line("markers", "hostile: a hostile-input case (run them all with pytest -m hostile)")
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


@pytest.fixture(scope="session")
def task_logs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of logs the tasks wrote through litellm to a local OpenAI-compatible server: AnswerBench
    for a strong and a weak model, ProofBench and GradingBench, and one corrupt file."""
    from inspect_ai import eval as inspect_eval
    from inspect_ai.model import get_model

    from imobench.tasks.answerbench import answerbench
    from imobench.tasks.gradingbench import gradingbench
    from imobench.tasks.proofbench import proofbench
    from tests.fake_openai import FakeOpenAI
    from tests.tasks.responders import PROBLEM_ANSWERS, by_statement, proof_responder, solver_or_grader

    folder = tmp_path_factory.mktemp("logs")
    good = by_statement("answerbench", PROBLEM_ANSWERS)
    for name, table in (("strong", good), ("weak", {k: "\\boxed{-1}" for k in good})):
        with FakeOpenAI(solver_or_grader(table)) as server:
            grader = get_model("litellm/openai/grader", base_url=server.base_url, api_key="k")
            inspect_eval(answerbench(category="Algebra"), model=f"litellm/openai/{name}", model_base_url=server.base_url,
                         model_args={"api_key": "k"}, model_roles={"grader": grader}, limit=5, log_dir=str(folder), display="none")
    with FakeOpenAI(proof_responder()) as server:
        grader = get_model("litellm/openai/grader", base_url=server.base_url, api_key="k")
        inspect_eval(proofbench(level="basic"), model="litellm/openai/strong", model_base_url=server.base_url,
                     model_args={"api_key": "k"}, model_roles={"grader": grader}, limit=3, log_dir=str(folder), display="none")
        subset = Path(os.environ["IMOBENCH_DATA_DIR"]) / "partial" / "gradingbench_filtered_100_val.csv"
        inspect_eval(gradingbench(data=str(subset)), model="litellm/openai/grader", model_base_url=server.base_url,
                     model_args={"api_key": "k"}, limit=6, log_dir=str(folder), display="none")
    (folder / "corrupt.eval").write_bytes(b"\x00 not a log")
    return folder


@pytest.fixture(scope="session")
def v0_logs() -> Path:
    """Logs written by the code at 0c3e55b, before score records were typed (tests/fixtures/make_v0_logs.py)."""
    return REPO / "tests" / "fixtures" / "v0"
