#!/usr/bin/env bash
# Install imobench into ./.venv exactly as pinned by requirements.lock (used by quickstart.sh and test.sh).
#
# pip's output goes to a log file whose path is printed; the terminal gets one line per step. The local
# model's engine, llama-cpp-python, is not taken from the lock's plain pin: pip would build it for this
# machine's full instruction set (or reuse such a build from its cache), and that library dies with SIGILL
# on CPUs and VMs without those instructions. `python -m imobench.local.build` builds it once for any CPU
# of this architecture, keeps that wheel in imobench's cache and checks what is installed.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
started=$SECONDS
[ -x .venv/bin/python ] || { echo "install: creating .venv with $("$PYTHON" --version 2>&1)"; "$PYTHON" -m venv .venv; }
log=$(pwd)/.venv/install.log
: >"$log"
step() {  # step DESCRIPTION COMMAND...: run quietly into the log; on failure show its tail
  local what=$1; shift
  printf 'install: %s ... ' "$what"
  local t=$SECONDS
  if "$@" >>"$log" 2>&1; then
    echo "done ($((SECONDS - t)) s)"
  else
    echo "FAILED"
    echo "install: the last lines of $log:" >&2
    tail -n 25 "$log" >&2
    exit 1
  fi
}
lock=$(mktemp)
trap 'rm -f "$lock"' EXIT
grep -v '^llama-cpp-python==' requirements.lock >"$lock"
echo "install: pip's output goes to $log"
step "pinned dependencies from requirements.lock" .venv/bin/python -m pip install --disable-pip-version-check -r "$lock"
step "imobench (editable)" .venv/bin/python -m pip install --disable-pip-version-check --no-deps --no-build-isolation -e .
.venv/bin/python -m imobench.local.build
echo "install: done in $((SECONDS - started)) s"
