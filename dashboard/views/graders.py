"""Graders: how the automatic graders agree with human grades — GradingBench's human labels, and
the grades people gave on the Grade page (sample level, system level, between people) — and the
calibration records."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from views.common import MISSING, inline, load_items, load_samples, logs_of, model_labels, open_page, read_grades, table, warn


@st.cache_data(show_spinner=False)
def gradingbench_report(samples: pd.DataFrame, usage: pd.DataFrame, warnings: list[str]):
    from imobench.results.report import build_report

    return build_report(samples, usage, warnings, n_boot=500)


def stat_rows(statistics) -> pd.DataFrame:
    rows = []
    for v in statistics:
        interval = MISSING if v.ci_low is None or v.ci_high is None else f"{v.ci_low:.3f} – {v.ci_high:.3f}"
        rows.append({"statistic": v.name.replace("_", " "), "value": f"undefined ({v.undefined})" if v.undefined else f"{v.value:.3f}",
                     "95% interval": interval})
    return pd.DataFrame(rows).set_index("statistic")


def confusion(counts: dict[str, dict[str, int]], labels: tuple[str, ...], title: str, key: str) -> None:
    """Human level (rows) by grader level (columns), highest level first on both axes, with the counts."""
    order = list(reversed(labels))
    cells = pd.DataFrame([{"human": h, "grader": g, "count": counts.get(h, {}).get(g, 0)} for h in order for g in order])
    if cells["count"].sum() == 0:
        st.info(f"{title}: no graded item to count yet.")
        return
    spec = {
        "title": title,
        "width": 360, "height": 280,
        "encoding": {"x": {"field": "grader", "type": "ordinal", "sort": order, "title": "grader's level",
                           "axis": {"labelAngle": -30, "labelAlign": "right", "labelOverlap": False}},
                     "y": {"field": "human", "type": "ordinal", "sort": order, "title": "human level"}},
        "layer": [{"mark": "rect", "encoding": {"color": {"field": "count", "type": "quantitative", "scale": {"scheme": "blues"},
                                                          "title": "items"}}},
                  {"mark": {"type": "text", "fontSize": 14},
                   "encoding": {"text": {"field": "count", "type": "quantitative"},
                                "color": {"condition": {"test": f"datum.count > {cells['count'].max() / 2}", "value": "white"},
                                          "value": "black"}}}],
    }
    st.vega_lite_chart(cells, spec, key=key)


def gradingbench_section(index: pd.DataFrame, fp: tuple) -> None:
    st.subheader("On GradingBench (the dataset's human labels)")
    logs = index[index["benchmark"] == "gradingbench"]
    if logs.empty:
        st.info("No GradingBench logs yet: run `inspect eval imobench/gradingbench --model <grader>`.")
        return
    samples, usage, warnings = load_samples(tuple(sorted(logs["log"])), fp)
    warn(warnings)
    rep = gradingbench_report(samples, usage, warnings)
    if not rep.agreement:
        st.info("The GradingBench logs hold no graded sample.")
    labels = model_labels([a.model for a in rep.agreement])
    for n, a in enumerate(rep.agreement):
        st.markdown(f"**{inline(labels[a.model])}** on {inline(a.dataset)}{'' if a.verified else ' (unverified data)'}: "
                    f"n = {a.n} graded, {a.unscored} unscored")
        left, right = st.columns([3, 2])
        with left:
            st.table(stat_rows([*a.statistics.values(), a.over_grading_rate, a.under_grading_rate]))
        with right:
            confusion(a.confusion, a.scale.labels, "human label × grader", key=f"gb-cm-{n}")


def human_section(s, index: pd.DataFrame, fp: tuple) -> None:
    from imobench.humans.agreement import human_report

    st.subheader("Against your human grades")
    grades, warnings = read_grades(s.grades_dir)
    warn(warnings)
    if not grades:
        st.info(f"No human grades in {s.grades_dir} yet: grade proofs on the Grade page (blind: the grader's grade is shown "
                "after yours).")
        return
    logs = logs_of(index, ("answerbench", "proofbench"))
    items, more = load_items(logs, s.grade_data, fp)
    samples, _, _ = load_samples(logs, fp) if logs else (pd.DataFrame(), None, [])
    warn(more)
    h = human_report(s.grades_dir, items, grades, samples, n_boot=500)
    st.caption(f"{h.records} records by {len(h.people)} people; each person's latest grade counts, only on the text as it is now "
               f"({h.stale} on a changed text and {h.unmatched} on samples not in these logs are left out). Several people on "
               f"one proof: {h.tie_rule}. Intervals: 95% bootstrap clustered by problem.")
    ir = h.inter_rater
    st.markdown("**Between people**")
    if ir is None:
        st.info("No proof has grades by two or more people yet.")
    else:
        cols = st.columns(3)
        cols[0].metric("proofs graded by two or more", ir.proofs)
        cols[1].metric("Krippendorff's α (ordinal)", MISSING if ir.alpha.value is None else f"{ir.alpha.value:.3f}",
                       help=ir.alpha.undefined)
        cols[2].metric("exact agreement", f"{ir.exact_agreement.value:.3f}")
        if ir.disagreeing:
            st.markdown(f"{len(ir.disagreeing)} proof(s) to adjudicate:")
            labels = model_labels([d.model or "?" for d in ir.disagreeing])
            table(pd.DataFrame([{"problem": d.problem_id, "model": labels[d.model or "?"], "sample": d.sample_id, "epoch": d.epoch,
                                 "grades": ", ".join(f"{p}: {v}" for p, v in d.grades.items())} for d in ir.disagreeing]))
    if not h.graders:
        st.info("No human-graded proof has an automatic grade to compare with yet.")
    for n, g in enumerate(h.graders):
        a = g.sample
        st.markdown(f"**Grader {inline(g.grader_models)}** ({inline(g.grader.split('@')[0])}): n = {a.n} proofs with a human "
                    f"and an automatic grade; {g.unscored} human-graded proof(s) it left unscored")
        cols = st.columns(4)
        for col, name in zip(cols, ("accuracy", "mae", "pearson", "quadratic_kappa"), strict=True):
            v = a.statistics[name]
            col.metric(name.replace("_", " "), MISSING if v.value is None else f"{v.value:.3f}", help=v.undefined)
        left, right = st.columns([3, 2])
        with left:
            st.table(stat_rows([*a.statistics.values(), a.over_grading_rate, a.under_grading_rate]))
        with right:
            confusion(a.confusion, g.scale.labels, "human × grader", key=f"human-cm-{n}")
        sl = g.system
        pearson = f"undefined ({sl.pearson.undefined})" if sl.pearson.value is None else f"{sl.pearson.value:.3f}"
        spearman = f"undefined ({sl.spearman.undefined})" if sl.spearman.value is None else f"{sl.spearman.value:.3f}"
        st.markdown(f"**System level** over {len(sl.rows)} model(s), per-model mean grades: Pearson {inline(pearson)}; "
                    f"Spearman {inline(spearman)}")
        labels = model_labels([r.model for r in sl.rows])
        table(pd.DataFrame([{"model": labels[r.model], "proofs": r.n, "mean grader points": round(r.grader_mean, 3),
                             "mean human points": round(r.human_mean, 3)} for r in sl.rows]))
    if h.overrides:
        st.markdown("**Human overrides** (the score with people's decisions replacing the automatic verdicts, beside the automatic score)")
        labels = model_labels([o.model for o in h.overrides])
        table(pd.DataFrame([{"benchmark": o.benchmark, "model": labels[o.model], "dataset": o.dataset, "samples": o.samples,
                             "decided by people": o.overridden, "changed": o.changed, "automatic": o.automatic,
                             "with human override": o.with_humans, "unscored left": o.with_humans_unscored, "unit": o.unit}
                            for o in h.overrides]),
              column_config={"automatic": st.column_config.NumberColumn(format="%.1f"),
                             "with human override": st.column_config.NumberColumn(format="%.1f")})


def calibration_section() -> None:
    from imobench.grading.calibration import all_records

    st.subheader("Calibration records")
    records = all_records()
    if not records:
        st.info("No calibration record yet: `imobench calibrate LOGS --grader NAME` (GradingBench logs, or ProofBench logs with --human-grades DIR) "
                "writes one.")
    for _, record in records:
        before, after = record.metrics.get("before", {}), record.metrics.get("after", {})
        st.markdown(f"**{inline(record.grader)}** ({record.date}, n = {record.n}, {'verified' if record.data_verified else 'unverified'} "
                    f"data: {inline(', '.join(record.data))}): MAE {before.get('mae', float('nan')):.3f} → {after.get('mae', float('nan')):.3f}")
        st.line_chart(pd.DataFrame({"raw grade": record.map.raw, "calibrated": record.map.calibrated}).set_index("raw grade"))


def page() -> None:
    s, fp, _, _, index, warnings = open_page("Graders")
    warn(warnings)
    human_section(s, index, fp)
    gradingbench_section(index, fp)
    calibration_section()
