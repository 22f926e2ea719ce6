#!/usr/bin/env bash
# npm run bench:api / bench:sse — builds the API as `npm start` does, prepares the local
# Postgres/Redis and the migrated test template database, then runs scripts/bench/api.ts
# (or the script in BENCH_SCRIPT, e.g. scripts/bench/api-sse.ts).
set -euo pipefail
cd "$(dirname "$0")/../.."
bash scripts/bench/build-api.sh
env_json="$(npx --no-install tsx libs/testing/src/jest/prepare.ts)"
eval "$(node -e 'for (const [k, v] of Object.entries(JSON.parse(process.argv[1]))) console.log(`export ${k}=${JSON.stringify(v)}`)' "$env_json")"
exec npx --no-install tsx "${BENCH_SCRIPT:-scripts/bench/api.ts}" "$@"
