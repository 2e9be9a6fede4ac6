#!/usr/bin/env bash
# `npm run bench`: figures against a baseline measured in the same run, in a
# loopback-only namespace; writes bench-results.json at the repository root.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec bash scripts/in-loopback-namespace.sh node --import tsx tests/bench/run-bench.ts "$@"
