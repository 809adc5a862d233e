"""Bootstrap intervals that respect the structure of benchmark data.

Samples of one problem (several epochs, several graded proofs of the same problem) are not
independent, so intervals resample *clusters* (problems) with replacement and recompute the
statistic on everything inside the drawn clusters.  Paired comparisons resample problems once for
both models.  Statistics that are undefined on a resample (a constant grader) are skipped; if most
resamples are undefined the interval is undefined too.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
from scipy import stats


def _cluster_index(clusters: Sequence) -> tuple[np.ndarray, list[np.ndarray]]:
    keys, inverse = np.unique(np.asarray([str(c) for c in clusters]), return_inverse=True)
    members = [np.flatnonzero(inverse == k) for k in range(len(keys))]
    return inverse, members


def cluster_bootstrap(
    stat: Callable[[np.ndarray], float],
    n_items: int,
    clusters: Sequence,
    n_boot: int = 2000,
    level: float = 0.95,
    seed: int = 0,
) -> tuple[float, float]:
    """Percentile interval of `stat(indices)` over cluster resamples of the items 0..n_items-1."""
    if n_items == 0:
        return (math.nan, math.nan)
    _, members = _cluster_index(clusters)
    rng = np.random.default_rng(seed)
    values = []
    for _ in range(n_boot):
        drawn = rng.integers(0, len(members), size=len(members))
        idx = np.concatenate([members[d] for d in drawn])
        v = stat(idx)
        if v is not None and not math.isnan(v):
            values.append(v)
    if len(values) < n_boot / 2:
        return (math.nan, math.nan)
    alpha = (1 - level) / 2
    return (float(np.quantile(values, alpha)), float(np.quantile(values, 1 - alpha)))


def mean_with_ci(values: Sequence[float], clusters: Sequence, n_boot: int = 2000, seed: int = 0) -> tuple[float, float, float]:
    v = np.asarray(values, dtype=float)
    lo, hi = cluster_bootstrap(lambda idx: float(v[idx].mean()), len(v), clusters, n_boot=n_boot, seed=seed)
    return (float(v.mean()) if len(v) else math.nan, lo, hi)


def paired_difference(
    a: Sequence[float], b: Sequence[float], clusters: Sequence, n_boot: int = 2000, seed: int = 0
) -> tuple[float, float, float]:
    """Mean of a - b over paired items, with a paired cluster-bootstrap interval."""
    d = np.asarray(a, dtype=float) - np.asarray(b, dtype=float)
    return mean_with_ci(d, clusters, n_boot=n_boot, seed=seed)


def mcnemar(a_correct: Sequence[bool], b_correct: Sequence[bool]) -> tuple[int, int, float]:
    """Exact McNemar test on paired binary outcomes: (a only right, b only right, two-sided p)."""
    a = np.asarray(a_correct, dtype=bool)
    b = np.asarray(b_correct, dtype=bool)
    only_a = int(np.sum(a & ~b))
    only_b = int(np.sum(~a & b))
    n = only_a + only_b
    p = 1.0 if n == 0 else float(stats.binomtest(only_a, n, 0.5).pvalue)
    return only_a, only_b, p
