#!/usr/bin/env bash
# `npm test`: installs what the tests need, then runs the suite in tiers, in this
# order, stopping at the first tier that fails:
#   static  lockfiles, lint (type-aware, module boundaries) and type checks of every Nx project
#   unit    pure logic, no services (jest project "unit" and the dashboard's vitest suite)
#   int     real Postgres, Redis and the local Kubernetes control plane (jest project "integration")
#   e2e     the dashboard in Debian's Chromium against the real API (jest project "e2e")
#   real    the platform on the real node (e2e/real-node: helm install --wait of the images built here,
#           a Medusa store and an order, policies on real packets, crash, delete, upgrade, rollback)
# and ends with the line CI reads: "N passed, N failed, N skipped" (over the tiers that ran).
#
#   bash scripts/test.sh                 everything (npm test)
#   bash scripts/test.sh unit|int|e2e|real   one tier, with what it needs (npm run test:unit / test:int /
#                                        test:e2e / test:real-node);
#                                        extra arguments go to jest (e.g. a path)
set -euo pipefail
LOG_TAG=test; source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"

only="${1:-}"
case "$only" in
  unit | int | e2e | real) shift ;;
  "") ;;
  *) die "unknown tier '$only' (unit, int, e2e or real)" ;;
esac

bash scripts/install.sh
source scripts/lib.sh # node_modules/.bin (the project's Node.js) now exists
# This run's jest/vitest reports (several runs may share .local).
mkdir -p "$LOCAL_DIR/test-results"
results_dir=$(mktemp -d "$LOCAL_DIR/test-results/run.XXXXXX")
image_build_pid="" # the real tier's background image build (start_image_build), stopped with this run
trap '[[ -n "$image_build_pid" ]] && kill -- "-$image_build_pid" 2>/dev/null; rm -rf "$results_dir"' EXIT
export NODE_OPTIONS="${NODE_OPTIONS:+$NODE_OPTIONS }--experimental-vm-modules"

# Sums the jest/vitest JSON reports written so far into the line CI reads.
summary() {
  node -e '
    const fs = require("node:fs"), path = require("node:path");
    const t = { passed: 0, failed: 0, skipped: 0 };
    for (const f of fs.readdirSync(process.argv[1]).filter((f) => f.endsWith(".json"))) {
      const r = JSON.parse(fs.readFileSync(path.join(process.argv[1], f), "utf8"));
      t.passed += r.numPassedTests; t.failed += r.numFailedTests; t.skipped += r.numPendingTests + (r.numTodoTests ?? 0);
    }
    console.log(`${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`);
  ' "$results_dir"
}
finish() {
  summary
  [[ -n "${1:-}" ]] && log "stopped: the $1 tier failed"
  exit "${2:-0}"
}

# The Medusa store app (stores/medusa) is an npm project of its own, run natively by
# e2e/medusa: install its dependencies when missing or stale, build it when its sources changed.
prepare_medusa() {
  local medusa=stores/medusa
  if [[ ! -f $medusa/node_modules/.package-lock.json || $medusa/package-lock.json -nt $medusa/node_modules/.package-lock.json ]]; then
    log "installing the Medusa store app's npm dependencies"
    npm ci --prefix "$medusa" --no-audit --no-fund --loglevel=error
  fi
  if [[ ! -f $medusa/.medusa/server/medusa-config.js ]] ||
    [[ -n $(find "$medusa/src" "$medusa/medusa-config.ts" "$medusa/tsconfig.json" "$medusa/package-lock.json" -newer "$medusa/.medusa/server/medusa-config.js" -print -quit) ]]; then
    log "building the Medusa store app (medusa build)"
    (cd "$medusa" && MEDUSA_DISABLE_TELEMETRY=true node node_modules/@medusajs/cli/cli.js build >"$LOCAL_DIR/medusa-build.log" 2>&1) ||
      { tail -n 40 "$LOCAL_DIR/medusa-build.log"; die "medusa build failed (log: $LOCAL_DIR/medusa-build.log)"; }
  fi
}

# --forceExit: a library handle left open (e.g. an idle pool timer) must never hang CI after the results are in.
jest_tier() { # <jest project> <report name> [jest args]
  local project="$1" report="$2"; shift 2
  npx jest --ci --forceExit --selectProjects "$project" --json --outputFile="$results_dir/$report.json" "$@"
}

tier_unit() {
  log "unit tests"
  local status=0
  npx vitest run --config apps/dashboard/vitest.config.ts --reporter=default --reporter=json \
    --outputFile.json="$results_dir/unit-dashboard.json" || status=$? # dashboard component tests (jsdom)
  jest_tier unit unit "$@" || status=$?
  return "$status"
}
tier_int() {
  bash scripts/services/up.sh
  # With the real node (kubelet, containerd, kube-proxy, CoreDNS, kube-router, traefik): the real-node
  # tier (scripts/cluster/real-node.int-spec.ts, e2e/real-node) runs on it.
  [[ -f scripts/cluster/up.sh ]] && STOREFLEET_REAL_NODE=1 bash scripts/cluster/up.sh
  prepare_medusa
  [[ -z "$only" ]] && start_image_build # for the real tier, meanwhile
  ensure_apt mariadb-server php-cli php-mysql php-xml wordpress # the WooCommerce setup script's tests (libs/engines), natively
  ensure_apt chromium # e2e/medusa places an order through the Medusa storefront in Chromium
  log "integration tests"
  jest_tier integration int --runInBand "$@"
}
# The real tier's images (npm run images): on a machine without them cached, a cold build takes
# about 12 minutes, so a whole `npm test` starts it in the background (at the lowest CPU priority)
# when the int tier starts, and the real tier waits for it. Cached images take seconds.
start_image_build() {
  log "building the real node's images in the background (log: $LOCAL_DIR/images-build.log)"
  # Its own process group (setsid), so that the EXIT trap stops buildah too if the run ends early.
  setsid nice -n 19 bash scripts/images/build.sh >"$LOCAL_DIR/images-build.log" 2>&1 &
  image_build_pid=$!
}
tier_real() {
  bash scripts/services/up.sh
  STOREFLEET_REAL_NODE=1 bash scripts/cluster/up.sh
  ensure_apt chromium
  if [[ -n "$image_build_pid" ]]; then
    log "waiting for the real node's images"
    local status=0
    wait "$image_build_pid" || status=$?
    image_build_pid=""
    [[ $status == 0 ]] || { tail -n 30 "$LOCAL_DIR/images-build.log"; die "the image build failed (log: $LOCAL_DIR/images-build.log)"; }
  fi
  # The suite builds or finds its images itself (scripts/images/build.sh: a cache hit after the build above).
  log "real-node tests"
  STOREFLEET_REAL_NODE_PLATFORM=1 jest_tier integration real --runInBand e2e/real-node "$@"
}
tier_e2e() {
  bash scripts/services/up.sh
  ensure_apt chromium # the dashboard's browser tests drive Debian's Chromium
  log "browser (e2e) tests"
  jest_tier e2e e2e --runInBand "$@"
}

if [[ -n "$only" ]]; then
  status=0
  "tier_$only" "$@" || status=$?
  finish "" "$status"
fi

log "lockfiles, lint and type checks"
bash scripts/lint/lockfiles.sh || finish static 1
# One Nx run: every project's lint and typecheck target (cached; the module-boundary rule needs Nx's project graph).
npx nx run-many -t lint typecheck --parallel=2 --output-style=static || finish static 1
for tier in unit int e2e real; do
  "tier_$tier" "$@" || finish "$tier" 1
done
finish
