#!/usr/bin/env bash
# `npm start`: everything Storefleet needs on this machine, then the API (which
# also serves the dashboard) and the worker, in the foreground. Ctrl-C stops them.
set -euo pipefail
LOG_TAG=start; source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"

bash scripts/install.sh
source scripts/lib.sh # node_modules/.bin (the project's Node.js) now exists
bash scripts/services/up.sh
load_local_env

# The first admin: from ADMIN_EMAIL/ADMIN_PASSWORD when set, otherwise one
# generated for this checkout and kept in .local/admin (printed below).
if [[ -z "${ADMIN_PASSWORD:-}" ]]; then
  if [[ ! -f "$LOCAL_DIR/admin" ]]; then
    (umask 077; printf 'ADMIN_EMAIL=admin@storefleet.local\nADMIN_PASSWORD=%s\n' "$(random_secret 20)" >"$LOCAL_DIR/admin")
  fi
  set -a; source "$LOCAL_DIR/admin"; set +a
fi

if [[ -f scripts/cluster/up.sh && -z "${KUBECONFIG:-}" && -z "${KUBERNETES_SERVICE_HOST:-}" ]]; then
  bash scripts/cluster/up.sh
  export KUBECONFIG="$LOCAL_DIR/kubeconfig"
fi

log "applying database migrations"
npx tsx libs/db/src/migrate/cli.ts apply
log "building api, worker and dashboard"
npx nx run-many -t build --projects=api,worker,dashboard --output-style=stream-without-prefixes >/dev/null

export PORT="${PORT:-3000}" DASHBOARD_DIR="$REPO_ROOT/apps/dashboard/dist" NODE_ENV="${NODE_ENV:-development}"
cat >&2 <<MSG

  Storefleet is starting:
    Dashboard  http://127.0.0.1:$PORT/
    API        http://127.0.0.1:$PORT/api/v1  (OpenAPI UI at /api/docs)
    Sign in as $ADMIN_EMAIL with the password in .local/admin

MSG
exec npx concurrently --kill-others --names api,worker --prefix-colors blue,magenta \
  "node dist/apps/api/src/main.js" "node dist/apps/worker/src/main.js"
