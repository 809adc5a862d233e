"""Confidence intervals for proportions and means."""

from __future__ import annotations

import math

from scipy import stats


def wilson(successes: float, n: int, level: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a proportion (well behaved at 0 and 1 and for small n)."""
    if n == 0:
        return (math.nan, math.nan)
    z = float(stats.norm.ppf(0.5 + level / 2))
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


def mean_interval(values: list[float], level: float = 0.95) -> tuple[float, float]:
    """Student-t interval for a mean; (nan, nan) below two values."""
    n = len(values)
    if n < 2:
        return (math.nan, math.nan)
    m = sum(values) / n
    sd = math.sqrt(sum((v - m) ** 2 for v in values) / (n - 1))
    half = float(stats.t.ppf(0.5 + level / 2, n - 1)) * sd / math.sqrt(n)
    return (m - half, m + half)
