"""What every page shares: the settings the command passed, cached log loading, readable labels,
tables without index columns and with "—" for missing values, bounded rendering of model text.

Logs are read through Inspect's log API (a local folder or any location it reads, e.g. S3), cached
by the folder listing (names, modification times, sizes); a log that cannot be read is skipped
with a warning.  The leaderboard reads only log headers; the other pages read the samples of the
logs they show, when they show them.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from views.safe import FULL_TEXT_CHARS, TEXT_CHARS, inline, safe_markdown

MISSING = "—"
BOX_PIXELS = 420  # the scrolling box model text is shown in
CSS = """<style>
[data-testid="stMarkdownContainer"] .katex-display { overflow-x: auto; overflow-y: hidden; max-height: 12em; }
[data-testid="stMarkdownContainer"] .katex { max-width: 100%; }
[data-testid="stMarkdownContainer"] .katex .rule { max-width: 40em; max-height: 10em; }
</style>"""


@dataclass(frozen=True)
class Settings:
    log_dir: str
    grades_dir: str
    grade_data: tuple[str, ...]  # GradingBench-shaped CSVs to grade (--data)


def _arg(name: str) -> list[str]:
    args = sys.argv[1:]
    return [args[i + 1] for i, a in enumerate(args[:-1]) if a == name]


def settings() -> Settings:
    """`imobench dashboard` passes `--log-dir`, `--grades`, `--data` after `--`; under AppTest (or
    `streamlit run` by hand) the environment variables of the same names stand in."""
    from imobench.humans.store import grades_dir_for

    log_dir = (_arg("--log-dir") or [os.environ.get("IMOBENCH_LOG_DIR", "logs")])[-1]
    grades = (_arg("--grades") or [os.environ.get("IMOBENCH_GRADES_DIR", "")])[-1] or str(grades_dir_for(log_dir))
    data = tuple(_arg("--data")) or tuple(p for p in os.environ.get("IMOBENCH_GRADE_DATA", "").split(os.pathsep) if p)
    return Settings(log_dir=log_dir, grades_dir=grades, grade_data=data)


def fingerprint(location: str) -> tuple:
    """Changes whenever a log is added, removed or rewritten (a listing: no log is opened)."""
    from inspect_ai.log import list_eval_logs

    try:
        return tuple(sorted((i.name, i.mtime or 0, i.size or 0) for i in list_eval_logs(location)))
    except Exception:  # noqa: BLE001 - a missing folder is an empty dashboard
        return ()


@st.cache_data(show_spinner="Reading log headers…")
def load_headers(location: str, fingerprint: tuple) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, list[str]]:
    """Leaderboard rows, grader rows and an index of the logs (model, benchmark, dataset, status),
    from headers only: the eval spec, results and usage, never the samples."""
    from imobench.results.leaderboard import grader_rows, leaderboard
    from imobench.results.logs import benchmark_of, dataset_of, read_logs

    headers, warnings = read_logs([location], header_only=True)
    board = pd.DataFrame([e.model_dump() for e in leaderboard(headers)])
    index = pd.DataFrame(
        [{"log": h.location, "model": h.eval.model, "benchmark": benchmark_of(h), "dataset": dataset_of(h), "status": h.status,
          "created": h.eval.created} for h in headers],
        columns=["log", "model", "benchmark", "dataset", "status", "created"],
    )
    return board, pd.DataFrame(grader_rows(headers)), index, warnings


def open_page(title: str) -> tuple[Settings, tuple, pd.DataFrame, pd.DataFrame, pd.DataFrame, list[str]]:
    """The start every page shares: its settings and header, then the logs' headers (leaderboard
    rows, grader rows, the index of logs and the warnings of reading them) under the folder's
    fingerprint, so every page reads a changed folder afresh and an unchanged one from cache."""
    s = settings()
    st.header(title)
    fp = fingerprint(s.log_dir)
    board, graders, index, warnings = load_headers(s.log_dir, fp)
    return s, fp, board, graders, index, warnings


@st.cache_data(show_spinner="Reading samples…", max_entries=64)
def load_samples(logs: tuple[str, ...], fingerprint: tuple) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """Every sample of the given logs (only the pages that show samples ask, for the logs they show)."""
    from imobench.results.logs import read_logs, samples_frame, usage_frame

    read, warnings = read_logs(list(logs))
    return samples_frame(read), usage_frame(read), warnings


@st.cache_data(show_spinner="Reading proofs and verdicts…", max_entries=16)
def load_items(logs: tuple[str, ...], csvs: tuple[str, ...], fingerprint: tuple) -> tuple[list, list[str]]:
    """The gradable items of these logs (and CSV files), for the Grade, Review and Graders pages."""
    from imobench.errors import ImobenchError
    from imobench.humans.items import items_from_csv, items_from_logs
    from imobench.results.logs import read_logs

    read, warnings = read_logs(list(logs)) if logs else ([], [])
    items = items_from_logs(read)
    for path in csvs:
        try:
            items += items_from_csv(path)
        except ImobenchError as err:
            warnings.append(f"--data {path}: {err}")
    return items, warnings


def read_grades(folder: str) -> tuple[list, list[str]]:
    """Every human grade in the folder, read afresh (other people and tabs write while this one reads)."""
    from imobench.errors import ImobenchError
    from imobench.humans.store import GradeStore

    try:
        loaded = GradeStore(folder).read()
    except ImobenchError as err:
        return [], [str(err)]
    return loaded.grades, loaded.warnings


def logs_of(index: pd.DataFrame, benchmarks: tuple[str, ...]) -> tuple[str, ...]:
    """The logs of these benchmarks in a page's index of logs, sorted (a cache key for the readers)."""
    return tuple(sorted(index[index["benchmark"].isin(benchmarks)]["log"])) if not index.empty else ()


