"""Paired comparison of two models on the same problems (AnswerBench or ProofBench logs).

The difference of mean scores with a paired bootstrap interval over problems, McNemar's exact test
on the paired correct/incorrect outcomes (AnswerBench), and the problems where the two disagree.
"""

from __future__ import annotations

import pandas as pd
from pydantic import BaseModel

from imobench.errors import ImobenchError
from imobench.stats.bootstrap import mcnemar, paired_difference


class Comparison(BaseModel):
    benchmark: str
    model_a: str
    model_b: str
    n_pairs: int
    mean_a: float
    mean_b: float
    difference: float
    ci_low: float
    ci_high: float
    only_a: int | None = None
    only_b: int | None = None
    mcnemar_p: float | None = None
    disagreements: list[dict]


def compare_frames(a: pd.DataFrame, b: pd.DataFrame, n_boot: int = 2000) -> Comparison:
    for name, frame in (("first", a), ("second", b)):
        if frame.empty or frame["model"].nunique() != 1 or frame["benchmark"].nunique() != 1:
            raise ImobenchError(f"the {name} log set must hold one model on one benchmark")
    if a["benchmark"].iloc[0] != b["benchmark"].iloc[0]:
        raise ImobenchError(f"cannot compare {a['benchmark'].iloc[0]} with {b['benchmark'].iloc[0]}")
    keys = ["problem_id", "epoch"]
    joined = a[keys + ["value"]].merge(b[keys + ["value"]], on=keys, suffixes=("_a", "_b")).dropna()
    if joined.empty:
        raise ImobenchError("the two log sets share no scored (problem, epoch) pair")
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
    )
    if bench == "answerbench":
        out.only_a, out.only_b, out.mcnemar_p = mcnemar(joined["value_a"] == 1, joined["value_b"] == 1)
    return out
