"""The human-grade numbers computed again from the grades file and the logs without imobench's
statistics or human-grade code: the file read with `json`, the logs with Inspect's API, the
statistics with scipy and a hand-written Krippendorff's alpha.  What the report and the Graders
page show must equal these."""

from __future__ import annotations

import hashlib
import json
from itertools import permutations
from pathlib import Path

from scipy import stats


def ai_points(log_dir: Path) -> dict[str, tuple[str, str, float | None, str]]:
    """sample uuid -> (model, problem id, the grader's points or None, sha256 of the proof)."""
    from inspect_ai.log import list_eval_logs, read_eval_log

    out = {}
    for info in list_eval_logs(str(log_dir)):
        log = read_eval_log(info.name)
        if log.eval.task.split("/")[-1] != "proofbench":
            continue
        for s in log.samples:
            value = next(iter(s.scores.values())).value["points"]
            digest = hashlib.sha256(s.output.completion.encode()).hexdigest()
            out[s.uuid] = (log.eval.model, str(s.id), None if value != value else float(value), digest)
    return out


def human_points(grades_file: Path, digests: dict[str, str]) -> dict[str, dict[str, int]]:
    """sample uuid -> person -> their last grade, only grades on the proof's current text."""
    out: dict[str, dict[str, int]] = {}
    for line in grades_file.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if digests.get(record["sample_uuid"]) == record["sha256"]:
            out.setdefault(record["sample_uuid"], {})[record["person"].strip().casefold()] = record["points"]
    return out


def lower_median(values: list[int]) -> int:
    ordered = sorted(values)
    return ordered[(len(ordered) - 1) // 2]


def krippendorff_ordinal(units: list[list[int]]) -> float:
    """Krippendorff's alpha, ordinal metric, from its definition (coincidences of pairable values)."""
    units = [u for u in units if len(u) > 1]
    values = sorted({v for u in units for v in u})
    coincidence = {(c, k): 0.0 for c in values for k in values}
    for u in units:
        for a, b in permutations(u, 2):
            coincidence[(a, b)] += 1 / (len(u) - 1)
    marginal = {c: sum(coincidence[(c, k)] for k in values) for c in values}
    total = sum(marginal.values())

    def delta(c: int, k: int) -> float:
        lo, hi = sorted((values.index(c), values.index(k)))
        between = sum(marginal[values[g]] for g in range(lo, hi + 1))
        return (between - (marginal[c] + marginal[k]) / 2) ** 2

    observed = sum(coincidence[(c, k)] * delta(c, k) for c in values for k in values)
    expected = sum(marginal[c] * marginal[k] * delta(c, k) for c in values for k in values) / (total - 1)
    return 1 - observed / expected


def expected_numbers(log_dir: Path, grades_file: Path) -> dict[str, float]:
    ai = ai_points(log_dir)
    humans = human_points(grades_file, {u: v[3] for u, v in ai.items()})
    paired = [(ai[u][2], lower_median(list(p.values()))) for u, p in humans.items() if ai[u][2] is not None]
    g, h = [a for a, _ in paired], [b for _, b in paired]
    multi = [list(p.values()) for p in humans.values() if len(p) > 1]
    return {
        "n": len(paired),
        "accuracy": sum(a == b for a, b in paired) / len(paired),
        "mae": sum(abs(a - b) for a, b in paired) / len(paired),
        "pearson": float(stats.pearsonr(g, h).statistic),
        "kendall_tau_b": float(stats.kendalltau(g, h).statistic),
        "inter_rater_proofs": len(multi),
        "alpha": krippendorff_ordinal(multi),
        "exact_agreement": sum(len(set(u)) == 1 for u in multi) / len(multi),
    }
