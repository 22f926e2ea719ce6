#!/usr/bin/env bash
# Installs (from Debian) and starts Postgres, Redis and a local S3 server on loopback for this
# checkout, with their data under .local/. Idempotent: services already running
# are left alone. Prints nothing secret.
set -euo pipefail
LOG_TAG=services; source "$(dirname "$0")/../lib.sh"
load_local_env

ensure_apt postgresql redis-server
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[[ -x "$PG_BIN/postgres" ]] || die "no PostgreSQL server binaries under /usr/lib/postgresql"

# PostgreSQL refuses to run as root; run it as the postgres system user.
as_pg() { if [[ $(id -u) -eq 0 ]]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi; }

PG_DATA="$LOCAL_DIR/postgres"
# The postgres system user must reach its data directory. When the checkout
# lives under a folder it cannot enter (e.g. /root), keep the data under
# /var/tmp instead, with .local/postgres pointing at it.
if [[ $(id -u) -eq 0 && ! -e "$PG_DATA" ]] && ! runuser -u postgres -- test -x "$LOCAL_DIR"; then
  outside="/var/tmp/storefleet-postgres-$(printf '%s' "$REPO_ROOT" | sha256sum | cut -c1-12)"
  mkdir -p "$outside"
  ln -s "$outside" "$PG_DATA"
  log "PostgreSQL data in $outside (the postgres user cannot enter $LOCAL_DIR)"
fi
[[ -L "$PG_DATA" ]] && PG_DATA="$(readlink -f "$PG_DATA")"
pg_ready() { "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; }

if ! pg_ready; then
  if [[ ! -f "$PG_DATA/PG_VERSION" ]]; then
    log "initialising PostgreSQL data in $PG_DATA"
    mkdir -p "$PG_DATA"
    [[ $(id -u) -eq 0 ]] && chown postgres:postgres "$PG_DATA"
    chmod 700 "$PG_DATA"
    pwfile="$(mktemp)"; printf '%s\n' "$PG_SUPERUSER_PASSWORD" >"$pwfile"
    [[ $(id -u) -eq 0 ]] && chown postgres "$pwfile"
    as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --pwfile="$pwfile" \
      --auth-host=scram-sha-256 --auth-local=peer --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    rm -f "$pwfile"
  fi
  log "starting PostgreSQL on 127.0.0.1:$PG_PORT"
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k /tmp -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null
fi
wait_for 60 PostgreSQL pg_ready

# Roles: an owner that runs migrations, and the application's login role,
# which gets its (restricted) privileges from the migrations.
psql_admin() { PGPASSWORD="$PG_SUPERUSER_PASSWORD" psql -v ON_ERROR_STOP=1 -qtAX -h 127.0.0.1 -p "$PG_PORT" -U postgres "$@"; }
psql_admin -d postgres >/dev/null <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'storefleet_owner') THEN
    CREATE ROLE storefleet_owner LOGIN CREATEROLE CREATEDB PASSWORD '$PG_OWNER_PASSWORD';
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'storefleet_app') THEN
    CREATE ROLE storefleet_app LOGIN PASSWORD '$PG_APP_PASSWORD';
  END IF;
END \$\$;
SQL
if [[ "$(psql_admin -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$PG_DATABASE'")" != 1 ]]; then
  psql_admin -d postgres -c "CREATE DATABASE \"$PG_DATABASE\" OWNER storefleet_owner" >/dev/null
fi

# Redis, configured for a job queue: never evict keys, persist with an append-only file.
REDIS_DATA="$LOCAL_DIR/redis"
redis_ready() { REDISCLI_AUTH="$REDIS_PASSWORD" redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; }
if ! redis_ready; then
  mkdir -p "$REDIS_DATA"
  log "starting Redis on 127.0.0.1:$REDIS_PORT"
  printf 'requirepass %s\n' "$REDIS_PASSWORD" >"$REDIS_DATA/auth.conf"; chmod 600 "$REDIS_DATA/auth.conf"
  cat >"$REDIS_DATA/redis.conf" <<CONF
bind 127.0.0.1
port $REDIS_PORT
dir $REDIS_DATA
daemonize yes
pidfile $REDIS_DATA/redis.pid
logfile $REDIS_DATA/redis.log
maxmemory-policy noeviction
appendonly yes
appendfsync everysec
save ""
include $REDIS_DATA/auth.conf
CONF
  redis-server "$REDIS_DATA/redis.conf"
fi
wait_for 30 Redis redis_ready
log "PostgreSQL on 127.0.0.1:$PG_PORT and Redis on 127.0.0.1:$REDIS_PORT are ready"

# S3-compatible object storage for backups (versitygw, data under .local/s3).
bash "$(dirname "$0")/s3.sh"
