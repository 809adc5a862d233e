"""Compare: two models on the same problems — the paired difference with its interval, McNemar's
test (AnswerBench), how many pairs were dropped as unscored, and the problems where they disagree."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from views.common import bench_title, inline, load_samples, model_labels, open_page, table, warn


def page() -> None:
    from imobench.benchmarks import BENCHMARKS
    from imobench.errors import ImobenchError
    from imobench.results.compare import compare_frames

    s, fp, _, _, index, warnings = open_page("Compare")
    warn(warnings)
    paired = {name for name, b in BENCHMARKS.items() if b.paired}
    index = index[index["benchmark"].isin(paired)]
    benches = sorted(index["benchmark"].unique())
    if not benches:
        st.info(f"No AnswerBench or ProofBench logs in {s.log_dir} to compare.")
        return
    bench = st.selectbox("benchmark", benches, format_func=bench_title)
    here = index[index["benchmark"] == bench]
    dataset = st.selectbox("dataset", sorted(here["dataset"].unique()))
    here = here[here["dataset"] == dataset]
    models = sorted(here["model"].unique())
    labels = model_labels(models)
    if len(models) < 2:
        st.info(f"Only {labels[models[0]]} has {bench_title(bench)} logs on {dataset}: two models on the same problems are needed.")
        return
    a = st.selectbox("model A", models, index=0, format_func=lambda m: labels[m])
    b = st.selectbox("model B", models, index=1, format_func=lambda m: labels[m])
    if a == b:
        st.info("Choose two different models.")
        return
    frames = []
    for m in (a, b):
        samples, _, more = load_samples(tuple(sorted(here[here["model"] == m]["log"])), fp)
        warn(more)
        frames.append(samples)
    keys = ["problem_id", "epoch"]
    both = frames[0][keys + ["value"]].merge(frames[1][keys + ["value"]], on=keys, suffixes=("_a", "_b"))
    dropped = int(both[["value_a", "value_b"]].isna().any(axis=1).sum())
    try:
        c = compare_frames(frames[0], frames[1], n_boot=1000)
    except ImobenchError as err:
        st.info(inline(f"Nothing to compare: {err} ({len(both)} shared samples, {dropped} unscored in one run or both)."))
        return
    unit = "share correct" if bench == "answerbench" else "points"
    cols = st.columns(3)
    cols[0].metric(f"{labels[a]} mean ({unit})", f"{c.mean_a:.3f}")
    cols[1].metric(f"{labels[b]} mean ({unit})", f"{c.mean_b:.3f}")
    cols[2].metric("difference (A − B)", f"{c.difference:+.3f}")
    st.markdown(f"95% paired bootstrap interval \\[{c.ci_low:+.3f}, {c.ci_high:+.3f}\\] over {c.n_pairs} paired samples; "
                f"{dropped} shared sample(s) dropped because one run or both left them unscored.")
    if c.mcnemar_p is not None:
        st.markdown(f"McNemar (exact): only A right {c.only_a}, only B right {c.only_b}, p = {c.mcnemar_p:.3g}")
    st.subheader("Problems where they disagree")
    if not c.disagreements:
        st.info(f"None: the two models got the same score on every one of the {c.n_pairs} paired samples.")
    else:
        frame = pd.DataFrame(c.disagreements).rename(columns={"a": f"A: {labels[a]}", "b": f"B: {labels[b]}"})
        table(frame, width="stretch", column_config={"problem_id": st.column_config.TextColumn("problem")})
