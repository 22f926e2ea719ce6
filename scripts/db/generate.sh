#!/usr/bin/env bash
# Generates the Prisma client into libs/db/src/generated (git-ignored).
# `prisma generate` insists that a schema-engine binary exists but never runs it
# for generation; the binary cannot be downloaded here, so point it at any file.
set -euo pipefail
cd "$(dirname "$0")/../.."
[[ -f prisma/schema.prisma ]] || exit 0
export PRISMA_SCHEMA_ENGINE_BINARY="${PRISMA_SCHEMA_ENGINE_BINARY:-$(readlink -f "$0")}"
export PRISMA_HIDE_UPDATE_MESSAGE=1 CHECKPOINT_DISABLE=1
npx --no-install prisma generate >/dev/null
