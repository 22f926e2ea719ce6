#!/usr/bin/env bash
# Stops the real node (cluster:down calls it first): every process it
# started, by PID; the containers' processes (the kubelet's cgroups) and
# whatever else lives in the node's mount namespace (containerd's shims);
# then its cgroups and the host's end of the veth pair. Its Node object and
# its state in .local/real-node stay for the next start.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
LOG_TAG=real-node; source "$here/../../lib.sh"; source "$here/../config.sh"; source "$here/config.sh"
[[ -d "$REAL_NODE_RUN" ]] || exit 0
if [[ -z "${REAL_NODE_LOCK_HELD:-}" ]]; then
  exec 7>"$REAL_NODE_DIR/lock"
  flock -w 600 7 || die "a real-node start holds $REAL_NODE_DIR/lock"
fi

# Stops PIDs: TERM, then KILL after 10 s.
stop_pids() {
  local pid alive=()
  for pid in "$@"; do kill -TERM "$pid" 2>/dev/null && alive+=("$pid"); done
  for _ in $(seq 50); do
    local still=()
    for pid in "${alive[@]}"; do kill -0 "$pid" 2>/dev/null && still+=("$pid"); done
    alive=("${still[@]}")
    [[ ${#alive[@]} -eq 0 ]] && return 0
    sleep 0.2
  done
  kill -KILL "${alive[@]}" 2>/dev/null || true
}
# The processes in the node's cgroup tree (pods' containers).
cgroup_pids() {
  local files=(/sys/fs/cgroup/*/"$REAL_NODE_CGROUP"/**/cgroup.procs)
  [[ ${#files[@]} -eq 0 ]] || cat "${files[@]}" 2>/dev/null | sort -un
}
# The processes in the node's mount namespace (daemons, shims).
mount_ns_pids() { # namespace inode
  ps -e -o pid=,mntns= | awk -v ns="$1" '$2 == ns {print $1}'
}

shopt -s globstar nullglob
stopped=0
holder="$(real_node_pid holder)"
node_mnt=""
[[ -n "$holder" ]] && kill -0 "$holder" 2>/dev/null && node_mnt="$(stat -L -c %i "/proc/$holder/ns/mnt")"
# Components in reverse start order, so nothing restarts what was stopped.
for ((i = ${#REAL_NODE_COMPONENTS[@]} - 1; i >= 0; i--)); do
  name="${REAL_NODE_COMPONENTS[i]}"
  [[ $name == holder ]] && continue
  if real_node_alive "$name"; then stop_pids "$(real_node_pid "$name")"; stopped=1; fi
done
mapfile -t pods < <(cgroup_pids)
[[ ${#pods[@]} -gt 0 ]] && kill -KILL "${pods[@]}" 2>/dev/null || true
if [[ -n "$node_mnt" ]]; then
  mapfile -t rest < <(mount_ns_pids "$node_mnt" | grep -vx "$holder" || true)
  [[ ${#rest[@]} -gt 0 ]] && stop_pids "${rest[@]}"
  stop_pids "$holder"
  stopped=1
fi
# The kubelet's cgroups, deepest first (empty now).
for hierarchy in /sys/fs/cgroup/*/; do
  [[ -d "$hierarchy$REAL_NODE_CGROUP" ]] || continue
  for _ in $(seq 25); do
    find "$hierarchy$REAL_NODE_CGROUP" -depth -type d -exec rmdir {} + 2>/dev/null || true
    [[ -d "$hierarchy$REAL_NODE_CGROUP" ]] || break
    mapfile -t pods < <(cgroup_pids)
    [[ ${#pods[@]} -gt 0 ]] && kill -KILL "${pods[@]}" 2>/dev/null || true
    sleep 0.2
  done
done
# The veth pair goes with the node's network namespace; remove the host's end
# in case something else holds that namespace.
ip link show "$REAL_NODE_VETH" >/dev/null 2>&1 && ip link del "$REAL_NODE_VETH"
rm -f "$REAL_NODE_RUN"/*.pid "$REAL_NODE_RUN"/*.sock "$REAL_NODE_RUN"/*.sock.ttrpc
[[ $stopped == 1 ]] && log "real node stopped ($REAL_NODE_NAME)"
exit 0
