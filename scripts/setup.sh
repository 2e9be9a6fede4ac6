#!/usr/bin/env bash
# Idempotent setup for a fresh Debian 12 machine (run as root for apt):
# system packages the tests and the demo server need, npm dependencies, and
# the build. Safe to run again: it only does what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v kamailio >/dev/null 2>&1 || [ -x /usr/sbin/kamailio ] || need_apt+=(kamailio)
[ -f /usr/lib/x86_64-linux-gnu/kamailio/modules/websocket.so ] || ls /usr/lib/*/kamailio/modules/websocket.so >/dev/null 2>&1 || need_apt+=(kamailio-websocket-modules)
modules=$(ls -d /usr/lib/*/kamailio/modules 2>/dev/null | head -1 || true)
# TLS for SIP over TLS accounts, presence/dialog/MWI for busy lamps and voicemail.
[ -n "$modules" ] && [ -f "$modules/tls.so" ] || need_apt+=(kamailio-tls-modules)
[ -n "$modules" ] && [ -f "$modules/presence.so" ] || need_apt+=(kamailio-presence-modules)
[ -n "$modules" ] && [ -f "$modules/outbound.so" ] || need_apt+=(kamailio-outbound-modules)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
# Independent peers over plain SIP and RTP: SIPp scripts and the baresip softphone.
command -v sipp >/dev/null 2>&1 || need_apt+=(sip-tester)
command -v baresip >/dev/null 2>&1 || need_apt+=(baresip-core)
command -v sox >/dev/null 2>&1 || need_apt+=(sox)
# The loopback RTP sniffer of the baresip e2e (tests/support/loopback-rtp-sniffer.ts) reads raw packets with python3.
command -v python3 >/dev/null 2>&1 || need_apt+=(python3)
command -v ip >/dev/null 2>&1 || need_apt+=(iproute2)
command -v unshare >/dev/null 2>&1 || need_apt+=(util-linux)
# CJK glyphs, so the Chinese UI renders in screenshots.
[ -d /usr/share/fonts/truetype/wqy ] || need_apt+=(fonts-wqy-microhei)

if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing system packages: ${need_apt[*]}. Install them with: sudo apt-get install ${need_apt[*]}" >&2
    exit 1
  fi
  echo "Installing system packages: ${need_apt[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

# Electron's binary cannot always be downloaded; the tests never need it.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing npm dependencies"
  ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
fi

npm run build --silent
