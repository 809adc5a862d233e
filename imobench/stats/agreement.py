"""Agreement between a grader and human grades on a proof scale (GradingBench).

`point_estimates` is the one definition of every statistic and of when it is undefined: the Inspect
metric of the GradingBench task calls it on the scored samples, and `agreement` calls it again on
cluster resamples for the report's 95% intervals (clustered by problem).  A statistic that is
undefined on the data (a correlation with a constant grader, kappa with no expected disagreement, a
rate over an empty set) is NaN here and reported as undefined with the reason, never as 0 and never
as a crash.

Grades are points on `scale`; their ordinal class (for accuracy, kappa and the confusion matrix) is
the level they are on, "pass" is `>= scale.pass_points` and "low" is `<= scale.low_points`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
from pydantic import BaseModel
from scipy import stats

from imobench.scale import Scale
from imobench.stats.bootstrap import cluster_bootstrap

CORRELATIONS = ("pearson", "spearman", "kendall_tau_b")
RATES = ("over_grading_rate", "under_grading_rate")
STATISTICS = ("accuracy", "binary_accuracy", "mae", "rmse", "quadratic_kappa", *CORRELATIONS)


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


def quadratic_weighted_kappa(g: Sequence[int], h: Sequence[int], k: int) -> float:
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


def _classes(points: np.ndarray, scale: Scale) -> np.ndarray:
    """Ordinal class of each grade: its level, or the nearest level below it for a grade between levels."""
    levels = np.asarray(scale.points, dtype=float)
    return np.searchsorted(levels, points, side="right") - 1


def _mean_where(mask: np.ndarray, values: np.ndarray) -> float:
    return float(np.mean(values[mask])) if mask.any() else math.nan


def _estimators(scale: Scale, k: int) -> dict[str, Callable[[np.ndarray, np.ndarray, np.ndarray, np.ndarray], float]]:
    passed, low = scale.pass_points, scale.low_points
    return {
        "accuracy": lambda g, h, gl, hl: float(np.mean(gl == hl)),
        "binary_accuracy": lambda g, h, gl, hl: float(np.mean((g >= passed) == (h >= passed))),
        "mae": lambda g, h, gl, hl: float(np.mean(np.abs(g - h))),
        "rmse": lambda g, h, gl, hl: float(np.sqrt(np.mean((g - h) ** 2))),
        "quadratic_kappa": lambda g, h, gl, hl: quadratic_weighted_kappa(gl, hl, k),
        "pearson": lambda g, h, gl, hl: _corr(stats.pearsonr)(g, h),
        "spearman": lambda g, h, gl, hl: _corr(stats.spearmanr)(g, h),
        "kendall_tau_b": lambda g, h, gl, hl: _corr(stats.kendalltau)(g, h),
        "over_grading_rate": lambda g, h, gl, hl: _mean_where(h <= low, g >= passed),
        "under_grading_rate": lambda g, h, gl, hl: _mean_where(h >= passed, g <= low),
    }


def point_estimates(grader_points: Sequence[float], human_points: Sequence[float], scale: Scale) -> dict[str, float]:
    """Every statistic on the full data (NaN where undefined): what the Inspect metric reports."""
    g = np.asarray(grader_points, dtype=float)
    h = np.asarray(human_points, dtype=float)
    if len(g) == 0:
        return {name: math.nan for name in (*STATISTICS, *RATES)}
    gl, hl = _classes(g, scale), _classes(h, scale)
    return {name: fn(g, h, gl, hl) for name, fn in _estimators(scale, len(scale.points)).items()}


def undefined_reason(name: str, n: int, scale: Scale) -> str:
    """Why a statistic is NaN on these data (the same words in the header metric's docs and the report)."""
    if n == 0:
        return "no graded items"
    if name in CORRELATIONS:
        return "a constant grader or constant human grades"
    if name == "over_grading_rate":
        return f"no human grade <= {scale.low_points}"
    if name == "under_grading_rate":
        return f"no human grade >= {scale.pass_points}"
    return "no expected disagreement"


def confusion(grader_points: Sequence[float], human_points: Sequence[float], scale: Scale) -> dict[str, dict[str, int]]:
    """Counts per (human level, grader level), every level present in both, ordered low to high."""
    gl = _classes(np.asarray(grader_points, dtype=float), scale)
    hl = _classes(np.asarray(human_points, dtype=float), scale)
    labels = scale.labels
    return {hlab: {glab: int(np.sum((hl == a) & (gl == b))) for b, glab in enumerate(labels)} for a, hlab in enumerate(labels)}


def agreement(
    grader_points: Sequence[float],
    human_points: Sequence[float],
    clusters: Sequence,
    scale: Scale,
    n_boot: int = 2000,
    seed: int = 0,
) -> Agreement:
    """All agreement statistics with intervals clustered by `clusters` (the problem ids)."""
    g = np.asarray(grader_points, dtype=float)
    h = np.asarray(human_points, dtype=float)
    gl, hl = _classes(g, scale), _classes(h, scale)
    n = len(g)
    values = point_estimates(g, h, scale)
    estimators = _estimators(scale, len(scale.points))
    out: dict[str, Statistic] = {}
    for name, fn in estimators.items():
        value = values[name]
        if math.isnan(value):
            out[name] = Statistic(name=name, value=None, undefined=undefined_reason(name, n, scale))
            continue
        lo, hi = cluster_bootstrap(lambda i, fn=fn: fn(g[i], h[i], gl[i], hl[i]), n, clusters, n_boot=n_boot, seed=seed)
        out[name] = Statistic(name=name, value=value, ci_low=None if math.isnan(lo) else lo, ci_high=None if math.isnan(hi) else hi)
    rates = {name: out.pop(name) for name in RATES}
    return Agreement(n=n, statistics=out, confusion=confusion(g, h, scale), **rates)


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
