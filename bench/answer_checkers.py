"""Answer checkers side by side: imobench vs math-verify vs Inspect's math() scorer.

One run, same data: the 387 peer cases in ../shared/data/peer-cases (both folders, read in place), the
hand-written model finals of tests/answers/model_finals.py (golds read from AnswerBench; imobench is given
the problem statement, as the tasks give it) and the labelled set built from AnswerBench's 400 golds
(bench/answer_cases.py, errata applied).  Prints, per checker and data set: accuracy (an undecided verdict
counts as a miss), false positives per 1,000 non-equivalent items, false negatives, undecided, and time
per item.  imobench is timed both in-process and through its process-bounded runner (what the tasks and
the batch command use).

    IMOBENCH_DATA_DIR=../shared/data/imobench .venv/bin/python bench/answer_checkers.py [--limit N]

Needs the `bench` extra (math-verify; latex2sympy2-extended for Inspect's math()).
Targets (issue 12): peer suites >= 97% with at most one false positive; >= 2x faster per item than
math-verify.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

PEER = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "peer-cases" / "math_verify_tests.jsonl"
sys.path.insert(0, str(Path(__file__).resolve().parent))


Item = tuple[str, str, bool, "str | None"]  # gold, response, equivalent, problem (passed to imobench only)


def _peer(files: list[Path]) -> list[Item]:
    return [(r["gold"], r["response"], r["equivalent"], None) for f in files
            for r in map(json.loads, f.read_text(encoding="utf-8").splitlines()) if r]


def _model_finals() -> list[Item]:
    """The hand-written model finals of tests/answers/model_finals.py, with the problem the task passes."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "answers"))
    from model_finals import ROWS

    from imobench.data import load

    problems = {r.problem_id: r for r in load("answerbench").rows}
    out = []
    for _, ref, response, equivalent in ROWS:
        row = problems.get(ref.removeprefix("pid:")) if ref.startswith("pid:") else None
        out.append((row.short_answer if row else ref, response, equivalent, row.problem if row else None))
    return out


def load_sets(limit: int | None) -> dict[str, list[Item]]:
    """External suites first (read in place from ../shared), then our own sets: hand-written model finals
    and the set generated from the golds by bench/answer_cases.py."""
    from answer_cases import labelled_cases

    from imobench.data import load

    golds = [(r.problem_id, r.short_answer) for r in load("answerbench").rows]
    cases = [(c.gold, c.response, c.equivalent, None) for c in labelled_cases(golds)]
    sets = {
        "peer: math-verify suite (247)": _peer([PEER]),
        "peer: 11 more projects (140)": _peer(sorted((PEER.parent / "more").glob("*.jsonl"))),
        "own: hand-written model finals": _model_finals(),
        "own: generated from AnswerBench golds": cases,
    }
    return {k: v[:limit] if limit else v for k, v in sets.items()}


def imobench_inprocess() -> Callable[..., str]:
    from imobench.answers.check import check_unbounded

    return lambda g, r, problem=None: check_unbounded(g, r, problem=problem).verdict


def imobench_bounded() -> Callable[..., str]:
    from imobench.answers.bounded import BoundedRunner
    from imobench.answers.budget import CheckerBudget

    runner = BoundedRunner(CheckerBudget(workers=1, timeout_s=10))
    runner.check("1", "1")  # start the worker outside the timing
    return lambda g, r, problem=None: runner.check(g, r, problem=problem).verdict


def math_verify() -> Callable[..., str]:
    from math_verify import parse, verify

    def run(g: str, r: str, problem: str | None = None) -> str:
        try:
            return "correct" if verify(parse(g), parse(r)) else "incorrect"
        except Exception:  # noqa: BLE001 - a crash counts as undecided
            return "undecided"

    run("1", "1")
    return run


def inspect_math() -> Callable[..., str]:
    from inspect_ai.model import ModelName, ModelOutput
    from inspect_ai.scorer import Target
    from inspect_ai.scorer import math as math_scorer
    from inspect_ai.solver import TaskState

    scorer = math_scorer()
    loop = asyncio.new_event_loop()

    def run(g: str, r: str, problem: str | None = None) -> str:
        state = TaskState(
            model=ModelName("mockllm/model"), sample_id=1, epoch=1, input="", messages=[],
            output=ModelOutput.from_content("mockllm/model", r),
        )
        try:
            score = loop.run_until_complete(scorer(state, Target(g)))
        except Exception:  # noqa: BLE001 - an unparseable target counts as undecided
            return "undecided"
        if score.value == "C":
            return "correct"
        return "incorrect" if score.value == "I" else "undecided"

    run("1", "1")
    return run


def measure(check: Callable[..., str], items: list[Item]) -> dict:
    right = fp = fn = undecided = 0
    negatives = sum(1 for _, _, eq, _ in items if not eq)
    started = time.perf_counter()
    for gold, response, equivalent, problem in items:
        verdict = check(gold, response, problem)
        if verdict == "undecided":
            undecided += 1
        elif (verdict == "correct") == equivalent:
            right += 1
        elif verdict == "correct":
            fp += 1
        else:
            fn += 1
    elapsed = time.perf_counter() - started
    return {
        "n": len(items), "accuracy": right / len(items), "fp_per_1000": 1000 * fp / max(negatives, 1),
        "fp": fp, "fn": fn, "undecided": undecided, "ms_per_item": 1000 * elapsed / len(items),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N items of each set")
    args = parser.parse_args()
    os.environ.setdefault("IMOBENCH_DATA_DIR", str(PEER.parents[1] / "imobench"))
    sets = load_sets(args.limit)
    checkers = {
        "imobench (in-process)": imobench_inprocess,
        "imobench (bounded runner)": imobench_bounded,
        "math-verify": math_verify,
        "inspect math()": inspect_math,
    }
    results: dict[str, dict[str, dict]] = {}
    for name, make in checkers.items():
        try:
            check = make()
        except Exception as err:  # noqa: BLE001
            print(f"{name}: not available ({err})")
            continue
        results[name] = {label: measure(check, items) for label, items in sets.items()}
    for label, items in sets.items():
        positives = sum(1 for _, _, eq, _ in items if eq)
        print(f"\n== {label}: {len(items)} items ({positives} equivalent, {len(items) - positives} not)")
        print(f"{'checker':<28}{'accuracy':>9}{'FP/1000':>9}{'FP':>5}{'FN':>5}{'undec.':>8}{'ms/item':>9}")
        for name, per_set in results.items():
            r = per_set[label]
            print(f"{name:<28}{100 * r['accuracy']:>8.2f}%{r['fp_per_1000']:>9.2f}{r['fp']:>5}{r['fn']:>5}{r['undecided']:>8}{r['ms_per_item']:>9.2f}")
    if "math-verify" in results:
        for label in sets:
            mv = results["math-verify"][label]["ms_per_item"]
            for name in ("imobench (in-process)", "imobench (bounded runner)"):
                if name in results:
                    print(f"{label}: {name} is {mv / results[name][label]['ms_per_item']:.1f}x math-verify's speed per item")


if __name__ == "__main__":
    main()
