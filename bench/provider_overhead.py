"""litellm provider vs Inspect's own OpenAI-compatible provider, measured as a user runs them.

Each run is a fresh `inspect eval imobench/answerbench` process (imports, provider construction,
the answer checker's workers, the log write: everything a user waits for), against one loopback
OpenAI-compatible server (tests/fake_openai.py) that answers each request after `--delay` seconds,
at `--max-connections`.  Per path and run: the full run (`--samples`, 400 by default) and a
`--limit 1` run (start-up).  The two paths alternate inside each round so that a busy spell of the
machine falls on both.  Prints every run, then per path the median and range, and the ratios
litellm / built-in with their range over rounds, beside the targets (issue 14): start-up within
2 s of `openai-api`, total within 1.15x; a lost sample (no completion in the log) is flagged.

The answer checker's worker start-up is part of both paths equally; it is not the provider's.

    IMOBENCH_DATA_DIR=../shared/data/imobench .venv/bin/python bench/provider_overhead.py [--runs 4]
"""

from __future__ import annotations

import argparse
import math
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

STARTUP_TARGET_S = 2.0  # litellm start-up minus openai-api start-up
TOTAL_TARGET_RATIO = 1.15  # litellm total / openai-api total, medians
RUN_TIMEOUT_S = 900  # one `inspect eval` process; a hung run is reported, not waited on forever

PATHS = {
    "litellm": ("litellm/openai/bench", ["-M", "api_key=local"], {}),
    "openai-api": ("openai-api/local/bench", [], {"LOCAL_API_KEY": "local"}),
}


def one_run(model: str, extra_args: list[str], extra_env: dict[str, str], base_url: str, limit: int,
            connections: int, display: str) -> tuple[float, float, int]:
    """Wall time and CPU time (the process and the checker workers it reaped) of one fresh
    `inspect eval` process, and the number of samples with a completion.  CPU time is the steadier
    figure on a shared machine; wall time is what the user waits."""
    from inspect_ai.log import read_eval_log

    exe = Path(sys.executable).with_name("inspect")
    with tempfile.TemporaryDirectory() as logs:
        cmd = [str(exe), "eval", "imobench/answerbench", "--model", model, "--model-base-url", base_url,
               *extra_args, "--limit", str(limit), "--max-connections", str(connections),
               "--log-dir", logs, "--display", display]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, **extra_env}, timeout=RUN_TIMEOUT_S)
        elapsed = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        if proc.returncode != 0:
            sys.exit(f"{' '.join(cmd)} exited {proc.returncode}:\n{proc.stdout[-2000:]}{proc.stderr[-3000:]}")
        [path] = Path(logs).glob("*.eval")
        log = read_eval_log(str(path))
        done = sum(1 for s in (log.samples or []) if s.output and s.output.completion)
    return elapsed, cpu, done


def spread(values: list[float]) -> str:
    return f"median {statistics.median(values):7.2f}  range {min(values):7.2f} – {max(values):7.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=400)
    parser.add_argument("--delay", type=float, default=0.5)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--runs", type=int, default=4, help="rounds; each round runs both paths, start-up and full")
    parser.add_argument("--display", default="none", help="Inspect's --display for the runs (none, plain, full)")
    args = parser.parse_args()
    os.environ.setdefault("IMOBENCH_DATA_DIR", str(ROOT.parent / "shared" / "data" / "imobench"))
    from tests.fake_openai import FakeOpenAI

    startup: dict[str, list[float]] = {name: [] for name in PATHS}
    total: dict[str, list[float]] = {name: [] for name in PATHS}
    startup_cpu: dict[str, list[float]] = {name: [] for name in PATHS}
    total_cpu: dict[str, list[float]] = {name: [] for name in PATHS}
    lost: dict[str, int] = {name: 0 for name in PATHS}
    with FakeOpenAI(lambda body: "The answer is \\boxed{2}.", delay=args.delay) as server:
        for round_no in range(args.runs):
            order = list(PATHS) if round_no % 2 == 0 else list(reversed(PATHS))
            for name in order:
                model, extra_args, env = PATHS[name]
                one, one_cpu, _ = one_run(model, extra_args, env, server.base_url, 1, args.connections, args.display)
                full, full_cpu, done = one_run(model, extra_args, env, server.base_url, args.samples, args.connections, args.display)
                startup[name].append(one)
                total[name].append(full)
                startup_cpu[name].append(one_cpu)
                total_cpu[name].append(full_cpu)
                lost[name] += args.samples - done
                print(f"round {round_no + 1} {name:<10} limit-1 {one:6.2f} s (cpu {one_cpu:6.2f} s)  "
                      f"full {full:6.2f} s (cpu {full_cpu:6.2f} s)  samples {done}/{args.samples}", flush=True)

    ideal = math.ceil(args.samples / args.connections) * args.delay
    print(f"\n{args.runs} rounds of fresh `inspect eval` processes; {args.samples} samples, server delay {args.delay} s, "
          f"max_connections {args.connections}; latency-bound ideal {ideal:.2f} s")
    for name in PATHS:
        print(f"{name:<10} start-up (limit 1) {spread(startup[name])} s   total {spread(total[name])} s   lost samples {lost[name]}")
        print(f"{'':<10}   cpu              {spread(startup_cpu[name])} s         {spread(total_cpu[name])} s")
    a, b = "litellm", "openai-api"
    start_gap = [x - y for x, y in zip(startup[a], startup[b])]
    ratios = [x / y for x, y in zip(total[a], total[b])]
    steady = [(xa - xo) / (ya - yo) for xa, xo, ya, yo in zip(total[a], startup[a], total[b], startup[b])]
    gap_of_medians = statistics.median(startup[a]) - statistics.median(startup[b])
    ratio_of_medians = statistics.median(total[a]) / statistics.median(total[b])
    print(f"start-up gap litellm − openai-api: medians {gap_of_medians:+.2f} s; per round {spread(start_gap)} s "
          f"(target <= {STARTUP_TARGET_S} s)")
    print(f"total ratio litellm / openai-api:  medians {ratio_of_medians:.3f}; per round {spread(ratios)} "
          f"(target <= {TOTAL_TARGET_RATIO})")
    print(f"steady-state ratio (total − start-up), per round {spread(steady)}")
    cpu_gap = [x - y for x, y in zip(startup_cpu[a], startup_cpu[b])]
    cpu_ratio = [x / y for x, y in zip(total_cpu[a], total_cpu[b])]
    print(f"cpu: start-up gap per round {spread(cpu_gap)} s; total ratio per round {spread(cpu_ratio)}")
    if any(lost.values()):
        print("LOST SAMPLES: " + ", ".join(f"{k} {v}" for k, v in lost.items() if v))


if __name__ == "__main__":
    main()
