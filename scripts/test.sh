#!/usr/bin/env bash
# The whole suite: pytest (unit, action, HTTP against the running servers),
# Rasa's data validation and the test stories. Any failure fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
export PYTHONPATH=$PWD
mkdir -p results

echo "== pytest"
# One worker per core (at most 4: each server-backed file starts ~1.8 GiB of servers);
# a file's tests stay on one worker, so its module- and session-scoped servers start once there.
.venv/bin/python -m pytest -q --numprocesses=auto --maxprocesses=4 --dist loadfile "$@"

echo "== rasa data validate"
.venv/bin/rasa data validate --fail-on-warnings --quiet

echo "== rasa test (test stories)"
.venv/bin/rasa test core --model models/flarecare.tar.gz --stories tests/stories \
  --fail-on-prediction-errors --out results/stories --quiet
echo "all checks passed"
