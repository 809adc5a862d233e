"""Each statistic against an independent computation on fixed data (to 1e-9), undefined cases,
and the coverage of the clustered bootstrap in a seeded simulation."""

from __future__ import annotations

import math
from itertools import combinations

import numpy as np
import pytest
from scipy import stats

from imobench.scale import default_scale
from imobench.stats.agreement import agreement, point_estimates, quadratic_weighted_kappa, system_level
from imobench.stats.bootstrap import cluster_bootstrap, mcnemar, mean_with_ci, paired_difference
from imobench.stats.consistency import disagreeing_items, krippendorff_alpha_ordinal
from imobench.stats.intervals import bounded_mean_interval

SCALE = default_scale()
LABELS = ("Incorrect", "Partial", "Almost", "Correct")  # written out here, independently of the scale file
POINTS = {"Incorrect": 0, "Partial": 1, "Almost": 6, "Correct": 7}
HUMAN = ["Correct", "Incorrect", "Partial", "Almost", "Correct", "Incorrect", "Partial", "Correct", "Incorrect", "Almost", "Partial", "Correct"]
GRADER = ["Correct", "Partial", "Partial", "Correct", "Almost", "Incorrect", "Incorrect", "Correct", "Correct", "Almost", "Partial", "Partial"]
CLUSTERS = ["p1", "p1", "p2", "p2", "p3", "p3", "p4", "p4", "p5", "p5", "p6", "p6"]


def _fixed():
    g = [POINTS[x] for x in GRADER]
    h = [POINTS[x] for x in HUMAN]
    return g, h, agreement(g, h, CLUSTERS, SCALE, n_boot=300)


def _kendall_tau_b(x, y) -> float:
    conc = disc = tx = ty = 0
    for i, j in combinations(range(len(x)), 2):
        dx, dy = np.sign(x[i] - x[j]), np.sign(y[i] - y[j])
        if dx == 0 and dy == 0:
            continue
        if dx == 0:
            tx += 1
        elif dy == 0:
            ty += 1
        elif dx == dy:
            conc += 1
        else:
            disc += 1
    return (conc - disc) / math.sqrt((conc + disc + tx) * (conc + disc + ty))


def _qwk_loops(g, h) -> float:
    k = 4
    obs = [[0] * k for _ in range(k)]
    for a, b in zip(h, g):
        obs[a][b] += 1
    n = len(g)
    rows = [sum(r) for r in obs]
    cols = [sum(obs[i][j] for i in range(k)) for j in range(k)]
    num = sum(((i - j) ** 2 / 9) * obs[i][j] for i in range(k) for j in range(k))
    den = sum(((i - j) ** 2 / 9) * rows[i] * cols[j] / n for i in range(k) for j in range(k))
    return 1 - num / den


def test_statistics_match_independent_computations() -> None:
    g, h, result = _fixed()
    s = {k: v.value for k, v in result.statistics.items()}
    n = len(g)
    assert s["accuracy"] == pytest.approx(sum(a == b for a, b in zip(GRADER, HUMAN)) / n, abs=1e-9)
    binary = sum((a in ("Correct", "Almost")) == (b in ("Correct", "Almost")) for a, b in zip(GRADER, HUMAN)) / n
    assert s["binary_accuracy"] == pytest.approx(binary, abs=1e-9)
    assert s["mae"] == pytest.approx(sum(abs(a - b) for a, b in zip(g, h)) / n, abs=1e-9)
    assert s["rmse"] == pytest.approx(math.sqrt(sum((a - b) ** 2 for a, b in zip(g, h)) / n), abs=1e-9)
    assert s["pearson"] == pytest.approx(np.corrcoef(g, h)[0, 1], abs=1e-9)
    assert s["spearman"] == pytest.approx(np.corrcoef(stats.rankdata(g), stats.rankdata(h))[0, 1], abs=1e-9)
    assert s["kendall_tau_b"] == pytest.approx(_kendall_tau_b(g, h), abs=1e-9)
    gl = [LABELS.index(x) for x in GRADER]
    hl = [LABELS.index(x) for x in HUMAN]
    assert s["quadratic_kappa"] == pytest.approx(_qwk_loops(gl, hl), abs=1e-9)
    assert quadratic_weighted_kappa(hl, hl, 4) == pytest.approx(1.0, abs=1e-12)
    low = [(a, b) for a, b in zip(g, h) if b <= 1]
    assert result.over_grading_rate.value == pytest.approx(sum(a >= 6 for a, _ in low) / len(low), abs=1e-9)
    high = [(a, b) for a, b in zip(g, h) if b >= 6]
    assert result.under_grading_rate.value == pytest.approx(sum(a <= 1 for a, _ in high) / len(high), abs=1e-9)
    assert sum(sum(r.values()) for r in result.confusion.values()) == n
    assert result.confusion["Incorrect"]["Correct"] == sum(1 for a, b in zip(GRADER, HUMAN) if b == "Incorrect" and a == "Correct")
    for stat in result.statistics.values():
        assert stat.ci_low is not None and stat.ci_low <= stat.value + 1e-12 and stat.value <= stat.ci_high + 1e-12


