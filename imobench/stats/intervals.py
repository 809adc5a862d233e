"""Confidence intervals for proportions and bounded means (the tasks' header metrics).

Both headline numbers are bounded: AnswerBench's share correct lies in [0, 1] and ProofBench's mean
grade in [0, max].  The Wilson score interval is used for both (for a mean of grades, on the mean as a
fraction of the maximum).  For a variable X in [0, 1] with mean p, Var(X) <= p(1 - p), with equality
for a 0/1 variable, so Wilson, which assumes that largest variance, is conservative for grades
between the levels too; and unlike a t interval it never collapses to a point at 0 or 1 (five
proofs all graded 0 give [0, 43%], not [0, 0]) nor leaves [0, max] (two grades 7 and 1 gave a t
interval of [-487%, 602%]).  `imobench report` gives bootstrap intervals clustered by problem.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from scipy import stats

LEVEL = 0.95


def wilson(successes: float, n: int, level: float = LEVEL) -> tuple[float, float]:
    """Wilson score interval for a proportion (well behaved at 0 and 1 and for small n)."""
    if n == 0:
        return (math.nan, math.nan)
    z = float(stats.norm.ppf(0.5 + level / 2))
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(max(0.0, p * (1 - p)) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


def bounded_mean_interval(values: Sequence[float], maximum: float, level: float = LEVEL) -> tuple[float, float]:
    """Interval for the mean of values in [0, maximum]: Wilson on the mean as a fraction of the maximum,
    scaled back (see the module docstring for why this is honest for a bounded mean)."""
    n = len(values)
    if n == 0:
        return (math.nan, math.nan)
    lo, hi = wilson(sum(values) / maximum, n, level)
    return (lo * maximum, hi * maximum)
