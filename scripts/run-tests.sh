#!/usr/bin/env bash
# The whole test suite: sets up what is missing, then runs unit, integration
# (Node + real Kamailio), end-to-end (Debian Chromium + real WebRTC audio)
# and Electron tests (skipped, with a message, where no Electron binary is
# installed) in one node:test run inside a loopback-only network namespace.
#
# A failed integration or end-to-end file runs once more (at most
# MAX_RETRIED_FILES of them; never a unit file): real browsers, servers and
# audio on a busy machine now and then miss a moment, and one such miss in
# 90 files should not hide the other 760 results. A file that passes only on
# the second run is named in test-results/flaky.txt and in the last lines,
# so it is seen and fixed, not forgotten. A real regression fails twice.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

MAX_RETRIED_FILES=3
shopt -s globstar nullglob
files=(tests/unit/**/*.test.ts tests/integration/**/*.test.ts tests/e2e/**/*.test.ts tests/electron/**/*.test.ts)
mkdir -p test-results
rm -f test-results/flaky.txt

# --test-timeout bounds each test file as a whole (files run in their own process): the lamps file took over 3 min on a loaded machine.
run() {
  local tap=$1
  shift
  bash scripts/in-loopback-namespace.sh \
    node --import tsx --test --test-concurrency=1 --test-timeout=300000 \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$tap" \
    "$@"
}

# One plain closing line, whatever reporter the reader understands.
count() { grep -E "^# $1 [0-9]+" "$2" | tail -1 | awk '{print $3}'; }
summary() { echo "$(count pass "$1") passed, $(count fail "$1") failed, $(count skipped "$1") skipped"; }

# The files a failure points at, relative to here (the TAP gives each failure's location).
failed_files() {
  grep -oE "location: '[^']+\.test\.ts" "$1" | sed -E "s|location: '||; s|^$PWD/||" | sort -u
}

tap=test-results/results.tap
status=0
run "$tap" "${files[@]}" || status=$?
summary "$tap"
if [ "$status" -eq 0 ]; then exit 0; fi

mapfile -t failed < <(failed_files "$tap")
retryable=${#failed[@]}
for file in "${failed[@]}"; do
  case "$file" in tests/integration/* | tests/e2e/*) ;; *) retryable=0 ;; esac
done
if [ "$retryable" -eq 0 ] || [ "$retryable" -gt "$MAX_RETRIED_FILES" ]; then exit "$status"; fi

echo "Running the ${#failed[@]} failed file(s) once more: ${failed[*]}"
retry_tap=test-results/retry.tap
retry_status=0
run "$retry_tap" "${failed[@]}" || retry_status=$?
echo "the second run: $(summary "$retry_tap")"
if [ "$retry_status" -ne 0 ]; then exit "$retry_status"; fi
printf '%s\n' "${failed[@]}" > test-results/flaky.txt
echo "FLAKY (failed once, passed when run again; see test-results/flaky.txt): ${failed[*]}"
exit 0
