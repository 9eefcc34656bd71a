#!/usr/bin/env bash
# Health of the SIP WebSocket: one WebSocket opening handshake (RFC 6455 §4.1, subprotocol "sip" as
# RFC 7118 §5 asks) to ws://HOST:PORT/PATH; succeeds when the server answers 101 Switching Protocols.
#
#   ws-health.sh [--wait SECONDS] [HOST [PORT [PATH]]]     defaults: 127.0.0.1 8088 /ws
#
# With --wait it probes every half second until a 101 comes or SECONDS have passed. The compose
# file's healthcheck runs it inside the asterisk container (host network: the same 127.0.0.1);
# anyone can run it on the host too. Needs only bash and coreutils.
set -u

wait_s=0
if [ "${1:-}" = "--wait" ]; then
  wait_s="${2:?--wait takes a number of seconds}"
  shift 2
fi
host="${1:-127.0.0.1}"
port="${2:-8088}"
path="${3:-/ws}"

# A fixed key is fine: the probe does not check Sec-WebSocket-Accept, only the status line.
probe() {
  timeout 3 bash -c '
    exec 3<>"/dev/tcp/$0/$1" || exit 1
    printf "GET %s HTTP/1.1\r\nHost: %s:%s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: c2lwZm9yZ2UtaGVhbHRoIQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: sip\r\n\r\n" "$2" "$0" "$1" >&3
    IFS= read -r status <&3 || exit 1
    [[ "$status" == "HTTP/1.1 101"* ]]
  ' "$host" "$port" "$path" 2>/dev/null
}

deadline=$(( $(date +%s) + wait_s ))
until probe; do
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "ws-health: no 101 from ws://$host:$port$path" >&2
    exit 1
  fi
  sleep 0.5
done
