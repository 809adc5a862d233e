"""Model: one model on one benchmark, per group and per problem, and one sample in full: the
problem statement, the gold answer, the response and the grader's reply (math rendered, text inert)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from views.common import MISSING, bench_title, inline, load_samples, model_labels, open_page, show_text, table, warn

VERDICTS = ("correct / points > 0", "incorrect / 0 points", "unscored")


def samples_of(index: pd.DataFrame, fp: tuple, **where: str) -> tuple[pd.DataFrame, list[str]]:
    chosen = index
    for key, value in where.items():
        chosen = chosen[chosen[key] == value]
    samples, _, warnings = load_samples(tuple(sorted(chosen["log"])), fp)
    return samples, warnings


def _verdict(row) -> str:
    from imobench.results.logs import scale_from

    if row.value != row.value:
        return "unscored"
    if row.benchmark == "answerbench":
        return "correct" if row.value > 0 else "incorrect"
    scale = scale_from(getattr(row, "scale", None))
    label = scale.label_of(row.value) if scale is not None else None
    return f"{row.value:g} of {scale.max_points if scale else 7}" + (f" ({label})" if label else "")


@st.cache_data(max_entries=32, show_spinner="Reading the sample…")
def read_sample(log: str, sample_id: str, epoch: int):
    from inspect_ai.log import read_eval_log_sample

    return read_eval_log_sample(log, id=sample_id, epoch=epoch)


def show_sample(row: pd.Series) -> None:
    from imobench.records import read_record

    try:
        sample = read_sample(row["log"], row["sample_id"], int(row["epoch"]))
    except Exception as err:  # noqa: BLE001 - a log being rewritten, a sample gone
        st.warning(inline(f"cannot read sample {row['sample_id']} from {row['log']}: {err}", 600))
        return
    md = sample.metadata or {}
    left, right = st.columns(2)
    with left:
        show_text("Problem", str(md.get("problem") or ""), key="problem", empty="(the log holds no problem statement)")
    with right:
        gold = sample.target if isinstance(sample.target, str) else "; ".join(sample.target)
        show_text("Gold answer" if row["benchmark"] == "answerbench" else "Short answer (when the problem has one)", gold,
                  key="gold", empty="(no short answer: graded by the rubric)")
        if md.get("solution"):
            with st.expander("Reference solution"):
                show_text("Reference solution", str(md["solution"]), key="solution")
    score = next(iter((sample.scores or {}).values()), None)
    record = None
    if score is not None:
        try:
            record = read_record(row["benchmark"], score.value, score.metadata)
        except ValueError:  # metadata no version of imobench wrote: the score alone
            record = None
    if row["value"] != row["value"]:
        reason = row.get("unscored_reason") or (score.explanation if score is not None else None) or "no reason recorded"
        st.markdown(f"**Score** unscored: {inline(reason, 600)}")
    else:
        st.markdown(f"**Score** {inline(_verdict(row))}")
    show_text("Response", sample.output.completion if sample.output else "", key="response", empty="(no response)")
    replies = [s.reply for s in getattr(record, "samples", [])] or [getattr(record, "grader_reply", None)]
    for n, reply in enumerate(filter(None, replies)):
        show_text("Grader reply" if len(replies) == 1 else f"Grader reply {n + 1}", reply, key=f"reply-{n}")


def page() -> None:
    s, fp, _, _, index, warnings = open_page("Model")
    index = index[index["benchmark"].isin(["answerbench", "proofbench"])]
    if index.empty:
        warn(warnings)
        st.info(f"No AnswerBench or ProofBench logs in {s.log_dir}: run `inspect eval imobench/answerbench --model ...` first.")
        return
    labels = model_labels(index["model"])
    model = st.selectbox("model", sorted(index["model"].unique(), key=lambda m: labels[m]), format_func=lambda m: labels[m])
    bench = st.selectbox("benchmark", sorted(index[index["model"] == model]["benchmark"].unique()), format_func=bench_title)
    frame, more = samples_of(index, fp, model=model, benchmark=bench)
    warn(warnings + more)
    if frame.empty:
        st.info("These logs hold no scored sample for this model and benchmark.")
        return
    from imobench.benchmarks import benchmark

    desc = benchmark(bench)
    key = desc.main_key if desc is not None and desc.main_key else "category"
    scored = frame[frame["value"].notna()]
    unscored = len(frame) - len(scored)
    st.caption(f"{len(frame)} samples: {len(scored)} scored, {unscored} unscored (left out of every mean).")
    if scored.empty or scored[key].isna().all():
        st.info(f"No scored sample to chart by {key} ({unscored} unscored).")
    elif (scored["value"] == 0).all():
        st.info(f"All {len(scored)} scored samples scored 0, in every {key}: nothing to chart.")
    else:
        per = scored.groupby(key)["value"].agg(["mean", "size"]).reset_index()
        from imobench.results.logs import scale_from

        scales = [scale_from(x) for x in scored["scale"].dropna()] if "scale" in scored else []
        top = 1 if bench == "answerbench" else (scales[0].max_points if scales else 7)
        spec = {"mark": {"type": "bar", "tooltip": True},
                "encoding": {"y": {"field": key, "type": "nominal", "title": key, "axis": {"labelLimit": 300}},
                             "x": {"field": "mean", "type": "quantitative", "scale": {"domain": [0, top]},
                                   "title": "share correct" if bench == "answerbench" else "mean points"}}}
        st.vega_lite_chart(per, spec, width="stretch", height=80 + 34 * len(per))
    only = st.multiselect(key, sorted(frame[key].dropna().unique()))
    if only:
        frame = frame[frame[key].isin(only)]
    verdicts = st.multiselect("verdict", VERDICTS)
    if verdicts:
        keep = pd.Series(False, index=frame.index)
        if VERDICTS[0] in verdicts:
            keep |= frame["value"] > 0
        if VERDICTS[1] in verdicts:
            keep |= frame["value"] == 0
        if VERDICTS[2] in verdicts:
            keep |= frame["value"].isna()
        frame = frame[keep]
    if frame.empty:
        st.info("No sample matches these filters.")
        return
    shown = frame.assign(verdict=[_verdict(r) for r in frame.itertuples()])
    cols = ["sample_id", "epoch", "category", "level", "value", "verdict", "extracted", "decided_by", "grader_model", "rationale"]
    cols = [c for c in cols if c in shown and (shown[c].notna().any() or c == "value")]  # no column of nothing but "—"
    headers = {"sample_id": "sample", "extracted": "final answer", "decided_by": "decided by", "grader_model": "grader"}
    config = {c: st.column_config.TextColumn(label) for c, label in headers.items()}
    config |= {"value": st.column_config.NumberColumn("score", format="%g"), "rationale": st.column_config.TextColumn("why", width="large")}
    table(shown[cols], width="stretch", column_config=config)
    options = list(dict.fromkeys(frame["sample_id"]))
    chosen = st.selectbox("problem", options)
    if chosen:
        show_sample(frame[frame["sample_id"] == chosen].iloc[0])
    else:
        st.write(MISSING)
