#!/usr/bin/env bash
# Benchmark: a burst of store creations against the real API (built), Postgres
# and Redis on this machine. No worker runs, so every job stays queued and the
# figures measure the API alone. Results are recorded in docs/benchmarks.md.
# Usage: npm run bench:store-burst [-- <users> <storesPerUser>]
set -euo pipefail
LOG_TAG=bench; source "$(dirname "$0")/../lib.sh"
cd "$REPO_ROOT"
bash scripts/install.sh
bash scripts/services/up.sh
load_local_env

db=storefleet_bench
psql_admin() { PGPASSWORD="$PG_SUPERUSER_PASSWORD" psql -qtAX -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres "$@"; }
psql_admin -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db OWNER storefleet_owner" >/dev/null
DATABASE_MIGRATION_URL="${DATABASE_MIGRATION_URL%/*}/$db" npx tsx libs/db/src/migrate/cli.ts apply >/dev/null
npx nx run api:build --output-style=stream-without-prefixes >/dev/null

port=3900 prefix="bench-$(date +%s)"
admin_password="$(random_secret 24)"
DATABASE_URL="${DATABASE_URL%/*}/$db" PORT=$port HOST=127.0.0.1 LOG_LEVEL=warn NODE_ENV=production \
  QUEUE_PREFIX="$prefix" RATE_LIMIT_PREFIX="$prefix:rate" API_RATE_LIMIT=1000000 \
  LOGIN_RATE_LIMIT_PER_IP=1000000 LOGIN_RATE_LIMIT_PER_ACCOUNT=1000000 \
  ADMIN_EMAIL=bench-admin@example.test ADMIN_PASSWORD="$admin_password" \
  node dist/apps/api/src/main.js >"$LOCAL_DIR/bench-api.log" 2>&1 &
api_pid=$!
cleanup() {
  kill "$api_pid" 2>/dev/null || true
  wait "$api_pid" 2>/dev/null || true
  REDISCLI_AUTH="$REDIS_PASSWORD" redis-cli -h 127.0.0.1 -p "$REDIS_PORT" --scan --pattern "$prefix*" |
    xargs -r -n 500 env REDISCLI_AUTH="$REDIS_PASSWORD" redis-cli -h 127.0.0.1 -p "$REDIS_PORT" del >/dev/null
  psql_admin -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
}
trap cleanup EXIT
wait_for 60 "the API" curl -sf "http://127.0.0.1:$port/api/v1/ready"

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; node $(node --version)"
node scripts/bench/store-burst.mjs "http://127.0.0.1:$port" bench-admin@example.test "$admin_password" "$@"
