#!/usr/bin/env bash
# `npm run bench:first-run`: how long `npm start` takes to give a usable
# dashboard — the API's /health and /ready answering and the dashboard (its
# page and script) served — cold and warm. Prints the figures; leaves nothing
# behind (docs/benchmarks.md, "Time to a usable dashboard").
#
#   cold  a fresh state folder (STOREFLEET_LOCAL_DIR): Postgres initialised,
#         Redis and the S3 server started, migrations applied, api/worker/
#         dashboard built with an empty Nx cache.
#   warm  `npm start` again on that folder: services running, Nx cache filled.
#
# Everything runs on ports of its own and in a temporary folder, so nothing is
# shared with this checkout's services. The local cluster is not built here
# (KUBECONFIG names a file that does not exist: the worker waits for it, as it
# does during a first build); its first build's duration is read from the
# build times recorded on this machine (scripts/cluster/progress.sh), or the
# documented ones. npm dependencies are taken as installed.
set -euo pipefail
LOG_TAG=bench:first-run; source "$(dirname "$0")/../lib.sh"
source "$REPO_ROOT/scripts/cluster/versions.sh"
cd "$REPO_ROOT"

state="$(mktemp -d /tmp/storefleet-first-run.XXXXXX)"
chmod 755 "$state" # the postgres user keeps its data inside
pid=""
# Five loopback ports nothing listens on, below the ephemeral range (and the local cluster's).
ports=()
while ((${#ports[@]} < 5)); do
  p=$((30000 + RANDOM % 2700))
  [[ " ${ports[*]} " == *" $p "* ]] || (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || ports+=("$p")
done
port="${ports[0]}"
# Only these variables reach `npm start` (none of this checkout's own settings).
run_env=(
  PATH="$PATH" HOME="$HOME" LANG=C.UTF-8 NX_DAEMON=false NX_NO_CLOUD=true
  STOREFLEET_LOCAL_DIR="$state" KUBECONFIG="$state/cluster-not-built/kubeconfig"
  PORT="$port" PG_PORT="${ports[1]}" REDIS_PORT="${ports[2]}" S3_PORT="${ports[3]}" METRICS_PORT="${ports[4]}"
)

cleanup() {
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then kill -- "-$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  if [[ -f "$state/env" ]]; then env -i "${run_env[@]}" bash scripts/services/down.sh >/dev/null 2>&1 || true; fi
  rm -rf "$state"
}
trap cleanup EXIT

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
answers() { curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null; }
dashboard_served() {
  local page script
  page="$(curl -fsS --max-time 2 "http://127.0.0.1:$port/" 2>/dev/null)" || return 1
  [[ "$page" == *'id="root"'* ]] || return 1
  script="$(grep -o 'src="/assets/[^"]*\.js"' <<<"$page" | head -1 | cut -d'"' -f2)"
  [[ -n "$script" ]] && answers "http://127.0.0.1:$port$script"
}

# One `npm start`: seconds until the API is ready and until the dashboard is served; then stopped.
measure() { # label extra-env...
  local label="$1" t0 api="" dash="" deadline; shift
  t0="$(now)"; deadline=$(( $(date +%s) + 900 ))
  # Its output, each line with the seconds since the start (the phases' times, printed below).
  setsid bash -c 't0=$1; shift; env -i "$@" bash scripts/start.sh 2>&1 |
    while IFS= read -r line; do printf "%6.1fs %s\n" "$(awk -v a="$t0" -v b="$(date +%s.%N)" "BEGIN { print b - a }")" "$line"; done' \
    _ "$t0" "${run_env[@]}" "$@" >"$state/$label.log" 2>&1 &
  pid=$!
  while [[ -z "$dash" ]]; do
    kill -0 "$pid" 2>/dev/null || { tail -n 30 "$state/$label.log" >&2; die "npm start ($label) exited early"; }
    (( $(date +%s) < deadline )) || { tail -n 30 "$state/$label.log" >&2; die "no usable dashboard within 900 s ($label)"; }
    if [[ -z "$api" ]] && answers "http://127.0.0.1:$port/api/v1/health" && answers "http://127.0.0.1:$port/api/v1/ready"; then api="$(since "$t0")"; fi
    if [[ -n "$api" ]] && dashboard_served; then dash="$(since "$t0")"; fi
    sleep 0.2
  done
  kill -- "-$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=""
  printf '%-5s API ready %6ss   dashboard served %6ss\n' "$label" "$api" "$dash"
  # Where the time went: start.sh's own steps as they were logged.
  grep -E '\[(install|services|s3|start)\]' "$state/$label.log" | sed 's/^/        /' || true
}

echo "machine: $(nproc) cores, $(free -g | awk '/^Mem:/ { print $2 }') GiB; load before: $(uptime | sed 's/.*load average: //')"
measure cold NX_CACHE_DIRECTORY="$state/nx-cache" NX_SKIP_NX_CACHE=true
measure warm NX_CACHE_DIRECTORY="$state/nx-cache"
echo "load after: $(uptime | sed 's/.*load average: //')"

# The local cluster's first build, from the times this machine recorded (progress.sh), else the documented defaults.
source scripts/cluster/progress.sh
total=0
for component in kwok etcd helm Kubernetes; do
  seconds="$(expected_build_seconds "$component")"
  recorded="recorded"; awk -v c="$component" '$1 == c { f = 1 } END { exit !f }' "$CLUSTER_DURATIONS" 2>/dev/null || recorded="documented default"
  printf 'cluster build %-10s %5ss (%s)\n' "$component" "$seconds" "$recorded"
  total=$((total + seconds))
done
echo "cluster build total ~$((total / 60)) min; meanwhile the dashboard shows its progress and stores wait as requested"
