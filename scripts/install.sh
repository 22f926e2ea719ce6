#!/usr/bin/env bash
# Installs the project's npm dependencies when they are missing or stale
# (package-lock.json changed since the last install). Idempotent and quick.
set -euo pipefail
LOG_TAG=install; source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"
stamp="node_modules/.package-lock.json"
if [[ ! -f "$stamp" || package-lock.json -nt "$stamp" ]]; then
  log "installing npm dependencies"
  # `npm install`, not `npm ci`: the registries reachable here do not serve other
  # platforms' optional binaries (e.g. @swc/core-darwin-arm64), so the lockfile
  # cannot list them and `npm ci` refuses it as "out of sync". `npm install`
  # still installs exactly the versions the lockfile pins.
  npm install --no-audit --no-fund --loglevel=error
else
  # Generated code is git-ignored; regenerate if a checkout lost it.
  [[ -f libs/db/src/generated/prisma/client.ts ]] || bash scripts/db/generate.sh
fi
