"""Fixtures of the dashboard tests: ProofBench logs of one model for grading by hand."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def grading_logs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Five ProofBench proofs of one model, written by the real task through the fake OpenAI server:
    graded 7, 1, unscored, 0 and 7 (the last flagged: its final answer is wrong)."""
    from tests.humans.proof_logs import off_the_loop, write_proof_logs

    return off_the_loop(write_proof_logs, tmp_path_factory.mktemp("grading-logs"), ("strong",), limit=5)

