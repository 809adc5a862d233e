"""The quickstart's per-sample line reads every kind of score value the tasks write."""

from __future__ import annotations

import math

import pytest

from imobench.local.progress import _shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [({"correct": 1.0}, "correct"), ({"correct": 0.0}, "incorrect"), ({"correct": math.nan}, "unscored"),
     ({"points": 6.0}, "6 points"), ({"points": math.nan}, "unscored"), ("C", "correct"), ("I", "incorrect"), (7, "7 points")],
    ids=["correct", "incorrect", "answer-unscored", "points", "proof-unscored", "v0-C", "v0-I", "v0-points"],
)
def test_a_finished_sample_is_shown_by_its_score(value, shown) -> None:
    assert _shown(value) == shown
