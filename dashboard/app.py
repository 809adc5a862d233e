"""imobench dashboard: leaderboard, per-model drill-down, paired comparison, grader agreement, datasets.

Run with `imobench dashboard --log-dir DIR` (or `streamlit run dashboard/app.py` with IMOBENCH_LOG_DIR
set).  Logs are read through Inspect's log API (a local folder or any location it reads, e.g. S3),
cached by file list and modification times; a log that cannot be read is skipped with a warning.
The leaderboard reads only log headers; the Model, Compare and Graders pages read the samples of
the logs they show, when they show them.
"""

from __future__ import annotations

import os
import sys

import pandas as pd
import streamlit as st

PAGES = ("Leaderboard", "Model", "Compare", "Graders", "Datasets")


def log_dir() -> str:
    args = sys.argv[1:]
    if "--log-dir" in args:
        return args[args.index("--log-dir") + 1]
    return os.environ.get("IMOBENCH_LOG_DIR", "logs")


def fingerprint(location: str) -> tuple:
    """Changes whenever a log is added, removed or rewritten (a listing: no log is opened)."""
    from inspect_ai.log import list_eval_logs

    try:
        return tuple(sorted((i.name, i.mtime or 0, i.size or 0) for i in list_eval_logs(location)))
    except Exception:  # noqa: BLE001 - a missing folder is an empty dashboard
        return ()


@st.cache_data(show_spinner="Reading log headers…")
def load_headers(location: str, fingerprint: tuple) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, list[str]]:
    """Leaderboard rows, grader rows and an index of the logs (model, benchmark, dataset), from
    headers only: the eval spec, results and usage, never the samples."""
    from imobench.results.leaderboard import grader_rows, leaderboard
    from imobench.results.logs import benchmark_of, dataset_of, read_logs

    headers, warnings = read_logs([location], header_only=True)
    board = pd.DataFrame([e.model_dump() for e in leaderboard(headers)])
    index = pd.DataFrame(
        [{"log": h.location, "model": h.eval.model, "benchmark": benchmark_of(h), "dataset": dataset_of(h)} for h in headers],
        columns=["log", "model", "benchmark", "dataset"],
    )
    return board, pd.DataFrame(grader_rows(headers)), index, warnings


@st.cache_data(show_spinner="Reading samples…", max_entries=64)
def load_samples(logs: tuple[str, ...], fingerprint: tuple) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """Every sample of the given logs (only the pages that show samples ask, for the logs they show)."""
    from imobench.results.logs import read_logs, samples_frame, usage_frame

    read, warnings = read_logs(list(logs))
    return samples_frame(read), usage_frame(read), warnings


def samples_of(index: pd.DataFrame, fp: tuple, **where: str) -> pd.DataFrame:
    chosen = index
    for key, value in where.items():
        chosen = chosen[chosen[key] == value]
    samples, _, warnings = load_samples(tuple(sorted(chosen["log"])), fp)
    for w in warnings:
        st.warning(w)
    return samples


@st.cache_data(show_spinner=False)
def report(samples: pd.DataFrame, usage: pd.DataFrame, warnings: list[str]):
    from imobench.results.report import build_report

    return build_report(samples, usage, warnings, n_boot=500)


def empty_state(location: str) -> None:
    st.info(
        f"No Inspect logs in `{location}` yet. Run a first evaluation, for example:\n\n"
        "```bash\ninspect eval imobench/answerbench --model litellm/openai/gpt-4o-mini --limit 20 "
        f"--log-dir {location}\n```\n\nthen reload this page."
    )


