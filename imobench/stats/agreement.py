"""Agreement between a grader and human grades on the 7/6/1/0 scale (GradingBench).

Every statistic comes with a 95% bootstrap interval clustered by problem, and a statistic that is
undefined on the data (a correlation with a constant grader, kappa with no expected disagreement)
is reported as undefined with the reason, never as 0 and never as a crash.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
from pydantic import BaseModel
from scipy import stats

from imobench.stats.bootstrap import cluster_bootstrap

LABELS = ("Incorrect", "Partial", "Almost", "Correct")  # ordinal, low to high


class Statistic(BaseModel):
    name: str
    value: float | None
    ci_low: float | None = None
    ci_high: float | None = None
    undefined: str | None = None  # why the value is undefined


class Agreement(BaseModel):
    n: int
    statistics: dict[str, Statistic]
    confusion: dict[str, dict[str, int]]  # human label -> grader label -> count
    over_grading_rate: Statistic
    under_grading_rate: Statistic


def _corr(fn) -> Callable[[np.ndarray, np.ndarray], float]:
    def compute(g: np.ndarray, h: np.ndarray) -> float:
        if len(g) < 2 or np.all(g == g[0]) or np.all(h == h[0]):
            return math.nan
        return float(fn(g, h).statistic)

    return compute


def quadratic_weighted_kappa(g: Sequence[int], h: Sequence[int], k: int = 4) -> float:
    """Cohen's kappa with quadratic weights on ordinal classes 0..k-1 (nan if undefined)."""
    g = np.asarray(g, dtype=int)
    h = np.asarray(h, dtype=int)
    observed = np.zeros((k, k))
    for a, b in zip(h, g, strict=True):
        observed[a, b] += 1
    n = observed.sum()
    if n == 0:
        return math.nan
    expected = np.outer(observed.sum(axis=1), observed.sum(axis=0)) / n
    idx = np.arange(k)
    weights = (idx[:, None] - idx[None, :]) ** 2 / (k - 1) ** 2
    denom = float((weights * expected).sum())
    if denom == 0:
        return math.nan
    return 1.0 - float((weights * observed).sum()) / denom


def agreement(
    grader_points: Sequence[float],
    human_points: Sequence[float],
    grader_labels: Sequence[str],
    human_labels: Sequence[str],
    clusters: Sequence,
    n_boot: int = 2000,
    seed: int = 0,
) -> Agreement:
    """All agreement statistics with intervals clustered by `clusters` (the problem ids)."""
    g = np.asarray(grader_points, dtype=float)
    h = np.asarray(human_points, dtype=float)
    gl = np.asarray([LABELS.index(x) for x in grader_labels])
    hl = np.asarray([LABELS.index(x) for x in human_labels])
    n = len(g)
    fns: dict[str, Callable[[np.ndarray], float]] = {
        "accuracy": lambda i: float(np.mean(gl[i] == hl[i])),
        "binary_accuracy": lambda i: float(np.mean((gl[i] >= 2) == (hl[i] >= 2))),
        "mae": lambda i: float(np.mean(np.abs(g[i] - h[i]))),
        "rmse": lambda i: float(np.sqrt(np.mean((g[i] - h[i]) ** 2))),
        "quadratic_kappa": lambda i: quadratic_weighted_kappa(gl[i], hl[i]),
        "pearson": lambda i: _corr(stats.pearsonr)(g[i], h[i]),
        "spearman": lambda i: _corr(stats.spearmanr)(g[i], h[i]),
        "kendall_tau_b": lambda i: _corr(stats.kendalltau)(g[i], h[i]),
    }
    out: dict[str, Statistic] = {}
    everything = np.arange(n)
    for name, fn in fns.items():
        out[name] = _statistic(name, fn, everything, n, clusters, n_boot, seed)
    low = np.flatnonzero(h <= 1)
    high = np.flatnonzero(h >= 6)
    over = _rate("over_grading_rate", lambda i: float(np.mean(g[i] >= 6)), low, clusters, n_boot, seed, "no human grade <= 1")
    under = _rate("under_grading_rate", lambda i: float(np.mean(g[i] <= 1)), high, clusters, n_boot, seed, "no human grade >= 6")
    confusion = {hlab: {glab: int(np.sum((hl == a) & (gl == b))) for b, glab in enumerate(LABELS)} for a, hlab in enumerate(LABELS)}
    return Agreement(n=n, statistics=out, confusion=confusion, over_grading_rate=over, under_grading_rate=under)


def _statistic(name, fn, idx, n, clusters, n_boot, seed) -> Statistic:
    if n == 0:
        return Statistic(name=name, value=None, undefined="no graded items")
    value = fn(idx)
    if value is None or math.isnan(value):
        reason = "a constant grader or constant human grades" if name in ("pearson", "spearman", "kendall_tau_b") else "no expected disagreement"
        return Statistic(name=name, value=None, undefined=reason)
    lo, hi = cluster_bootstrap(fn, n, clusters, n_boot=n_boot, seed=seed)
    return Statistic(name=name, value=value, ci_low=None if math.isnan(lo) else lo, ci_high=None if math.isnan(hi) else hi)


def _rate(name, fn, subset, clusters, n_boot, seed, empty) -> Statistic:
    if len(subset) == 0:
        return Statistic(name=name, value=None, undefined=empty)
    sub_clusters = [list(clusters)[i] for i in subset]
    local = lambda i: fn(subset[i])  # noqa: E731
    value = local(np.arange(len(subset)))
    lo, hi = cluster_bootstrap(local, len(subset), sub_clusters, n_boot=n_boot, seed=seed)
    return Statistic(name=name, value=value, ci_low=None if math.isnan(lo) else lo, ci_high=None if math.isnan(hi) else hi)


def system_level(per_model: dict[str, tuple[float, float]]) -> dict[str, Statistic]:
    """Per model (mean grader score, mean human score): Pearson and Spearman across models."""
    if len(per_model) < 3:
        reason = f"{len(per_model)} model(s); a system-level correlation needs at least 3"
        return {k: Statistic(name=k, value=None, undefined=reason) for k in ("pearson", "spearman")}
    g = np.asarray([v[0] for v in per_model.values()])
    h = np.asarray([v[1] for v in per_model.values()])
    out = {}
    for name, fn in (("pearson", stats.pearsonr), ("spearman", stats.spearmanr)):
        value = _corr(fn)(g, h)
        out[name] = Statistic(name=name, value=None if math.isnan(value) else value, undefined="constant means" if math.isnan(value) else None)
    return out
