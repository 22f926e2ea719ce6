#!/usr/bin/env bash
# Checks that package-lock.json and stores/medusa/package-lock.json are complete:
# `npm ci` accepts them (every platform's optional binaries listed, in sync with
# package.json), so a fresh clone installs exactly the lockfile and stays clean.
#
#   bash scripts/lint/lockfiles.sh                # quick: `npm ci --dry-run` on both (seconds, run by `npm test`)
#   bash scripts/lint/lockfiles.sh --fresh-clone  # thorough: clone HEAD into a temp folder, `npm ci` both
#                                                 # projects, then require an empty `git status --porcelain`
set -euo pipefail
LOG_TAG=lockfiles; source "$(dirname "$0")/../lib.sh"
projects=(. stores/medusa)

if [[ "${1:-}" != --fresh-clone ]]; then
  cd "$REPO_ROOT"
  for p in "${projects[@]}"; do
    # --dry-run compares package.json with the lockfile and changes nothing on disk.
    out=$(npm ci --dry-run --ignore-scripts --no-audit --no-fund --prefix "$p" 2>&1) ||
      { grep -v EBADENGINE <<<"$out" | head -n 30 >&2; die "$p/package-lock.json is incomplete or out of sync: run \`npm install --package-lock-only --prefix $p\` and commit it"; }
  done
  log "lockfiles complete: ${projects[*]}"
  exit 0
fi

clone=$(mktemp -d "${TMPDIR:-/tmp}/storefleet-clone.XXXXXX")
trap 'rm -rf "$clone" "$clone.log"' EXIT
git clone --quiet "$REPO_ROOT" "$clone"
cd "$clone"
for p in "${projects[@]}"; do
  log "npm ci in a fresh clone: $p"
  npm ci --prefix "$p" --no-audit --no-fund --loglevel=error >"$clone.log" 2>&1 ||
    { tail -n 30 "$clone.log" >&2; die "npm ci failed in a fresh clone ($p)"; }
done
rm -f "$clone.log"
dirty=$(git status --porcelain)
[[ -z "$dirty" ]] || die "a fresh install changed the work tree:"$'\n'"$dirty"
log "fresh clone: npm ci succeeded and git status is clean"