def leaderboard_page(board: pd.DataFrame, graders: pd.DataFrame) -> None:
    st.header("Leaderboard")
    st.caption(
        "From log headers: the tasks' own metrics (Wilson 95% intervals; for ProofBench on the mean as a share of the "
        "maximum). `imobench report` recomputes them from samples with intervals clustered by problem."
    )
    if board.empty:
        st.write("No AnswerBench or ProofBench results in these logs.")
    else:
        rows = board.copy()
        rows["dataset"] = rows["dataset"] + rows["verified"].map({True: "", False: " (unverified)"}).fillna("")
        # one row per model and dataset, also when nothing in it was scored (pivot_table would drop it)
        order = rows[["benchmark", "group"]].drop_duplicates()
        order = order.assign(rest=order["group"] != "all").sort_values(["benchmark", "rest", "group"])
        rows["column"] = rows["benchmark"] + ": " + rows["group"]
        table = rows.set_index(["model", "dataset", "column"])["value"].unstack("column")
        table = table[[f"{b}: {g}" for b, g in zip(order["benchmark"], order["group"], strict=True)]]
        per_run = rows.drop_duplicates(["model", "dataset", "benchmark"]).groupby(["model", "dataset"])
        table["cost (USD)"] = per_run["cost_usd"].sum(min_count=1)
        table["unscored"] = per_run["unscored"].sum()
        table["runs"] = per_run["runs"].sum()
        st.dataframe(table.reset_index(), width="stretch", hide_index=True)
        from imobench.benchmarks import benchmark

        charted = rows["benchmark"].map(lambda b: benchmark(b).chart_key if benchmark(b) else None)
        main = rows[(rows["group"] == "all") | (rows["key"] == charted)].copy()
        main["label"] = main["benchmark"] + " " + main["group"]
        st.vega_lite_chart(
            main[["model", "label", "value", "ci_low", "ci_high"]],
            {
                "layer": [
                    {"mark": "bar", "encoding": {"x": {"field": "model", "type": "nominal"}, "y": {"field": "value", "type": "quantitative", "title": "score (%)"}, "xOffset": {"field": "label"}, "color": {"field": "label"}}},
                    {"mark": "errorbar", "encoding": {"x": {"field": "model", "type": "nominal"}, "xOffset": {"field": "label"}, "y": {"field": "ci_low", "type": "quantitative"}, "y2": {"field": "ci_high"}}},
                ]
            },
            width="stretch",
        )
    if not graders.empty:
        st.subheader("Graders on GradingBench")
        st.dataframe(graders.drop(columns=["log"]), hide_index=True)


def model_page(index: pd.DataFrame, fp: tuple) -> None:
    st.header("Model")
    model = st.selectbox("model", sorted(index["model"].unique()))
    bench = st.selectbox("benchmark", sorted(index[index["model"] == model]["benchmark"].unique()))
    frame = samples_of(index, fp, model=model, benchmark=bench)
    if frame.empty:
        st.write("No scored samples in these logs.")
        return
    from imobench.benchmarks import benchmark

    desc = benchmark(bench)
    key = desc.main_key if desc is not None and desc.main_key else "category"
    if frame[key].notna().any():
        st.bar_chart(frame.groupby(key)["value"].mean())
    only = st.multiselect(key, sorted(frame[key].dropna().unique()))
    if only:
        frame = frame[frame[key].isin(only)]
    verdicts = st.multiselect("verdict", ["correct / points > 0", "incorrect / 0 points", "unscored"])
    if verdicts:
        keep = pd.Series(False, index=frame.index)
        if "correct / points > 0" in verdicts:
            keep |= frame["value"] > 0
        if "incorrect / 0 points" in verdicts:
            keep |= frame["value"] == 0
        if "unscored" in verdicts:
            keep |= frame["value"].isna()
        frame = frame[keep]
    cols = ["sample_id", "epoch", "dataset", "category", "level", "value", "extracted", "decided_by", "grader", "grader_model", "rationale"]
    st.dataframe(frame[[c for c in cols if c in frame]], width="stretch", hide_index=True)
    chosen = st.selectbox("problem", sorted(frame["sample_id"].unique()))
    if chosen:
        show_sample(frame[frame["sample_id"] == chosen].iloc[0])


def show_sample(row: pd.Series) -> None:
    from inspect_ai.log import read_eval_log_sample

    try:
        sample = read_eval_log_sample(row["log"], id=row["sample_id"], epoch=int(row["epoch"]))
    except Exception as err:  # noqa: BLE001
        st.warning(f"cannot read sample {row['sample_id']} from {row['log']}: {err}")
        return
    st.markdown("**Response**")
    st.text(sample.output.completion if sample.output else "")
    score = next(iter((sample.scores or {}).values()), None)
    if score is not None:
        from imobench.records import read_record, score_value

        try:
            record = read_record(row["benchmark"], score.value, score.metadata)
        except ValueError:  # metadata no version of imobench wrote: show the score alone
            record = None
        st.markdown(f"**Score** {score_value(score.value):g} — {score.explanation or ''}")
        replies = [s.reply for s in getattr(record, "samples", [])] or [getattr(record, "grader_reply", None)]
        for reply in filter(None, replies):
            st.markdown("**Grader reply**")
            st.text(reply)


