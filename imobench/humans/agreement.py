"""The numbers the paper reports, on your own human grades: how each automatic grader agrees with
the people (sample level and system level), how the people agree with each other, and the human
decisions applied to the scores as a labelled override.

The statistics themselves are `imobench.stats` (the same functions GradingBench is reported with);
this module decides what is paired with what:

- Each person counts once per text: their latest decision (`store.latest`), only if it was given on
  the text as it is now (same sha256).  Grades on a changed text are counted as stale, never paired.
- Where several people graded one proof, the human grade it is compared with is the **lower
  median** of their latest grades (the median; with an even number of grades, the lower of the two
  middle ones), so one generous grader cannot lift a proof.  Answer reviews take the majority
  verdict; a tie decides nothing.  `export-grading` uses the same rule.
- Sample level: per grader (its models and spec identity, on its scale), the proofs with both an
  automatic and a human grade; intervals are clustered by problem.
- System level: per evaluated model, the mean automatic and the mean human grade over those proofs;
  Pearson and Spearman across models (undefined below three models).
- Inter-rater: proofs with two or more people; Krippendorff's ordinal alpha, exact agreement (the
  share of those proofs on which everyone gave the same grade), and the proofs they disagree on.
- Override: per benchmark, model and dataset, the score with every human decision replacing the
  automatic verdict of its sample, beside the automatic score, with how many samples it replaced.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import pandas as pd
from pydantic import BaseModel

from imobench.benchmarks import benchmark
from imobench.humans.items import Item
from imobench.humans.queue import decisions_by_item
from imobench.humans.records import HumanGrade
from imobench.humans.store import latest
from imobench.records import none_if_nan
from imobench.results.logs import scale_from
from imobench.scale import Scale, default_scale
from imobench.stats.agreement import Agreement, Statistic, agreement, system_level
from imobench.stats.bootstrap import mean_with_ci
from imobench.stats.consistency import krippendorff_alpha_ordinal

TIE_RULE = ("the lower median of the people's latest grades (the median; with an even number of grades, "
            "the lower of the two middle ones); answer reviews take the majority verdict, and a tie decides nothing")


class SystemRow(BaseModel):
    model: str
    n: int
    grader_mean: float
    human_mean: float


class SystemAgreement(BaseModel):
    rows: list[SystemRow]
    pearson: Statistic
    spearman: Statistic


class GraderAgreement(BaseModel):
    """One automatic grader (models and spec, on one scale) against the human grades."""

    grader_models: str
    grader: str  # spec identity
    scale: Scale
    unscored: int  # human-graded proofs this grader left unscored (not in the statistics)
    sample: Agreement
    system: SystemAgreement


class Disagreement(BaseModel):
    problem_id: str
    model: str | None
    sample_id: str
    epoch: int
    grades: dict[str, int]  # person -> points


class InterRater(BaseModel):
    proofs: int  # proofs with two or more people's grades
    people: list[str]
    alpha: Statistic
    exact_agreement: Statistic
    disagreeing: list[Disagreement]


class Override(BaseModel):
    """Human decisions applied to one run's samples, beside the automatic score."""

    benchmark: str
    model: str
    dataset: str
    unit: str
    samples: int
    overridden: int  # samples that have a human decision
    changed: int  # of those, how many the human decision changed (an unscored one scored counts)
    automatic: float | None
    automatic_unscored: int
    with_humans: float | None
    with_humans_ci: tuple[float | None, float | None]
    with_humans_unscored: int


class HumanReport(BaseModel):
    folder: str
    records: int  # lines in the file (every decision, superseded ones included)
    people: list[str]
    decisions: int  # latest decision per person and text
    matched: int  # of those, on a text in these logs as it is now
    stale: int  # on a sample whose text has changed since
    unmatched: int  # on a sample not in these logs
    tie_rule: str = TIE_RULE
    graders: list[GraderAgreement]
    inter_rater: InterRater | None
    overrides: list[Override]
    warnings: list[str] = []


