#!/usr/bin/env bash
# Runs Kamailio as the presence server of conformance/targets/kamailio/presence.cfg in the foreground
# (Ctrl-C stops it), on the config's well-known ports (UDP/TCP 5060, WebSocket 8080), with fresh
# db_text tables under /tmp/kamailio-presence. For examples/presence.ts; the tests start their own.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNDIR=/tmp/kamailio-presence
mkdir -p "$RUNDIR/dbtext"
for table in version presentity active_watchers watchers xcap pua; do
  cp /usr/share/kamailio/dbtext/kamailio/$table "$RUNDIR/dbtext/"
done
exec kamailio -f conformance/targets/kamailio/presence.cfg -DD -E -m 128
