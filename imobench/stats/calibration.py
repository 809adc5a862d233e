"""Monotone calibration of a grader's raw grades to the human scale, evaluated by cross-validation
grouped by problem (a problem's proofs never sit in both the fitting and the evaluation fold).

"Accuracy on the scale" rounds a calibrated grade to the nearest level of the scale the grades were
given on (`levels`: that scale's points), so a 0-10 scale is scored on 0-10.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
from pydantic import BaseModel
from scipy.optimize import isotonic_regression


class MonotoneMap(BaseModel):
    """Piecewise-linear non-decreasing map given by its knots (raw -> calibrated)."""

    raw: list[float]
    calibrated: list[float]

    def __call__(self, x: float | Sequence[float]) -> np.ndarray:
        return np.interp(np.asarray(x, dtype=float), self.raw, self.calibrated)


def fit_monotone(raw: Sequence[float], human: Sequence[float]) -> MonotoneMap:
    """Isotonic (non-decreasing) least-squares fit of human grades on raw grades."""
    x = np.asarray(raw, dtype=float)
    y = np.asarray(human, dtype=float)
    knots = np.unique(x)
    means = np.array([y[x == k].mean() for k in knots])
    weights = np.array([np.sum(x == k) for k in knots], dtype=float)
    fitted = isotonic_regression(means, weights=weights, increasing=True).x
    return MonotoneMap(raw=knots.tolist(), calibrated=[float(v) for v in fitted])


def nearest_on_scale(values: np.ndarray, levels: Sequence[float]) -> np.ndarray:
    scale = np.asarray(levels, dtype=float)
    return scale[np.argmin(np.abs(values[:, None] - scale[None, :]), axis=1)]


def _metrics(pred: np.ndarray, human: np.ndarray, levels: Sequence[float]) -> dict[str, float]:
    return {
        "mae": float(np.mean(np.abs(pred - human))),
        "rmse": float(np.sqrt(np.mean((pred - human) ** 2))),
        "accuracy_on_scale": float(np.mean(nearest_on_scale(pred, levels) == human)),
    }


def fold_of(problem: str, folds: int) -> int:
    return int(hashlib.sha256(problem.encode()).hexdigest(), 16) % folds


def cross_validate(raw: Sequence[float], human: Sequence[float], problems: Sequence[str], levels: Sequence[float],
                   folds: int = 5) -> dict[str, dict[str, float]]:
    """Metrics of the raw grades and of out-of-fold calibrated grades (folds grouped by problem)."""
    x = np.asarray(raw, dtype=float)
    y = np.asarray(human, dtype=float)
    fold = np.asarray([fold_of(p, folds) for p in problems])
    pred = x.copy()
    for f in range(folds):
        test = fold == f
        train = ~test
        if test.any() and train.any():
            pred[test] = fit_monotone(x[train], y[train])(x[test])
    return {"before": _metrics(x, y, levels), "after": _metrics(pred, y, levels)}