def resolve(decisions: Sequence[HumanGrade]) -> float | None:
    """The one human value of a text from its people's latest decisions (the rule in the module docstring)."""
    if not decisions:
        return None
    if decisions[0].kind == "proof":
        points = sorted(g.points for g in decisions if g.points is not None)
        return float(points[(len(points) - 1) // 2])
    votes = Counter(g.verdict for g in decisions).most_common()
    if len(votes) > 1 and votes[0][1] == votes[1][1]:
        return None
    return 1.0 if votes[0][0] == "correct" else 0.0


def resolved_values(items: Sequence[Item], grades: Sequence[HumanGrade]) -> dict[str, float]:
    """Item key -> the resolved human value, for the items with a decision on their current text."""
    by_item = decisions_by_item(items, latest(list(grades)))
    out = {}
    for key, decisions in by_item.items():
        value = resolve(list(decisions.values()))
        if value is not None:
            out[key] = value
    return out



def _sample_and_system(group: list[tuple[Item, float]], scale: Scale, n_boot: int) -> tuple[Agreement, SystemAgreement]:
    g = [float(i.ai_value) for i, _ in group]
    h = [v for _, v in group]
    sample = agreement(g, h, [i.problem_id for i, _ in group], scale, n_boot=n_boot)
    per_model: dict[str, list[tuple[float, float]]] = {}
    for (item, human), grader in zip(group, g, strict=True):
        per_model.setdefault(item.model or "?", []).append((grader, human))
    rows = [SystemRow(model=m, n=len(v), grader_mean=sum(a for a, _ in v) / len(v), human_mean=sum(b for _, b in v) / len(v))
            for m, v in sorted(per_model.items())]
    stats_ = system_level({r.model: (r.grader_mean, r.human_mean) for r in rows})
    return sample, SystemAgreement(rows=rows, **stats_)


def grader_agreements(items: Sequence[Item], values: dict[str, float], n_boot: int) -> list[GraderAgreement]:
    groups: dict[tuple[str, str, str], list[Item]] = {}
    for item in items:
        if item.kind == "proof" and item.benchmark == "proofbench" and item.key in values:
            scale = item.scale or default_scale()
            groups.setdefault((item.grader_models or "?", item.grader or "?", scale.identity()), []).append(item)
    out = []
    for (models, spec, _), members in sorted(groups.items()):
        scale = members[0].scale or default_scale()
        paired = [(i, values[i.key]) for i in members if i.ai_value is not None]
        if not paired:
            continue
        sample, system = _sample_and_system(paired, scale, n_boot)
        out.append(GraderAgreement(grader_models=models, grader=spec, scale=scale, unscored=len(members) - len(paired),
                                   sample=sample, system=system))
    return out


def inter_rater(items: Sequence[Item], grades: Sequence[HumanGrade]) -> InterRater | None:
    by_item = decisions_by_item(items, latest(list(grades)))
    shown = {i.key: i for i in items if i.kind == "proof"}
    units, disagreeing, people = [], [], set()
    for key, decisions in sorted(by_item.items()):
        if key not in shown or len(decisions) < 2:
            continue
        item = shown[key]
        people |= {g.person for g in decisions.values()}
        grades_ = {g.person: int(g.points) for g in decisions.values() if g.points is not None}
        units.append(list(grades_.values()))
        if len(set(grades_.values())) > 1:
            disagreeing.append(Disagreement(problem_id=item.problem_id, model=item.model, sample_id=item.sample_id,
                                            epoch=item.epoch, grades=dict(sorted(grades_.items()))))
    if not units:
        return None
    alpha = krippendorff_alpha_ordinal(units)
    exact = sum(len(set(u)) == 1 for u in units) / len(units)
    return InterRater(
        proofs=len(units), people=sorted(people),
        alpha=Statistic(name="krippendorff_alpha_ordinal", value=none_if_nan(alpha),
                        undefined="every grade the same (no variation to agree on)" if math.isnan(alpha) else None),
        exact_agreement=Statistic(name="exact_agreement", value=exact),
        disagreeing=sorted(disagreeing, key=lambda d: (d.problem_id, d.model or "", d.sample_id, d.epoch)),
    )


def overrides(samples: pd.DataFrame, items: Sequence[Item], values: dict[str, float], n_boot: int) -> list[Override]:
    """Per run (benchmark, model, dataset) with any human decision: the automatic and the overridden score."""
    if samples.empty or not values:
        return []
    by_sample = {(i.log, i.sample_id, i.epoch): values[i.key] for i in items if i.key in values}
    human = [by_sample.get((r.log, r.sample_id, r.epoch)) for r in samples.itertuples()]
    frame = samples.assign(human=pd.Series(human, index=samples.index, dtype=float))
    out = []
    for (bench_name, model, dataset), f in frame.groupby(["benchmark", "model", "dataset"], sort=True):
        bench = benchmark(bench_name)
        if bench is None or bench_name == "gradingbench" or f["human"].isna().all():
            continue
        factor = 100.0
        if bench.graded_on_scale:
            scales = [scale_from(s) for s in f["scale"].dropna()] if "scale" in f else []
            factor = 100.0 / (scales[0].max_points if scales else default_scale().max_points)
        merged = f["human"].where(f["human"].notna(), f["value"])
        auto = f["value"].dropna()
        kept = f.assign(merged=merged).dropna(subset=["merged"])
        mean, lo, hi = mean_with_ci((kept["merged"] * factor).tolist(), kept["problem_id"].tolist(), n_boot=n_boot)
        has_human = f["human"].notna()
        changed = int((has_human & ((f["value"] != f["human"]) | f["value"].isna())).sum())
        out.append(Override(
            benchmark=bench_name, model=model, dataset=dataset, unit=bench.unit, samples=len(f), overridden=int(has_human.sum()),
            changed=changed, automatic=float(auto.mean() * factor) if len(auto) else None,
            automatic_unscored=int(f["value"].isna().sum()), with_humans=none_if_nan(mean),
            with_humans_ci=(none_if_nan(lo), none_if_nan(hi)), with_humans_unscored=int(merged.isna().sum()),
        ))
    return out


def human_report(folder: str, items: Sequence[Item], grades: Sequence[HumanGrade], samples: pd.DataFrame | None,
                 n_boot: int = 2000, warnings: Sequence[str] = ()) -> HumanReport:
    last = latest(list(grades))
    digests = {i.key: i.sha256 for i in items}
    matched = sum(1 for (key, _), g in last.items() if digests.get(key) == g.sha256)
    stale = sum(1 for (key, _), g in last.items() if key in digests and digests[key] != g.sha256)
    values = resolved_values(items, grades)
    return HumanReport(
        folder=folder, records=len(grades), people=sorted({g.person for g in grades}), decisions=len(last), matched=matched,
        stale=stale, unmatched=len(last) - matched - stale, graders=grader_agreements(items, values, n_boot),
        inter_rater=inter_rater(items, grades),
        overrides=overrides(samples if samples is not None else pd.DataFrame(), items, values, n_boot), warnings=list(warnings),
    )
