"""Dashboard load time over many logs: first render of the leaderboard, and a cached re-render.

Builds N logs of S AnswerBench samples (one real mockllm run of S samples, copied under N model
names with Inspect's log API), then times the leaderboard page under streamlit's AppTest: the first
run (cold cache) and a second run (cached).  Target (issue 6): 100 logs x 400 samples, first render
<= 3 s, cached <= 0.5 s.

    IMOBENCH_DATA_DIR=../shared/data/imobench .venv/bin/python bench/dashboard_load.py [--logs 100] [--samples 400]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def build_logs(folder: Path, n_logs: int, n_samples: int) -> None:
    from inspect_ai import eval as inspect_eval
    from inspect_ai.log import write_eval_log

    import imobench._registry  # noqa: F401 - offline defaults (tiktoken file from litellm)
    from imobench.tasks.answerbench import answerbench

    with tempfile.TemporaryDirectory() as seed_dir:
        [log] = inspect_eval(answerbench(), model="mockllm/model", limit=n_samples, log_dir=seed_dir, display="none")
        if log.status != "success" or len(log.samples or []) != n_samples:
            raise SystemExit(f"the seed run failed ({log.status}): {log.error}")
        for i in range(n_logs):
            log.eval.model = f"mockllm/model-{i:03d}"
            log.eval.eval_id = f"bench-{i:03d}"
            write_eval_log(log, str(folder / f"bench-{i:03d}.eval"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--logs", type=int, default=100)
    parser.add_argument("--samples", type=int, default=400)
    args = parser.parse_args()
    os.environ.setdefault("IMOBENCH_DATA_DIR", str(ROOT.parent / "shared" / "data" / "imobench"))
    from streamlit.testing.v1 import AppTest

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        build_logs(folder, args.logs, args.samples)
        print(f"built {args.logs} logs x {args.samples} samples in {time.perf_counter() - started:.1f} s")
        os.environ["IMOBENCH_LOG_DIR"] = str(folder)
        at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=600)
        started = time.perf_counter()
        at.run()
        first = time.perf_counter() - started
        assert not at.exception, at.exception
        rows = len(at.dataframe[0].value) if at.dataframe else 0
        started = time.perf_counter()
        at.run()
        cached = time.perf_counter() - started
    print(f"leaderboard ({rows} model rows) first render {first:.2f} s (target <= 3 s); cached render {cached:.2f} s (target <= 0.5 s)")


if __name__ == "__main__":
    main()
