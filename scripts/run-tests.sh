#!/usr/bin/env bash
# The whole test suite: sets up what is missing, then runs unit, integration
# (Node + real Kamailio), end-to-end (Debian Chromium + real WebRTC audio)
# and Electron tests (skipped, with a message, where no Electron binary is
# installed) in one node:test run inside a loopback-only network namespace.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

shopt -s globstar nullglob
files=(tests/unit/**/*.test.ts tests/integration/**/*.test.ts tests/e2e/**/*.test.ts tests/electron/**/*.test.ts)
exec bash scripts/in-loopback-namespace.sh \
  node --import tsx --test --test-concurrency=1 --test-timeout=180000 --test-reporter=spec "${files[@]}"
