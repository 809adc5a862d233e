#!/usr/bin/env bash
# The test command of the README (and of CI, which runs exactly this): install, then run every test.
# Installs into ./.venv from requirements.lock, so CI and users resolve the same versions.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
# The dashboard's browser test drives Debian's Chromium (no browser download); install it if missing.
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "scripts/test.sh: Debian's chromium is missing; install it (apt-get install chromium) for the browser test" >&2
  fi
fi
export IMOBENCH_DATA_DIR=${IMOBENCH_DATA_DIR:-$(cd .. && pwd)/shared/data/imobench}
exec .venv/bin/python -m pytest "$@"
