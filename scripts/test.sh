#!/usr/bin/env bash
# The test command of the README (and of CI, which runs exactly this): install, then run every test.
# Installs into ./.venv from requirements.lock, so CI and users resolve the same versions.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements.lock
.venv/bin/python -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
export IMOBENCH_DATA_DIR=${IMOBENCH_DATA_DIR:-$(cd .. && pwd)/shared/data/imobench}
exec .venv/bin/python -m pytest "$@"
