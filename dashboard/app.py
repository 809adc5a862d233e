"""imobench dashboard: leaderboard, per-model drill-down, paired comparison, grader agreement, datasets.

Run with `imobench dashboard --log-dir DIR` (or `streamlit run dashboard/app.py` with IMOBENCH_LOG_DIR
set).  Logs are read through Inspect's log API (a local folder or any location it reads, e.g. S3),
cached by file list and modification times; a log that cannot be read is skipped with a warning.
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


@st.cache_data(show_spinner="Reading logs…")
def load(location: str, fingerprint: tuple) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    from imobench.results.logs import read_logs, samples_frame, usage_frame

    logs, warnings = read_logs([location])
    return samples_frame(logs), usage_frame(logs), warnings


def fingerprint(location: str) -> tuple:
    """Changes whenever a log is added, removed or rewritten (header-only listing)."""
    from inspect_ai.log import list_eval_logs

    try:
        return tuple(sorted((i.name, i.mtime or 0, i.size or 0) for i in list_eval_logs(location)))
    except Exception:  # noqa: BLE001 - a missing folder is an empty dashboard
        return ()


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


def leaderboard(rep) -> None:
    st.header("Leaderboard")
    rows = pd.DataFrame([r.model_dump() for r in rep.rows])
    if rows.empty:
        st.write("No AnswerBench or ProofBench results in these logs.")
    else:
        rows["dataset"] = rows["dataset"] + rows["verified"].map({True: "", False: " (unverified)"})
        table = rows.pivot_table(index=["model", "dataset"], columns=["benchmark", "group"], values="value", aggfunc="first")
        table.columns = [f"{b}: {g}" for b, g in table.columns]
        if rep.usage:
            cost = pd.DataFrame(rep.usage).groupby("model")["cost_usd"].sum(min_count=1)
            table["cost (USD)"] = table.index.get_level_values("model").map(cost)
        st.dataframe(table.reset_index(), use_container_width=True)
        main = rows[rows["group"].isin(["all", "basic", "advanced"])].copy()
        main["label"] = main["benchmark"] + " " + main["group"]
        st.vega_lite_chart(
            main,
            {
                "layer": [
                    {"mark": "bar", "encoding": {"x": {"field": "model", "type": "nominal"}, "y": {"field": "value", "type": "quantitative", "title": "score"}, "xOffset": {"field": "label"}, "color": {"field": "label"}}},
                    {"mark": "errorbar", "encoding": {"x": {"field": "model", "type": "nominal"}, "xOffset": {"field": "label"}, "y": {"field": "ci_low", "type": "quantitative"}, "y2": {"field": "ci_high"}}},
                ]
            },
            use_container_width=True,
        )
    if rep.agreement:
        st.subheader("Graders on GradingBench")
        st.dataframe(pd.DataFrame([{"grader": a["model"], "dataset": a["dataset"], **{k: v["value"] for k, v in a["statistics"].items()}} for a in rep.agreement]))


def model_page(samples: pd.DataFrame) -> None:
    st.header("Model")
    models = sorted(samples["model"].unique())
    model = st.selectbox("model", models)
    frame = samples[samples["model"] == model]
    bench = st.selectbox("benchmark", sorted(frame["benchmark"].unique()))
    frame = frame[frame["benchmark"] == bench]
    key = "category" if bench != "proofbench" else "level"
    if frame[key].notna().any():
        st.bar_chart(frame.groupby(key)["value"].mean())
    only = st.multiselect(key, sorted(frame[key].dropna().unique()))
    if only:
        frame = frame[frame[key].isin(only)]
    cols = ["sample_id", "epoch", "category", "level", "value", "extracted", "decided_by", "grader"]
    st.dataframe(frame[[c for c in cols if c in frame]], use_container_width=True)
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
        st.markdown(f"**Score** {score.value} — {score.explanation or ''}")
        replies = [s.get("reply") for s in (score.metadata or {}).get("samples", [])] or [(score.metadata or {}).get("grader_reply")]
        for reply in filter(None, replies):
            st.markdown("**Grader reply**")
            st.text(reply)


def compare_page(samples: pd.DataFrame) -> None:
    from imobench.results.compare import compare_frames

    st.header("Compare")
    bench = st.selectbox("benchmark", sorted(set(samples["benchmark"]) - {"gradingbench"}) or ["answerbench"])
    models = sorted(samples[samples["benchmark"] == bench]["model"].unique())
    if len(models) < 2:
        st.write("Two models with logs on the same benchmark are needed.")
        return
    a = st.selectbox("model A", models, index=0)
    b = st.selectbox("model B", models, index=1)
    if a == b:
        st.write("Choose two different models.")
        return
    frame = samples[samples["benchmark"] == bench]
    c = compare_frames(frame[frame["model"] == a], frame[frame["model"] == b], n_boot=1000)
    st.metric("difference (A - B)", f"{c.difference:+.3f}", help=f"95% paired bootstrap CI [{c.ci_low:+.3f}, {c.ci_high:+.3f}]")
    st.write(f"95% paired bootstrap interval [{c.ci_low:+.3f}, {c.ci_high:+.3f}] over {c.n_pairs} paired samples")
    if c.mcnemar_p is not None:
        st.write(f"McNemar: only A right {c.only_a}, only B right {c.only_b}, p = {c.mcnemar_p:.3g}")
    st.dataframe(pd.DataFrame(c.disagreements))


def graders_page(rep) -> None:
    from imobench.resources import resource_dir

    st.header("Graders")
    if not rep.agreement:
        st.write("No GradingBench logs yet: run `inspect eval imobench/gradingbench --model <grader>`.")
    for a in rep.agreement:
        st.subheader(f"{a['model']} on {a['dataset']}{'' if a['verified'] else ' (unverified)'}")
        stats = pd.DataFrame([{"statistic": k, "value": v["value"], "ci_low": v["ci_low"], "ci_high": v["ci_high"], "undefined": v["undefined"]} for k, v in a["statistics"].items()])
        st.dataframe(stats)
        cm = pd.DataFrame([{"human": h, "grader": g, "count": n} for h, row in a["confusion"].items() for g, n in row.items()])
        st.vega_lite_chart(cm, {"mark": "rect", "encoding": {"x": {"field": "grader", "type": "nominal"}, "y": {"field": "human", "type": "nominal"}, "color": {"field": "count", "type": "quantitative"}}})
    records = sorted(resource_dir("graders").glob("*.calibration.json"))
    st.subheader("Calibration records")
    if not records:
        st.write("None yet: `imobench calibrate LOGS --grader NAME` writes one.")
    for path in records:
        from imobench.grading.calibration import CalibrationRecord

        record = CalibrationRecord.model_validate_json(path.read_text())
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
    samples, usage, warnings = load(location, fingerprint(location))
    for w in warnings:
        st.warning(w)
    if samples.empty:
        empty_state(location)
        return
    rep = report(samples, usage, warnings)
    {"Leaderboard": lambda: leaderboard(rep), "Model": lambda: model_page(samples), "Compare": lambda: compare_page(samples), "Graders": lambda: graders_page(rep)}[page]()


main()