def test_constant_grader_is_undefined_with_reason_not_zero() -> None:
    result = agreement([7] * 6, [0, 1, 7, 6, 0, 7], list("aabbcc"), SCALE, n_boot=100)
    for name in ("pearson", "spearman", "kendall_tau_b"):
        assert result.statistics[name].value is None and "constant" in result.statistics[name].undefined
    assert result.statistics["accuracy"].value == pytest.approx(2 / 6)
    empty = agreement([], [], [], SCALE, n_boot=10)
    assert empty.statistics["accuracy"].undefined == "no graded items"


def test_system_level_correlation() -> None:
    got = system_level({"a": (5.0, 4.0), "b": (3.0, 2.5), "c": (1.0, 1.5), "d": (6.0, 6.5)})
    assert got["pearson"].value == pytest.approx(np.corrcoef([5, 3, 1, 6], [4, 2.5, 1.5, 6.5])[0, 1], abs=1e-9)
    assert system_level({"a": (1, 1), "b": (2, 2)})["spearman"].undefined.startswith("2 model(s)")


def test_mcnemar_matches_exact_binomial() -> None:
    a = [True, True, False, True, False, True, True, False, True, True]
    b = [True, False, False, False, False, True, False, True, True, False]
    only_a, only_b, p = mcnemar(a, b)
    assert (only_a, only_b) == (4, 1)
    expected = min(1.0, 2 * sum(math.comb(5, k) for k in range(0, 2)) / 2**5)
    assert p == pytest.approx(expected, abs=1e-9)


def test_paired_difference() -> None:
    d, lo, hi = paired_difference([1, 1, 0, 1], [0, 1, 0, 0], ["x", "y", "z", "w"], n_boot=500)
    assert d == pytest.approx(0.5) and lo <= d <= hi


def _alpha_pairwise(units) -> float:
    values = sorted({v for u in units for v in u})
    pairable = [u for u in units if len(u) >= 2]
    allv = [v for u in pairable for v in u]
    n = len(allv)
    counts = {v: allv.count(v) for v in values}

    def delta(a, b):
        lo, hi = sorted((values.index(a), values.index(b)))
        between = sum(counts[values[i]] for i in range(lo, hi + 1))
        return (between - (counts[a] + counts[b]) / 2) ** 2

    d_o = sum(sum(delta(a, b) for i, a in enumerate(u) for j, b in enumerate(u) if i != j) / (len(u) - 1) for u in pairable) / n
    d_e = sum(delta(a, b) for i, a in enumerate(allv) for j, b in enumerate(allv) if i != j) / (n * (n - 1))
    return 1 - d_o / d_e