def warn(warnings: list[str]) -> None:
    """Each warning once, as inert text (file names and error text come from logs)."""
    for w in dict.fromkeys(warnings):
        st.warning(inline(w, limit=600))


def model_labels(models) -> dict[str, str]:
    """Readable model names: the last part of `litellm/openai/gpt-4o` (`gpt-4o`), the full name where two
    models would share a short one."""
    models = sorted(set(models))
    short = {m: m.rsplit("/", 1)[-1] or m for m in models}
    counts = pd.Series(list(short.values())).value_counts()
    return {m: (s if counts[s] == 1 else m) for m, s in short.items()}


BENCHMARK_TITLES = {"answerbench": "AnswerBench", "proofbench": "ProofBench", "gradingbench": "GradingBench"}


def bench_title(name: str) -> str:
    return BENCHMARK_TITLES.get(name, name)


def table(frame: pd.DataFrame, **kwargs) -> None:
    """A frame as a table: no index column, "—" for a missing value."""
    st.dataframe(frame, hide_index=True, placeholder=MISSING, **kwargs)


def number(value, digits: int = 1, suffix: str = "") -> str:
    if value is None or (isinstance(value, float) and value != value):
        return MISSING
    return f"{value:.{digits}f}{suffix}"


def show_text(label: str, text: str | None, key: str, empty: str = "(empty)") -> None:
    """Model text under a label: sanitised markdown with math in a height-bounded box, cut at
    TEXT_CHARS with a control that shows the whole text as plain text."""
    st.markdown(f"**{inline(label)}**")
    if not text:
        st.caption(empty)
        return
    shown, truncated = safe_markdown(text)
    with st.container(height=BOX_PIXELS if len(text) > 600 or text.count("\n") > 12 else "content", border=True):
        st.markdown(shown)
    if truncated:
        if st.toggle(f"show all {len(text):,} characters (as plain text)", key=f"all-{key}"):
            with st.container(height=BOX_PIXELS, border=True):
                st.text(text[:FULL_TEXT_CHARS])
        else:
            st.caption(f"showing the first {TEXT_CHARS:,} of {len(text):,} characters")


def css() -> None:
    st.html(CSS)


def log_name(location: str) -> str:
    return Path(str(location).removeprefix("file://")).name
