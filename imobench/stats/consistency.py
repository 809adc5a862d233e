"""Grader consistency across k samples per item: spread, Krippendorff's alpha (ordinal), and the
items whose samples disagree (for human review)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np


def krippendorff_alpha_ordinal(units: Sequence[Sequence[float]]) -> float:
    """Krippendorff's alpha with the ordinal difference function.

    `units` holds, per item, the values its k samples gave (missing samples simply absent).  Items
    with fewer than two values are not pairable and are left out.  nan when undefined (fewer than
    two pairable values, or a single value used throughout).
    """
    pairable = [list(u) for u in units if len(u) >= 2]
    if not pairable:
        return math.nan
    values = sorted({v for u in pairable for v in u})
    index = {v: i for i, v in enumerate(values)}
    k = len(values)
    o = np.zeros((k, k))
    for u in pairable:
        m = len(u)
        for i, a in enumerate(u):
            for j, b in enumerate(u):
                if i != j:
                    o[index[a], index[b]] += 1.0 / (m - 1)
    n_c = o.sum(axis=1)
    n = n_c.sum()
    if k < 2 or n <= 1:
        return math.nan
    cum = np.concatenate([[0.0], np.cumsum(n_c)])
    delta = np.zeros((k, k))
    for c in range(k):
        for d in range(k):
            lo, hi = min(c, d), max(c, d)
            delta[c, d] = (cum[hi + 1] - cum[lo] - (n_c[c] + n_c[d]) / 2) ** 2
    observed = float((o * delta).sum())
    expected = float((np.outer(n_c, n_c) * delta).sum()) / (n - 1)
    if expected == 0:
        return math.nan
    return 1.0 - observed / expected


def disagreeing_items(units: dict[str, Sequence[float]]) -> list[tuple[str, float]]:
    """Items whose samples differ, with their spread (max - min), largest first."""
    out = [(item, float(max(v) - min(v))) for item, v in units.items() if len(v) >= 2 and max(v) != min(v)]
    return sorted(out, key=lambda x: -x[1])
