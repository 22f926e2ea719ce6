#!/usr/bin/env bash
# Stops this checkout's Postgres, Redis and S3 server (data stays in .local/).
set -euo pipefail
LOG_TAG=services; source "$(dirname "$0")/../lib.sh"
load_local_env
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
if [[ -f "$LOCAL_DIR/postgres/postmaster.pid" ]]; then
  if [[ $(id -u) -eq 0 ]]; then (cd / && runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$(readlink -f "$LOCAL_DIR/postgres")" -m fast -w stop >/dev/null); else "$PG_BIN/pg_ctl" -D "$LOCAL_DIR/postgres" -m fast -w stop >/dev/null; fi
  log "PostgreSQL stopped"
fi
if REDISCLI_AUTH="$REDIS_PASSWORD" redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; then
  REDISCLI_AUTH="$REDIS_PASSWORD" redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown >/dev/null 2>&1 || true
  log "Redis stopped"
fi
bash "$(dirname "$0")/s3.sh" stop
