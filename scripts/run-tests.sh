#!/usr/bin/env bash
# The whole test suite: sets up what is missing, then runs unit, integration
# (Node + real Kamailio), end-to-end (Debian Chromium + real WebRTC audio)
# and Electron tests (skipped, with a message, where no Electron binary is
# installed) in one node:test run inside a loopback-only network namespace.
set -euo pipefail
# --test-timeout bounds each test file as a whole (files run in their own process): the lamps file took over 3 min on a loaded machine.
cd "$(dirname "$0")/.."
bash scripts/setup.sh

shopt -s globstar nullglob
files=(tests/unit/**/*.test.ts tests/integration/**/*.test.ts tests/e2e/**/*.test.ts tests/electron/**/*.test.ts)
mkdir -p test-results
tap=test-results/results.tap
status=0
bash scripts/in-loopback-namespace.sh \
  node --import tsx --test --test-concurrency=1 --test-timeout=300000 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$tap" \
  "${files[@]}" || status=$?

# One plain closing line, whatever reporter the reader understands.
count() { grep -E "^# $1 [0-9]+" "$tap" | tail -1 | awk '{print $3}'; }
echo "$(count pass) passed, $(count fail) failed, $(count skipped) skipped"
exit "$status"