def compare_page(index: pd.DataFrame, fp: tuple) -> None:
    from imobench.results.compare import compare_frames

    from imobench.benchmarks import BENCHMARKS

    st.header("Compare")
    unpaired = {name for name, b in BENCHMARKS.items() if not b.paired}
    bench = st.selectbox("benchmark", sorted(set(index["benchmark"]) - unpaired) or ["answerbench"])
    models = sorted(index[index["benchmark"] == bench]["model"].unique())
    if len(models) < 2:
        st.write("Two models with logs on the same benchmark are needed.")
        return
    a = st.selectbox("model A", models, index=0)
    b = st.selectbox("model B", models, index=1)
    if a == b:
        st.write("Choose two different models.")
        return
    frame_a = samples_of(index, fp, model=a, benchmark=bench)
    frame_b = samples_of(index, fp, model=b, benchmark=bench)
    c = compare_frames(frame_a, frame_b, n_boot=1000)
    st.metric("difference (A - B)", f"{c.difference:+.3f}", help=f"95% paired bootstrap CI [{c.ci_low:+.3f}, {c.ci_high:+.3f}]")
    st.write(f"95% paired bootstrap interval [{c.ci_low:+.3f}, {c.ci_high:+.3f}] over {c.n_pairs} paired samples")
    if c.mcnemar_p is not None:
        st.write(f"McNemar: only A right {c.only_a}, only B right {c.only_b}, p = {c.mcnemar_p:.3g}")
    st.subheader("Problems where they disagree")
    st.dataframe(pd.DataFrame(c.disagreements), hide_index=True)


def graders_page(index: pd.DataFrame, fp: tuple) -> None:
    st.header("Graders")
    logs = index[index["benchmark"] == "gradingbench"]
    if logs.empty:
        st.write("No GradingBench logs yet: run `inspect eval imobench/gradingbench --model <grader>`.")
    else:
        samples, usage, warnings = load_samples(tuple(sorted(logs["log"])), fp)
        rep = report(samples, usage, warnings)
        for a in rep.agreement:
            st.subheader(f"{a.model} on {a.dataset}{'' if a.verified else ' (unverified)'}")
            shown = [*a.statistics.values(), a.over_grading_rate, a.under_grading_rate]
            stats = pd.DataFrame([{"statistic": v.name, "value": v.value, "ci_low": v.ci_low, "ci_high": v.ci_high, "undefined": v.undefined} for v in shown])
            st.dataframe(stats, hide_index=True)
            cm = pd.DataFrame([{"human": h, "grader": g, "count": n} for h, row in a.confusion.items() for g, n in row.items()])
            st.vega_lite_chart(cm, {"mark": "rect", "encoding": {"x": {"field": "grader", "type": "nominal"}, "y": {"field": "human", "type": "nominal"}, "color": {"field": "count", "type": "quantitative"}}})
    from imobench.grading.calibration import all_records

    records = all_records()
    st.subheader("Calibration records")
    if not records:
        st.write("None yet: `imobench calibrate LOGS --grader NAME` writes one.")
    for _, record in records:
        st.write(f"{record.grader} ({record.date}, n={record.n}, {'verified' if record.data_verified else 'unverified'} data): {record.metrics}")
        st.line_chart(pd.DataFrame({"raw": record.map.raw, "calibrated": record.map.calibrated}).set_index("raw"))


def datasets_page() -> None:
    from imobench.data.errata import errata_for
    from imobench.data.manifest import manifests

    st.header("Datasets")
    st.dataframe(pd.DataFrame([{"dataset": m.name, "version": m.version, "status": m.status, "rows": m.rows, "sha256": m.sha256, "git blob": m.git_blob, "changelog": m.changelog} for m in manifests().values()]))
    st.subheader("Errata")
    st.dataframe(pd.DataFrame([{**e.model_dump(exclude={"old", "new"}), "dataset": m.key} for m in manifests().values() for e in errata_for(m)]))
    st.subheader("v1 → v2 differences")
    try:
        from imobench.data import load
        from imobench.data.diff import diff

        for name in ("answerbench", "proofbench"):
            d = diff(load(name, "v1"), load(name, "v2"))
            st.write(f"{name}: {len(d.changed_ids)} changed problem(s): {', '.join(d.changed_ids)}")
    except Exception as err:  # noqa: BLE001 - the data files may be absent on this machine
        st.warning(f"cannot load the data files to diff them: {err}")


def main() -> None:
    st.set_page_config(page_title="imobench", layout="wide")
    st.title("imobench")
    location = log_dir()
    wanted = st.query_params.get("page", PAGES[0])  # ?page=Model opens a page directly
    page = st.sidebar.radio("page", PAGES, index=PAGES.index(wanted) if wanted in PAGES else 0)
    if page == "Datasets":
        datasets_page()
        return
    fp = fingerprint(location)
    board, graders, index, warnings = load_headers(location, fp)
    for w in warnings:
        st.warning(w)
    if index.empty:
        empty_state(location)
        return
    {
        "Leaderboard": lambda: leaderboard_page(board, graders),
        "Model": lambda: model_page(index, fp),
        "Compare": lambda: compare_page(index, fp),
        "Graders": lambda: graders_page(index, fp),
    }[page]()


main()
