"""Leaderboard: one row per model, each benchmark's score with its interval, n and unscored count;
a run with unscored samples is marked incomplete with the range its score could take."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from imobench.stats.ranges import score_range
from views.common import MISSING, bench_title, log_name, model_labels, open_page, table, warn


def _column(bench: str, dataset: str, datasets_of: dict[str, set]) -> str:
    title = bench_title(bench)
    if len(datasets_of[bench]) > 1:
        title += f" {dataset.split('@', 1)[-1]}"
    return title


def wide_table(board: pd.DataFrame, labels: dict[str, str]) -> tuple[pd.DataFrame, dict, list[str]]:
    """One row per model; per benchmark (and dataset, where there are several) the score, its
    interval, n and unscored; a last column names each incomplete run with the range its score could
    take.  Also the notes on which data each column is (one line per column)."""
    overall = board[board["group"] == "all"]
    datasets_of = overall.groupby("benchmark")["dataset"].apply(set).to_dict()
    rows: dict[str, dict] = {}
    formats: dict = {"model": st.column_config.TextColumn(width="small")}
    notes: dict[str, set] = {}
    for r in overall.sort_values(["benchmark", "dataset"]).itertuples():
        col = _column(r.benchmark, r.dataset, datasets_of)
        row = rows.setdefault(r.model, {"model": labels[r.model]})
        row[f"{col} ({r.unit})"] = r.value
        row[f"{col} 95% CI"] = MISSING if r.ci_low is None or r.ci_high is None or r.ci_low != r.ci_low else f"{r.ci_low:.1f} – {r.ci_high:.1f}"
        row[f"{col} n"] = r.n
        row[f"{col} unscored"] = r.unscored
        if r.unscored:
            low, high = score_range((r.value if r.value is not None else 0.0) * r.n, r.n, r.unscored, 100.0)
            row.setdefault("incomplete", []).append(f"{col} {low:.1f} – {high:.1f}")
        short = r.unit.split(" ", 1)[0]  # "%"
        formats[f"{col} ({r.unit})"] = st.column_config.NumberColumn(f"{col} {short}", format="%.1f", help=f"{col}: {r.unit}")
        formats[f"{col} 95% CI"] = st.column_config.TextColumn("95% CI", help=f"{col}: Wilson 95% interval")
        formats[f"{col} n"] = st.column_config.NumberColumn("n", help=f"{col}: scored samples")
        formats[f"{col} unscored"] = st.column_config.NumberColumn("unscored", help=f"{col}: samples without a score")
        notes.setdefault(col, set()).add(r.dataset + ("" if r.verified is not False else " (UNVERIFIED data)"))
    frame = pd.DataFrame(list(rows.values()), index=list(rows.keys()))
    if "incomplete" in frame:
        frame["incomplete"] = [MISSING if not isinstance(v, list) else "; ".join(v) for v in frame["incomplete"]]
        frame = frame[[c for c in frame if c != "incomplete"] + ["incomplete"]]
        formats["incomplete"] = st.column_config.TextColumn("incomplete: could be", width="medium",
                                                            help="the score range if every unscored sample were wrong … right")
    costs = overall.drop_duplicates(["model", "benchmark", "dataset"]).groupby("model")["cost_usd"].sum(min_count=1)
    frame["cost (USD)"] = costs.reindex(frame.index)
    formats["cost (USD)"] = st.column_config.NumberColumn(format="%.4f")
    lines = [f"{col}: {', '.join(sorted(ds))}" for col, ds in notes.items()]
    return frame.reset_index(drop=True), formats, lines


def chart(board: pd.DataFrame, labels: dict[str, str], bench: str) -> None:
    main = board[(board["benchmark"] == bench) & (board["group"] == "all") & board["value"].notna()].copy()
    if main.empty:
        st.caption(f"{bench_title(bench)}: no scored samples to chart yet.")
        return
    unit = main["unit"].iloc[0]
    main["model"] = main["model"].map(labels)
    main["dataset"] = main["dataset"].str.split("@").str[-1]
    spec = {
        "encoding": {"y": {"field": "model", "type": "nominal", "sort": "-x", "title": None, "axis": {"labelLimit": 400}}},
        "layer": [
            {"mark": {"type": "bar", "tooltip": True},
             "encoding": {"x": {"field": "value", "type": "quantitative", "title": f"{bench_title(bench)} score ({unit}), 95% interval",
                                "scale": {"domain": [0, 100]}},
                          "color": {"field": "dataset", "type": "nominal", "title": "dataset"}}},
            {"mark": {"type": "errorbar", "ticks": True}, "encoding": {"x": {"field": "ci_low", "type": "quantitative",
                                                                             "title": f"{bench_title(bench)} score ({unit}), 95% interval"},
                                                                       "x2": {"field": "ci_high"}}},
        ],
    }
    st.vega_lite_chart(main[["model", "dataset", "value", "ci_low", "ci_high"]], spec, width="stretch", height=60 + 34 * len(main))


def groups_table(board: pd.DataFrame, labels: dict[str, str], bench: str) -> None:
    parts = board[(board["benchmark"] == bench) & (board["group"] != "all")]
    if parts.empty:
        return
    wide = parts.assign(model=parts["model"].map(labels)).pivot_table(index="model", columns="group", values="value", aggfunc="first")
    ns = parts.assign(model=parts["model"].map(labels)).pivot_table(index="model", columns="group", values="n", aggfunc="first")
    shown = wide.copy().astype(object)
    for c in wide.columns:
        shown[c] = [MISSING if v != v else f"{v:.1f} (n={int(n)})" for v, n in zip(wide[c], ns[c].reindex(wide.index), strict=True)]
    st.markdown(f"**{bench_title(bench)} by group** ({parts['unit'].iloc[0]}, n scored)")
    table(shown.reset_index())


def page() -> None:
    s, _, board, graders, index, warnings = open_page("Leaderboard")
    warn(warnings)
    if index.empty:
        st.info(f"No Inspect logs in {s.log_dir} yet. Run a first evaluation, for example:")
        st.code(f"inspect eval imobench/answerbench --model litellm/openai/gpt-4o-mini --limit 20 --log-dir {s.log_dir}", language="bash")
        st.caption("then reload this page.")
        return
    st.caption("From log headers: the tasks' own metrics with Wilson 95% intervals (ProofBench on the mean as a share of the "
               "maximum); n is the scored samples. A run with unscored samples is incomplete: its score could lie anywhere "
               "in the range shown (every unscored sample wrong … every one right). `imobench report` recomputes from samples "
               "with intervals clustered by problem.")
    if board.empty:
        st.info("No AnswerBench or ProofBench results in these logs (GradingBench runs are on the Graders page).")
    else:
        labels = model_labels(board["model"])
        frame, formats, notes = wide_table(board, labels)
        table(frame, column_config=formats, width="stretch")
        st.caption("Data: " + "; ".join(notes))
        for bench in sorted(board["benchmark"].unique()):
            st.subheader(bench_title(bench))
            chart(board, labels, bench)
            groups_table(board, labels, bench)
    if not graders.empty:
        st.subheader("Graders on GradingBench")
        labels = model_labels(graders["grader"])
        shown = graders.drop(columns=["log"]).assign(grader=graders["grader"].map(labels))
        if "verified" in shown:
            shown["verified"] = shown["verified"].map({True: "yes", False: "no"})
        shown.columns = [c.replace("_", " ") for c in shown.columns]
        st.caption("From log headers (the task's own statistics, no intervals: the Graders page has them).")
        table(shown, column_config={c: st.column_config.NumberColumn(format="%.3f") for c in shown.columns
                                    if c not in ("grader", "dataset", "verified", "unscored", "unscored reason", "n")})
    with st.expander(f"Runs ({len(index)} logs)"):
        labels = model_labels(index["model"])
        runs = index.assign(model=index["model"].map(labels), log=index["log"].map(log_name))
        chosen = set(board["log"]) if not board.empty else set()
        runs["shown above"] = index["log"].isin(chosen).map({True: "yes", False: "no"})
        st.caption("One run per model, benchmark and dataset is shown: a finished run before an unfinished one, then the one "
                   "with more scored samples, then the newest.")
        table(runs[["model", "benchmark", "dataset", "status", "shown above", "created", "log"]])
