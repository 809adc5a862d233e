"""Fixtures of the human-grade tests: ProofBench logs of three models written by the real task."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def three_model_logs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.humans.proof_logs import write_proof_logs

    return write_proof_logs(tmp_path_factory.mktemp("proof-logs"), ("strong", "middle", "weak"), limit=5)
