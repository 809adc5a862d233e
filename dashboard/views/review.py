"""Review: the verdicts the automatic path could not settle — AnswerBench samples left unscored or
on which the checker and the grader disagree, and ProofBench proofs graded a pass whose final
answer is wrong.  A person's decision is stored like a grade and reported as a human override."""

from __future__ import annotations

import streamlit as st

from views.common import load_items, logs_of, model_labels, open_page, warn
from views.grading import grading_form


def page() -> None:
    from imobench.humans.items import REVIEW_DISAGREE, REVIEW_FLAGGED, REVIEW_UNSCORED, review_queue
    from imobench.humans.queue import COVERAGE

    s, fp, _, _, index, warnings = open_page("Review")
    logs = logs_of(index, ("answerbench", "proofbench"))
    items, more = load_items(logs, (), fp)
    warn(warnings + more)
    queue = review_queue(items)
    if not queue:
        st.info(f"Nothing to review in {s.log_dir}: no AnswerBench sample is unscored or disputed between the checker and the "
                "grader (run with `-T grader_mode=all` to have every answer graded too), and no ProofBench proof is flagged.")
        return
    counts = {r: sum(i.review == r for i in queue) for r in (REVIEW_UNSCORED, REVIEW_DISAGREE, REVIEW_FLAGGED)}
    st.caption(f"{counts[REVIEW_UNSCORED]} unscored answer(s), {counts[REVIEW_DISAGREE]} where the checker and the grader disagree, "
               f"{counts[REVIEW_FLAGGED]} flagged proof(s). Decisions are reported as a labelled human override, never mixed "
               "into the automatic scores.")
    labels = model_labels([i.model or "?" for i in queue])
    with st.expander("Filters"):
        cols = st.columns(4)
        reasons = cols[0].multiselect("why", [r for r, n in counts.items() if n], key="review-why")
        models = cols[1].multiselect("model", sorted({i.model or "?" for i in queue}), format_func=lambda m: labels.get(m, m), key="review-models")
        problems = cols[2].multiselect("problem", sorted({i.problem_id for i in queue}), key="review-problems")
        coverage = cols[3].multiselect("decided by", COVERAGE, key="review-coverage")
    if reasons:
        queue = [i for i in queue if i.review in reasons]
    grading_form(queue, queue="review", store_dir=s.grades_dir, param="review_at",
                 filters={"models": models, "problems": problems, "coverage": coverage})
