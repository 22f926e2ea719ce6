#!/usr/bin/env bash
# `npm test`: installs what the tests need, then runs the whole suite:
# lint (with module boundaries), type checks, unit tests and integration tests
# against real Postgres, Redis and (where used) the local Kubernetes control plane.
set -euo pipefail
LOG_TAG=test; source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"

bash scripts/install.sh
source scripts/lib.sh
# The Medusa store app (stores/medusa) is an npm project of its own, run natively by
# e2e/medusa: install its dependencies when missing or stale, build it when its sources changed.
medusa=stores/medusa
if [[ ! -f $medusa/node_modules/.package-lock.json || $medusa/package-lock.json -nt $medusa/node_modules/.package-lock.json ]]; then
  log "installing the Medusa store app's npm dependencies"
  # npm install, not npm ci: see scripts/install.sh.
  npm install --prefix "$medusa" --no-audit --no-fund --loglevel=error
fi
if [[ ! -f $medusa/.medusa/server/medusa-config.js ]] ||
  [[ -n $(find "$medusa/src" "$medusa/medusa-config.ts" "$medusa/tsconfig.json" "$medusa/package-lock.json" -newer "$medusa/.medusa/server/medusa-config.js" -print -quit) ]]; then
  log "building the Medusa store app (medusa build)"
  mkdir -p "$LOCAL_DIR"
  (cd "$medusa" && MEDUSA_DISABLE_TELEMETRY=true node node_modules/@medusajs/cli/cli.js build >"$LOCAL_DIR/medusa-build.log" 2>&1) ||
    { tail -n 40 "$LOCAL_DIR/medusa-build.log"; die "medusa build failed (log: $LOCAL_DIR/medusa-build.log)"; }
fi
bash scripts/services/up.sh
ensure_apt chromium # the dashboard's browser tests (jest project "e2e") drive Debian's Chromium
[[ -f scripts/cluster/up.sh ]] && bash scripts/cluster/up.sh

log "lint"
# The module-boundary rule skips itself without a project graph: build it first.
npx nx show projects >/dev/null
npx eslint . --max-warnings=0
log "type check"
npx tsc -p tsconfig.json
npx tsc -p apps/dashboard/tsconfig.json

log "unit and integration tests"
results="$LOCAL_DIR/test-results.json"
status=0
npx vitest run --config apps/dashboard/vitest.config.ts || status=$? # dashboard component tests (jsdom)
# --forceExit: a library handle left open (e.g. an idle pool timer) must never hang CI after the results are in.
NODE_OPTIONS=--experimental-vm-modules npx jest --ci --runInBand --forceExit --selectProjects unit integration e2e --json --outputFile="$results" "$@" || status=$?
node -e '
  const r = require(process.argv[1]);
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`);
' "$results"
exit "$status"
