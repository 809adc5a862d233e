"""Human grades: people grading proofs and reviewing verdicts beside the automatic graders.

`records` holds the typed decision (`HumanGrade`), `store` the append-only JSON Lines file it is
kept in, `items` what there is to grade (ProofBench proofs, GradingBench-shaped CSV rows, the
review queue of AnswerBench verdicts and flagged proofs), `queue` the per-person order, filters and
resume point, `agreement` the numbers computed on human grades (through `imobench.stats`), and
`export` the graded proofs as a GradingBench-shaped CSV.  Nothing here imports Streamlit: the
dashboard's Grade and Review pages and the `report`, `calibrate` and `data export-grading`
commands all call these functions.
"""
