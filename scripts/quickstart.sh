#!/usr/bin/env bash
# The README's main job, with no API key: install imobench into ./.venv (pinned by requirements.lock;
# the local model's llama-cpp-python is built once for any CPU, about 6-10 minutes on 2 cores), then run
# `imobench quickstart`: a local Gemma 3 270M server, a small AnswerBench and ProofBench run graded by it,
# Inspect logs in logs/quickstart, and the report. The commands it prints work from where you ran this.
set -euo pipefail
export IMOBENCH_CALLER_CWD=$PWD
cd "$(dirname "$0")/.."
bash scripts/install.sh
if [ -z "${IMOBENCH_DATA_DIR:-}" ] && [ -d ../shared/data/imobench ]; then
  export IMOBENCH_DATA_DIR=$(cd ../shared/data/imobench && pwd)
fi
exec .venv/bin/imobench quickstart --log-dir logs/quickstart "$@"
