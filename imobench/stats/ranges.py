"""The range a score could take over all samples when some are unscored.

A score is a mean over scored samples only, so two runs with different unscored sets are not on the
same problems.  Beside it, `imobench report` and the dashboard's leaderboard give the mean over every
sample with each unscored one counted as the worst value … the best.  Plain arithmetic (no scipy),
so the leaderboard page can call it without importing the statistics stack.
"""

from __future__ import annotations


def score_range(total: float, scored: int, unscored: int, best: float) -> tuple[float | None, float | None]:
    """The mean over all `scored + unscored` samples if every unscored one scored 0 ... `best`
    (`total`: the sum over the scored ones); (None, None) when there is no sample."""
    n = scored + unscored
    if n == 0:
        return None, None
    return total / n, (total + unscored * best) / n
