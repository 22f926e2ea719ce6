#!/usr/bin/env bash
# Installs the project's npm dependencies when they are missing or stale
# (package-lock.json changed since the last install). Idempotent and quick.
set -euo pipefail
LOG_TAG=install; source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"
stamp="node_modules/.package-lock.json"
if [[ ! -f "$stamp" || package-lock.json -nt "$stamp" ]]; then
  log "installing npm dependencies"
  # `npm ci`: exactly the lockfile, never a rewrite of it. The lockfile lists every
  # platform's optional binaries (scripts/lint/lockfiles.sh checks it stays so).
  npm ci --no-audit --no-fund --loglevel=error
else
  # Generated code is git-ignored; regenerate if a checkout lost it or the schema changed since.
  if [[ ! -f libs/db/src/generated/prisma/client.ts || prisma/schema.prisma -nt libs/db/src/generated/prisma/client.ts ]]; then
    bash scripts/db/generate.sh
  fi
fi
