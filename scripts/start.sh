#!/usr/bin/env bash
# `npm start`: sets up what is missing and builds, then starts the desktop
# app. Where no Electron binary is installed (it is downloaded from outside
# the npm registry, which is not always reachable) or no display is there to
# show a window, it says so and starts the browser mode instead: the same
# core and UI, served to a browser at the address it prints.
# Arguments are passed on, e.g. `npm start -- --profile=/tmp/second-phone`.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh

# Prints the Electron executable's path, or nothing; never downloads.
# The same lookup decides whether tests/electron run or skip.
electron_bin="$(node --import tsx scripts/electron-binary.ts)"

if [ -n "$electron_bin" ]; then
  if [ "$(uname -s)" = Linux ] && [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "No display (DISPLAY and WAYLAND_DISPLAY are unset), so the desktop app cannot open its window here." >&2
  else
    electron_args=()
    # Chromium's sandbox cannot run as root.
    if [ "$(id -u)" -eq 0 ]; then electron_args+=(--no-sandbox); fi
    # Runs the same binary `npx electron .` would, without its download step.
    exec "$electron_bin" ${electron_args[@]+"${electron_args[@]}"} . "$@"
  fi
else
  cat >&2 <<'EOF'
The Electron binary is not installed on this machine, so the desktop app cannot start here.
To get it:
  - where the internet is reachable: npx install-electron   (or any `npx electron` run; it downloads
    the binary into node_modules/electron)
  - or point ELECTRON_OVERRIDE_DIST_PATH at a folder that holds an Electron executable of the version
    in package.json, e.g. ELECTRON_OVERRIDE_DIST_PATH=/opt/electron-v45 npm start
EOF
  if [ -n "${ELECTRON_OVERRIDE_DIST_PATH:-}" ]; then
    echo "(ELECTRON_OVERRIDE_DIST_PATH=$ELECTRON_OVERRIDE_DIST_PATH is set but holds no Electron executable.)" >&2
  fi
fi

echo "Starting the browser mode instead: open the address printed below in a browser." >&2
exec npx tsx main/host/browser-host-cli.ts "$@"
