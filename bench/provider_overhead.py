"""litellm provider vs Inspect's own OpenAI-compatible provider, one run, same local server.

400 AnswerBench samples against a local OpenAI-compatible server (tests/fake_openai.py) that answers
each request after 0.5 s, at max_connections 64, through `litellm/openai/...` and through
`openai-api/local/...`.  Steady-state cost = wall time of 400 samples minus that of `--limit 1`.
Both paths are warmed up first (imports, checker workers), so one-time costs fall in neither.
Prints both, their ratio (target: litellm <= 1.15 x built-in), lost samples, and each path's ratio
to the latency-bound ideal ceil(400/64) x 0.5 s.

    IMOBENCH_DATA_DIR=../shared/data/imobench .venv/bin/python bench/provider_overhead.py [--samples 400]
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def run(model: str, base_url: str, limit: int, connections: int, extra_env: dict[str, str]) -> tuple[float, int, int]:
    from inspect_ai import eval as inspect_eval

    from imobench.tasks.answerbench import answerbench

    os.environ.update(extra_env)
    with tempfile.TemporaryDirectory() as logs:
        started = time.perf_counter()
        [log] = inspect_eval(
            answerbench(), model=model, model_base_url=base_url, model_args={"api_key": "local"} if model.startswith("litellm/") else {},
            limit=limit, max_connections=connections, log_dir=logs, display="none", log_samples=True,
        )
        elapsed = time.perf_counter() - started
        done = sum(1 for s in (log.samples or []) if s.output and s.output.completion)
    return elapsed, done, limit


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=400)
    parser.add_argument("--delay", type=float, default=0.5)
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args()
    os.environ.setdefault("IMOBENCH_DATA_DIR", str(ROOT.parent / "shared" / "data" / "imobench"))
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    from tests.fake_openai import FakeOpenAI

    with FakeOpenAI(lambda body: "The answer is \\boxed{2}.", delay=args.delay) as server:
        paths = {
            "litellm (litellm/openai/bench)": ("litellm/openai/bench", {}),
            "built-in (openai-api/local/bench)": ("openai-api/local/bench", {"LOCAL_API_KEY": "local"}),
        }
        results = {}
        for model, env in paths.values():  # warm-up: imports, checker workers, connection pools
            run(model, server.base_url, 2, args.connections, env)
        for name, (model, env) in paths.items():
            one, _, _ = run(model, server.base_url, 1, args.connections, env)
            full, done, n = run(model, server.base_url, args.samples, args.connections, env)
            results[name] = (full, one, done, n)
    ideal = math.ceil(args.samples / args.connections) * args.delay
    print(f"{args.samples} samples, server delay {args.delay} s, max_connections {args.connections}; latency-bound ideal {ideal:.2f} s")
    steady = {}
    for name, (full, one, done, n) in results.items():
        steady[name] = full - one
        print(f"{name:<36} full {full:7.2f} s  limit-1 {one:6.2f} s  steady {full - one:7.2f} s  "
              f"{(full - one) / ideal:5.2f}x ideal  samples {done}/{n}{'' if done == n else '  LOST SAMPLES'}")
    a, b = steady.values()
    print(f"litellm steady-state / built-in steady-state = {a / b:.3f} (target <= 1.15)")


if __name__ == "__main__":
    main()
