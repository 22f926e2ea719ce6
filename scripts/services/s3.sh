#!/usr/bin/env bash
# Builds (once, cached by version) and starts a real S3 server on loopback for
# this checkout: versitygw with its POSIX backend, data under .local/s3, root
# credentials generated into .local/env (never printed, never on a command
# line: versitygw reads them from its environment). Creates the backup bucket.
# Idempotent: a server already answering is left alone.
#   bash scripts/services/s3.sh        start (called by scripts/services/up.sh)
#   bash scripts/services/s3.sh stop   stop (called by scripts/services/down.sh)
# Why versitygw: docs/backups.md ("The local S3 server").
set -euo pipefail
LOG_TAG=s3; source "$(dirname "$0")/../lib.sh"
load_local_env

VERSITYGW_VERSION="${VERSITYGW_VERSION:-1.8.0}" # its go.mod asks for go 1.25.0 (toolchain here: 1.26)
STOREFLEET_CACHE="${STOREFLEET_CACHE:-$HOME/.cache/storefleet}"
VGW_DIR="$STOREFLEET_CACHE/versitygw-v$VERSITYGW_VERSION"
VGW_BIN="$VGW_DIR/versitygw"
S3_DATA="$LOCAL_DIR/s3"
PID_FILE="$S3_DATA/versitygw.pid"

# Adds generated S3 settings to .local/env once (the file predates them on older checkouts);
# a value already in the environment wins, as everywhere (e.g. S3_PORT for a second state folder).
add_env() {
  grep -q "^$1=" "$LOCAL_ENV" && return
  local value="${!1:-$2}"
  (umask 077; printf '%s=%s\n' "$1" "$value" >>"$LOCAL_ENV")
  export "$1=$value"
}
add_env S3_PORT 57070
add_env S3_REGION us-east-1
add_env S3_BUCKET storefleet-backups
add_env S3_ACCESS_KEY_ID "sf$(random_secret 18)"
add_env S3_SECRET_ACCESS_KEY "$(random_secret 40)"
add_env S3_ENDPOINT "http://127.0.0.1:$S3_PORT"
load_local_env

s3_ready() { curl -fsS -o /dev/null --max-time 2 "$S3_ENDPOINT/health"; }

if [[ "${1:-start}" == stop ]]; then
  if [[ -f "$PID_FILE" ]] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
    kill "$(cat "$PID_FILE")"; rm -f "$PID_FILE"; log "S3 server stopped"
  fi
  exit 0
fi

build() {
  [[ -x "$VGW_BIN" ]] && return
  command -v go >/dev/null || die "Go (>= 1.25) is needed to build versitygw from the Go module proxy"
  mkdir -p "$STOREFLEET_CACHE"
  exec 7>"$STOREFLEET_CACHE/.versitygw.lock"; flock 7 # one build at a time
  [[ -x "$VGW_BIN" ]] && return
  log "building versitygw v$VERSITYGW_VERSION from the Go module proxy (a few minutes, once)"
  rm -rf "$VGW_DIR.tmp"; mkdir -p "$VGW_DIR.tmp"
  GOBIN="$VGW_DIR.tmp" nice -n 10 go install -trimpath -ldflags "-s -w" "github.com/versity/versitygw/cmd/versitygw@v$VERSITYGW_VERSION"
  rm -rf "$VGW_DIR"; mv "$VGW_DIR.tmp" "$VGW_DIR"
}

if ! s3_ready; then
  build
  mkdir -p "$S3_DATA/data"; chmod 700 "$S3_DATA"
  log "starting S3 (versitygw) on 127.0.0.1:$S3_PORT"
  ROOT_ACCESS_KEY="$S3_ACCESS_KEY_ID" ROOT_SECRET_KEY="$S3_SECRET_ACCESS_KEY" VGW_REGION="$S3_REGION" \
    VGW_PORT="127.0.0.1:$S3_PORT" VGW_HEALTH=/health \
    setsid nohup "$VGW_BIN" posix "$S3_DATA/data" >>"$S3_DATA/versitygw.log" 2>&1 </dev/null &
  echo $! >"$PID_FILE"
  wait_for 30 "S3 server" s3_ready
fi

# The bucket: PUT is idempotent for its owner (200, or 409 BucketAlreadyOwnedByYou).
# Credentials reach curl through a config on stdin, not through argv.
code="$(printf 'user = "%s:%s"\n' "$S3_ACCESS_KEY_ID" "$S3_SECRET_ACCESS_KEY" |
  curl -sS -K - -o /dev/null -w '%{http_code}' --aws-sigv4 "aws:amz:$S3_REGION:s3" \
    -H 'x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' -X PUT "$S3_ENDPOINT/$S3_BUCKET")"
[[ "$code" == 200 || "$code" == 409 ]] || die "could not create bucket $S3_BUCKET (HTTP $code)"
log "S3 on $S3_ENDPOINT is ready (bucket $S3_BUCKET)"