def test_krippendorff_alpha_ordinal_matches_pairwise_formula() -> None:
    units = [[7, 7, 6], [0, 1, 0], [1, 1], [6, 7, 7], [0, 0, 0], [7], [1, 6, 1], [7, 6]]
    assert krippendorff_alpha_ordinal(units) == pytest.approx(_alpha_pairwise(units), abs=1e-9)
    assert krippendorff_alpha_ordinal([[7, 7], [0, 0], [1, 1]]) == pytest.approx(1.0)
    assert math.isnan(krippendorff_alpha_ordinal([[7, 7], [7, 7]]))
    assert disagreeing_items({"a": [7, 7], "b": [0, 6], "c": [1, 0]}) == [("b", 6.0), ("c", 1.0)]


def test_cluster_bootstrap_covers_the_true_mean_at_about_the_nominal_rate() -> None:
    rng = np.random.default_rng(12345)
    true_mean, covered, runs = 0.5, 0, 150
    for r in range(runs):
        effects = rng.normal(0, 0.3, size=30)  # problem effects make epochs of one problem correlated
        values, clusters = [], []
        for c, e in enumerate(effects):
            for _ in range(3):
                values.append(true_mean + e + rng.normal(0, 0.2))
                clusters.append(c)
        _, lo, hi = mean_with_ci(values, clusters, n_boot=400, seed=r)
        covered += lo <= true_mean <= hi
    rate = covered / runs
    assert 0.88 <= rate <= 0.99, rate


def test_bootstrap_undefined_when_most_resamples_are() -> None:
    assert all(math.isnan(x) for x in cluster_bootstrap(lambda i: math.nan, 5, list("abcde"), n_boot=50))


def test_monotone_calibration_fixes_a_shifted_grader() -> None:
    from imobench.stats.calibration import cross_validate, fit_monotone

    rng = np.random.default_rng(3)
    human = rng.choice([0.0, 1.0, 6.0, 7.0], size=240)
    raw = np.clip(human + 2 + rng.normal(0, 0.3, size=240), 0, 9)  # over-grades by 2 points
    problems = [f"p{i % 40}" for i in range(240)]
    m = fit_monotone(raw, human)
    assert all(a <= b for a, b in zip(m.calibrated, m.calibrated[1:]))  # monotone
    cv = cross_validate(raw, human, problems, SCALE.points, folds=5)
    assert cv["after"]["mae"] < cv["before"]["mae"] / 2
    assert cv["after"]["accuracy_on_scale"] > cv["before"]["accuracy_on_scale"]


def test_point_estimates_are_the_reports_values() -> None:
    """The header metric calls `point_estimates`; the report's `agreement` reports the same numbers."""
    g, h, result = _fixed()
    estimates = point_estimates(g, h, SCALE)
    for name, stat in {**result.statistics, "over_grading_rate": result.over_grading_rate,
                       "under_grading_rate": result.under_grading_rate}.items():
        assert stat.value == pytest.approx(estimates[name], abs=1e-12), name
    assert all(math.isnan(v) for v in point_estimates([], [], SCALE).values())


Z = 1.959963984540054  # the normal 97.5% quantile


@pytest.mark.parametrize(
    ("values", "maximum", "low", "high"),
    [
        # all at a bound: Wilson's closed form, z^2 / (n + z^2) from the bound (not [0, 0])
        pytest.param([0.0] * 5, 7.0, 0.0, 7 * Z * Z / (5 + Z * Z), id="five-zeros-is-an-interval"),
        pytest.param([7.0] * 5, 7.0, 7 * 5 / (5 + Z * Z), 7.0, id="five-sevens"),
        # two grades 7 and 1: a t interval gave [-487%, 602%]; Wilson stays inside [0, 7]
        pytest.param([7.0, 1.0], 7.0, 0.8428419719550587, 6.499538255551595, id="two-grades-inside-the-range"),
        pytest.param([1.0, 0.0, 1.0], 1.0, 0.2076596008020477, 0.9385080552796037, id="a-share"),
    ],
)
def test_bounded_mean_interval(values, maximum, low, high) -> None:
    assert bounded_mean_interval(values, maximum) == pytest.approx((low, high), abs=1e-9)
