#!/usr/bin/env bash
# Runs a command in a fresh network namespace that has only `lo`, so every
# SIP and WebRTC packet of the tests stays on 127.0.0.1 (Chromium would
# otherwise also gather ICE candidates on the machine's other interfaces).
# Without root or unshare it runs the command as it is, and says so.
set -euo pipefail
if [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null 2>&1 && unshare --net true 2>/dev/null; then
  exec unshare --net bash -c 'ip link set lo up && exec "$@"' bash "$@"
fi
echo "note: not root (or no unshare): running without a private network namespace" >&2
exec "$@"
