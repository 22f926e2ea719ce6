#!/usr/bin/env bash
# Benchmark: the reconciler over N stores on the local control plane (see
# apps/worker/src/bench/scale.bench.ts for what is created and how). Prints, as its
# LAST line: scale: N stores, reconcile pass S s, worker rss M MiB, api list p99 P ms
# Usage: npm run bench:scale -- --stores=N      (default 100)
set -euo pipefail
LOG_TAG=bench; source "$(dirname "$0")/../lib.sh"
cd "$REPO_ROOT"
stores=100
for arg in "$@"; do
  case "$arg" in
    --stores=*) stores="${arg#--stores=}" ;;
    *) die "unknown argument $arg (usage: npm run bench:scale -- --stores=N)" ;;
  esac
done
[[ "$stores" =~ ^[1-9][0-9]*$ ]] || die "--stores must be a positive number"
bash scripts/services/up.sh
bash scripts/bench/build-api.sh # the bench runs the API as a process
# The control plane is started (or reused) by the bench's ensureCluster().
result="$(mktemp)"
trap 'rm -f "$result"' EXIT
SCALE_STORES="$stores" SCALE_RESULT_FILE="$result" NODE_OPTIONS=--experimental-vm-modules \
  npx jest --selectProjects bench --runInBand --forceExit apps/worker/src/bench/scale.bench.ts >&2
tail -1 "$result"
