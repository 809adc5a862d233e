"""imobench dashboard: leaderboard, per-model drill-down, paired comparison, graders and human
agreement, grading by hand, the review queue, datasets.

Run with `imobench dashboard --log-dir DIR [--grades DIR] [--data CSV]` (or `streamlit run
dashboard/app.py` with IMOBENCH_LOG_DIR, IMOBENCH_GRADES_DIR, IMOBENCH_GRADE_DATA set).  Each page
is a module of `views/`, reached through Streamlit's multipage navigation (`/grade`, ...; the
Leaderboard is `/`); `?page=NAME` opens a page directly as well.
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent))  # `views` beside this file, however it is started

from views import common, compare, datasets, grade, graders, leaderboard, model, review  # noqa: E402

PAGES = (
    ("Leaderboard", "leaderboard", leaderboard.page),
    ("Model", "model", model.page),
    ("Compare", "compare", compare.page),
    ("Graders", "graders", graders.page),
    ("Grade", "grade", grade.page),
    ("Review", "review", review.page),
    ("Datasets", "datasets", datasets.page),
)


def main() -> None:
    st.set_page_config(page_title="imobench", layout="wide")
    common.css()
    pages = {title: st.Page(fn, title=title, url_path=path, default=n == 0) for n, (title, path, fn) in enumerate(PAGES)}
    current = st.navigation(list(pages.values()))
    wanted = pages.get(st.query_params.get("page", ""))
    if wanted is not None and wanted.title != current.title:
        kept = {k: st.query_params[k] for k in st.query_params if k != "page"}  # ?page=Grade&who=ann keeps who
        st.switch_page(wanted, query_params=kept)  # `?page=Model`: the older address of a page, still honoured
    current.run()


main()
