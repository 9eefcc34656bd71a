#!/usr/bin/env bash
# Installs everything sipforge's tests need on a fresh Debian bookworm machine:
# the real SIP peers (SIPp, Kamailio with WebSocket and presence), openssl (the TLS tests make a
# self-signed certificate) and chromium (the browser tests drive it headless through
# playwright-core, at /usr/bin/chromium) from Debian, then the npm packages.
set -euo pipefail
cd "$(dirname "$0")/.."

if command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends \
    sip-tester kamailio kamailio-websocket-modules kamailio-presence-modules openssl chromium
else
  echo "apt-get not found: install SIPp and Kamailio (with its websocket module) yourself" >&2
fi

# `npm install` honours package-lock.json; `npm ci` is not used because npm 11 leaves rollup's
# per-platform optional packages out of the lock file and then refuses it as out of sync.
npm install --no-audit --no-fund
