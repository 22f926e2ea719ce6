# Progress of the local cluster's build and start, for people and for the API.
# Source it after scripts/lib.sh and versions.sh. build.sh and up.sh call it:
#   - a status file (CLUSTER_STATUS_FILE, default .local/cluster-status.json)
#     that the API serves as GET /api/v1/platform/status (the dashboard's
#     "local cluster is being built" banner), rewritten at every change and
#     every CLUSTER_PROGRESS_SECONDS while building;
#   - a progress line in the terminal at the same beat;
#   - each component's build time, recorded for the next estimate.
# docs/local-cluster.md ("Progress of the first build") describes the file.
# shellcheck shell=bash
export CLUSTER_STATUS_FILE="${CLUSTER_STATUS_FILE:-$LOCAL_DIR/cluster-status.json}"
CLUSTER_PROGRESS_SECONDS="${CLUSTER_PROGRESS_SECONDS:-60}"
# Build times of earlier builds on this machine ("<component> <seconds>" lines, the latest last).
CLUSTER_DURATIONS="$CLUSTER_BIN/build-durations"

# Documented defaults (docs/local-cluster.md: a first build on 2 cores, empty
# Go module cache), used until this machine has built a component once.
default_build_seconds() {
  case "$1" in
    kwok) echo 180 ;;
    etcd) echo 50 ;;
    helm) echo 180 ;;
    Kubernetes) echo 450 ;;
    pause) echo 10 ;;
    kubelet+kube-proxy) echo 60 ;;
    kube-router) echo 150 ;;
    CoreDNS) echo 100 ;;
    traefik) echo 540 ;;
    local-path-provisioner) echo 120 ;;
    *) echo 300 ;;
  esac
}

# Seconds a component's build is expected to take: its last recorded build here, else the default.
expected_build_seconds() {
  local recorded
  recorded="$(awk -v c="$1" '$1 == c { s = $2 } END { if (s != "") print s }' "$CLUSTER_DURATIONS" 2>/dev/null || true)"
  echo "${recorded:-$(default_build_seconds "$1")}"
}

record_build_seconds() { # component seconds
  mkdir -p "$(dirname "$CLUSTER_DURATIONS")"
  printf '%s %s\n' "$1" "$2" >>"$CLUSTER_DURATIONS"
}

json_string() { # a JSON string, or null for an empty value
  if [[ -z "$1" ]]; then printf 'null'; return; fi
  local s="${1//\\/\\\\}"; s="${s//\"/\\\"}"; s="${s//$'\n'/ }"; s="${s//$'\t'/ }"
  printf '"%s"' "$s"
}

iso_time() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }

# Writes the status file atomically:
#   cluster_status <state> <component> <started epoch> <seconds left> <message>
# state: building | starting | ready | failed; empty arguments are null.
cluster_status() {
  local state="$1" component="${2:-}" started="${3:-}" left="${4:-}" message="${5:-}" now
  now=$(date +%s)
  mkdir -p "$(dirname "$CLUSTER_STATUS_FILE")"
  {
    printf '{"state":"%s","component":%s' "$state" "$(json_string "$component")"
    printf ',"startedAt":%s' "$(json_string "${started:+$(iso_time "$started")}")"
    printf ',"expectedReadyAt":%s' "$(json_string "${left:+$(iso_time $((now + left)))}")"
    printf ',"message":%s,"log":%s' "$(json_string "$message")" "$(json_string "${CLUSTER_LOG:-}")"
    printf ',"updatedAt":"%s"}\n' "$(iso_time "$now")"
  } >"$CLUSTER_STATUS_FILE.$$"
  mv "$CLUSTER_STATUS_FILE.$$" "$CLUSTER_STATUS_FILE"
}

minutes() { echo $(( ($1 + 59) / 60 )); }

# While a component builds (pid $1): a progress line and a fresh status file
# every CLUSTER_PROGRESS_SECONDS. $2 component, $3 the build's start (epoch),
# $4 the component's start, $5 seconds expected for it, $6 seconds expected
# for what comes after it.
report_progress() {
  local pid="$1" component="$2" build_started="$3" started="$4" expected="$5" after="$6" now elapsed left
  while kill -0 "$pid" 2>/dev/null; do
    now=$(date +%s); elapsed=$((now - started))
    # Past its estimate a component is "about to finish", never a negative time.
    left=$(( (expected > elapsed ? expected - elapsed : 30) + after ))
    cluster_status building "$component" "$build_started" "$left" ""
    if ((elapsed > 0)); then
      log "building $component: $((elapsed / 60))m$(printf '%02d' $((elapsed % 60)))s elapsed; the local cluster in about $(minutes "$left") min"
    fi
    local waited=0
    while ((waited < CLUSTER_PROGRESS_SECONDS)) && kill -0 "$pid" 2>/dev/null; do sleep 1; waited=$((waited + 1)); done
  done
}
