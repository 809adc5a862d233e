#!/usr/bin/env bash
# The README's main job: install imobench into ./.venv (pinned by requirements.lock) and run it.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements.lock
.venv/bin/python -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
if [ -z "${IMOBENCH_DATA_DIR:-}" ] && [ -d ../shared/data/imobench ]; then
  export IMOBENCH_DATA_DIR=$(cd ../shared/data/imobench && pwd)
fi
.venv/bin/imobench data list
.venv/bin/imobench data validate answerbench
.venv/bin/imobench data validate proofbench
