#!/usr/bin/env bash
# The README's main job: install imobench into ./.venv (pinned by requirements.lock) and run it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
if [ -z "${IMOBENCH_DATA_DIR:-}" ] && [ -d ../shared/data/imobench ]; then
  export IMOBENCH_DATA_DIR=$(cd ../shared/data/imobench && pwd)
fi
.venv/bin/imobench data list
.venv/bin/imobench data validate answerbench
.venv/bin/imobench data validate proofbench
