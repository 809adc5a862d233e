"""Grade: people grade ProofBench proofs (and GradingBench-shaped CSV rows given with `--data`) on
the scale of `rubrics/scale.toml`, one at a time, blind to the automatic grade until they commit."""

from __future__ import annotations

import streamlit as st

from views.common import load_items, logs_of, model_labels, open_page, warn
from views.grading import grading_form


def page() -> None:
    from imobench.humans.items import grade_queue
    from imobench.humans.queue import COVERAGE

    s, fp, _, _, index, warnings = open_page("Grade")
    logs = logs_of(index, ("proofbench",))
    items, more = load_items(logs, s.grade_data, fp)
    warn(warnings + more)
    items = grade_queue(items)
    if not items:
        st.info(f"No ProofBench proofs in {s.log_dir} to grade: run `inspect eval imobench/proofbench --model ...` with "
                "`--log-dir` there, or start the dashboard with `--data FILE.csv` (a GradingBench-shaped CSV).")
        return
    st.caption("One proof at a time, as the grader model saw it: the problem, the reference solution, the grading guidelines and "
               "the candidate proof. Your order is your own (seeded by your name), so two people do not grade in the same order.")
    labels = model_labels([i.model or "?" for i in items])
    with st.expander("Filters"):
        cols = st.columns(4)
        models = cols[0].multiselect("model", sorted({i.model or "?" for i in items}), format_func=lambda m: labels.get(m, m), key="grade-models")
        problems = cols[1].multiselect("problem", sorted({i.problem_id for i in items}), key="grade-problems")
        levels = cols[2].multiselect("level", sorted({i.level for i in items if i.level}), key="grade-levels")
        coverage = cols[3].multiselect("graded by", COVERAGE, key="grade-coverage")
    grading_form(items, queue="grade", store_dir=s.grades_dir, param="at",
                 filters={"models": models, "problems": problems, "levels": levels, "coverage": coverage})
