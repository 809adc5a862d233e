"""Paired comparison of two models on the same problems (AnswerBench or ProofBench logs).

The difference of mean scores with a paired bootstrap interval over problems, McNemar's exact test
on the paired correct/incorrect outcomes (AnswerBench), and the problems where the two disagree.
Only pairs scored on both sides are compared; the record says how many pairs were dropped because
one side (or both) was unscored, and how many samples only one side has, so two runs with different
unscored sets are not mistaken for a comparison on the same problems.

`pick` narrows a frame of samples (a folder may hold several models, benchmarks and datasets) to
one model on one benchmark and dataset, and says what it found when the choice is not made.
"""

from __future__ import annotations

import pandas as pd
from pydantic import BaseModel

from imobench.benchmarks import BENCHMARKS
from imobench.errors import ImobenchError
from imobench.stats.bootstrap import mcnemar, paired_difference

LISTED = 8  # models or datasets named in a "found" message before "…"


class Comparison(BaseModel):
    benchmark: str
    model_a: str
    model_b: str
    n_pairs: int  # (problem, epoch) pairs scored on both sides: what the statistics are over
    mean_a: float
    mean_b: float
    difference: float
    ci_low: float
    ci_high: float
    only_a: int | None = None
    only_b: int | None = None
    mcnemar_p: float | None = None
    disagreements: list[dict]
    # pairs both sides have, dropped because a side was unscored (a pair unscored on both counts in each)
    unscored_a: int = 0
    unscored_b: int = 0
    dropped_unscored: int = 0  # pairs dropped because either side was unscored
    unmatched_a: int = 0  # (problem, epoch) samples only the first side has
    unmatched_b: int = 0


def _found(values: pd.Series) -> str:
    names = sorted(str(v) for v in values.unique())
    return ", ".join(names[:LISTED]) + (f", … ({len(names)} in all)" if len(names) > LISTED else "")


def pick(frame: pd.DataFrame, where: str, *, benchmark: str | None = None, model: str | None = None,
         dataset: str | None = None) -> pd.DataFrame:
    """The samples of `frame` (read from `where`) of one model on one paired benchmark and dataset.

    Each given option narrows the frame; if more than one model, benchmark or dataset is left, the
    message lists what `where` holds and the option that chooses."""
    paired = [name for name, b in BENCHMARKS.items() if b.paired]
    frame = frame[frame["benchmark"].isin(paired)] if not frame.empty else frame
    if frame.empty:
        raise ImobenchError(f"{where}: no {' or '.join(paired)} samples to compare")
    choices = (("--benchmark", "benchmark", benchmark), ("--model", "model", model), ("--dataset", "dataset", dataset))
    for option, column, wanted in choices:
        if wanted is not None:
            chosen = frame[frame[column] == wanted]
            if chosen.empty:
                raise ImobenchError(f"{where}: {option} {wanted}: not found; it holds {column}s {_found(frame[column])}")
            frame = chosen
    # a dataset belongs to a benchmark: it is ambiguous only once the benchmark and model are not
    several = [(option, column) for option, column, _ in choices[:2] if frame[column].nunique() > 1]
    several = several or [(option, column) for option, column, _ in choices[2:] if frame[column].nunique() > 1]
    if several:
        held = "; ".join(f"{frame[c].nunique()} {c}s ({_found(frame[c])})" for _, c in several)
        raise ImobenchError(f"{where} holds {held}: choose with {' and '.join(f'{o} NAME' for o, _ in several)}")
    return frame


def compare_frames(a: pd.DataFrame, b: pd.DataFrame, n_boot: int = 2000) -> Comparison:
    for name, frame in (("first", a), ("second", b)):
        if frame.empty or frame["model"].nunique() != 1 or frame["benchmark"].nunique() != 1:
            raise ImobenchError(f"the {name} log set must hold one model on one benchmark")
    if a["benchmark"].iloc[0] != b["benchmark"].iloc[0]:
        raise ImobenchError(f"cannot compare {a['benchmark'].iloc[0]} with {b['benchmark'].iloc[0]}")
    keys = ["problem_id", "epoch"]
    for name, frame in (("first", a), ("second", b)):
        repeated = frame.duplicated(keys)
        if repeated.any():
            first = frame[repeated].iloc[0]
            raise ImobenchError(f"the {name} log set holds {int(repeated.sum())} (problem, epoch) pair(s) more than once "
                                f"(first: {first['problem_id']} epoch {first['epoch']}): several runs or datasets of one "
                                "model; choose one dataset (--dataset)")
    both = a[keys + ["value"]].merge(b[keys + ["value"]], on=keys, suffixes=("_a", "_b"), how="outer", indicator=True)
    shared = both[both["_merge"] == "both"]
    unscored_a, unscored_b = shared["value_a"].isna(), shared["value_b"].isna()
    joined = shared[~unscored_a & ~unscored_b]
    counts = {"unscored_a": int(unscored_a.sum()), "unscored_b": int(unscored_b.sum()),
              "dropped_unscored": int((unscored_a | unscored_b).sum()),
              "unmatched_a": int((both["_merge"] == "left_only").sum()), "unmatched_b": int((both["_merge"] == "right_only").sum())}
    if joined.empty:
        raise ImobenchError(f"the two log sets share no (problem, epoch) pair scored on both sides ({len(shared)} shared, "
                            f"{counts['unscored_a']} unscored in the first, {counts['unscored_b']} in the second; "
                            f"{counts['unmatched_a']} and {counts['unmatched_b']} samples only one side has)")
    diff, lo, hi = paired_difference(joined["value_a"], joined["value_b"], joined["problem_id"], n_boot=n_boot)
    bench = a["benchmark"].iloc[0]
    out = Comparison(
        benchmark=bench, model_a=a["model"].iloc[0], model_b=b["model"].iloc[0], n_pairs=len(joined),
        mean_a=float(joined["value_a"].mean()), mean_b=float(joined["value_b"].mean()),
        difference=diff, ci_low=lo, ci_high=hi,
        disagreements=[
            {"problem_id": r.problem_id, "epoch": int(r.epoch), "a": float(r.value_a), "b": float(r.value_b)}
            for r in joined.itertuples() if r.value_a != r.value_b
        ],
        **counts,
    )
    if bench == "answerbench":
        out.only_a, out.only_b, out.mcnemar_p = mcnemar(joined["value_a"] == 1, joined["value_b"] == 1)
    return out
