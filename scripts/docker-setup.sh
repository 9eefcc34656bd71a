#!/usr/bin/env bash
# Makes a Docker engine and the base image of docker/ available on a Debian bookworm machine
# that ships no engine (or only the `docker` client) and reaches no image registry:
#   1. installs Debian's docker.io (Docker 20.10) and docker-compose (Compose v1.29), and
#      debootstrap, when `dockerd` / `docker-compose` are missing;
#   2. starts dockerd when `docker info` fails, with its data root, pid file and log under
#      $SIPFORGE_DOCKER_DIR (default /var/lib/sipforge-docker), and waits until it answers;
#   3. when the local image store has no debian:bookworm-slim, makes one from Debian's
#      packages (debootstrap --variant=minbase, then docker import), from the Debian mirror
#      that apt's own sources name (override with DEBIAN_MIRROR). A machine that reaches
#      Docker Hub does not need this: `docker pull debian:bookworm-slim` gives the real image.
#
#   bash scripts/docker-setup.sh          # all of the above; prints what it did and how long it took
#   bash scripts/docker-setup.sh --stop   # stops the dockerd this script started (by its pid file)
#
# Runs as root (through sudo when started by another user). Nothing here runs on `npm test`: see the README's
# "Docker harness" section for `npm run test:docker` and `npm run conformance -- --target asterisk`.
set -euo pipefail

DIR="${SIPFORGE_DOCKER_DIR:-/var/lib/sipforge-docker}"
PIDFILE="$DIR/dockerd.pid"
BASE_IMAGE="debian:bookworm-slim"
SUITE="bookworm"

# dockerd, debootstrap and the engine's socket need root.
if [ "$(id -u)" -ne 0 ]; then exec sudo -E bash "$0" "$@"; fi

log() { printf 'docker-setup: %s\n' "$*" >&2; }
since() { echo "$(( $(date +%s) - $1 )) s"; }

stop_engine() {
  if [ ! -s "$PIDFILE" ]; then
    log "no dockerd started by this script ($PIDFILE absent)"
    return 0
  fi
  local pid
  pid="$(cat "$PIDFILE")"
  if ! kill -0 "$pid" 2>/dev/null; then
    log "dockerd $pid is not running"
    rm -f "$PIDFILE"
    return 0
  fi
  log "stopping dockerd $pid"
  kill -TERM "$pid"
  for _ in $(seq 1 150); do
    kill -0 "$pid" 2>/dev/null || { log "dockerd $pid stopped"; return 0; }
    sleep 0.2
  done
  log "dockerd $pid did not stop within 30 s; sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
}

install_packages() {
  local missing=()
  command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
  command -v docker-compose >/dev/null 2>&1 || docker compose version >/dev/null 2>&1 || missing+=(docker-compose)
  command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
  if [ "${#missing[@]}" -eq 0 ]; then return 0; fi
  if ! command -v apt-get >/dev/null 2>&1; then
    log "apt-get not found: install ${missing[*]} yourself"
    exit 1
  fi
  local start
  start=$(date +%s)
  log "installing ${missing[*]} from Debian"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  log "packages installed in $(since "$start")"
}

start_engine() {
  if docker info >/dev/null 2>&1; then
    log "a Docker engine already answers; not starting one"
    return 0
  fi
  local start pid
  start=$(date +%s)
  mkdir -p "$DIR/data"
  log "starting dockerd (data root $DIR/data, log $DIR/dockerd.log)"
  # setsid: the engine outlives this script and the terminal it ran in; --pidfile is its own
  # record of its pid, which `--stop` reads.
  setsid dockerd --data-root "$DIR/data" --pidfile "$PIDFILE" >>"$DIR/dockerd.log" 2>&1 < /dev/null &
  for _ in $(seq 1 120); do
    if docker info >/dev/null 2>&1; then
      pid="$(cat "$PIDFILE" 2>/dev/null || echo '?')"
      log "dockerd $pid answers after $(since "$start"); stop it with: ${SIPFORGE_DOCKER_DIR:+SIPFORGE_DOCKER_DIR=$DIR }bash scripts/docker-setup.sh --stop"
      return 0
    fi
    sleep 0.5
  done
  log "dockerd did not answer within 60 s; its log:"
  tail -n 40 "$DIR/dockerd.log" >&2 || true
  exit 1
}

# The URI of the repository apt fetches <suite>'s main index from, whichever sources format
# (sources.list or deb822 .sources) names it; empty when apt lists no such suite.
repo_uri() {
  apt-get indextargets --format '$(REPO_URI) $(CODENAME) $(IDENTIFIER)' 2>/dev/null |
    awk -v suite="$1" '$2 == suite && $3 == "Packages" { print $1; exit }'
}

# deb822 stanzas for bookworm, bookworm-updates and bookworm-security, each from the repository
# this machine's apt reads it from (the main mirror when apt does not list it).
apt_sources() {
  local mirror="$1" suite uri
  for suite in "$SUITE" "$SUITE-updates" "$SUITE-security"; do
    uri="$(repo_uri "$suite")"
    if [ -z "$uri" ]; then
      [ "$suite" = "$SUITE-security" ] && continue
      uri="$mirror"
    fi
    printf 'Types: deb\nURIs: %s\nSuites: %s\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n\n' "$uri" "$suite"
  done
}

seed_base_image() {
  if docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
    log "$BASE_IMAGE is in the local image store"
    return 0
  fi
  if [ "${SIPFORGE_DOCKER_PULL:-1}" = "1" ] && timeout 30 docker pull "$BASE_IMAGE" >/dev/null 2>&1; then
    log "pulled $BASE_IMAGE"
    return 0
  fi
  local mirror root start
  mirror="${DEBIAN_MIRROR:-$(repo_uri "$SUITE")}"
  if [ -z "$mirror" ]; then
    log "no Debian $SUITE mirror found in apt's sources; set DEBIAN_MIRROR"
    exit 1
  fi
  start=$(date +%s)
  root="$(mktemp -d "${TMPDIR:-/tmp}/sipforge-rootfs.XXXXXX")"
  log "no $BASE_IMAGE and no registry: debootstrap --variant=minbase $SUITE from $mirror"
  # shellcheck disable=SC2064  # the path is fixed now, on purpose
  trap "rm -rf '$root'" EXIT
  debootstrap --variant=minbase "$SUITE" "$root" "$mirror" >"$DIR/debootstrap.log" 2>&1 || {
    log "debootstrap failed; the end of $DIR/debootstrap.log:"
    tail -n 20 "$DIR/debootstrap.log" >&2
    exit 1
  }
  # The official image's apt sources name bookworm, its updates and its security suite; so does
  # this one, from the same repositories this machine's apt uses.
  rm -f "$root/etc/apt/sources.list"
  apt_sources "$mirror" >"$root/etc/apt/sources.list.d/debian.sources"
  # No downloaded packages and no package indexes in the image: `apt-get update` fetches fresh ones.
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  tar -C "$root" -c . | docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["bash"]' \
    --message "debootstrap --variant=minbase $SUITE $mirror (scripts/docker-setup.sh)" \
    - "$BASE_IMAGE" >/dev/null
  rm -rf "$root"
  trap - EXIT
  log "imported $BASE_IMAGE from debootstrap in $(since "$start")"
}

if [ "${1:-}" = "--stop" ]; then
  stop_engine
  exit 0
fi

total=$(date +%s)
mkdir -p "$DIR"
install_packages
start_engine
seed_base_image
log "ready in $(since "$total")"
