#!/usr/bin/env bash
# `npm run cluster:down`: stops the real node (if started) and the local
# control plane, and frees their ports.
# Its state (etcd data, certificates) stays in .local/kwok for the next
# cluster:up; `npm run cluster:down -- --purge` deletes it as well (with the
# real node's state in .local/real-node: its images are imported again).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
LOG_TAG=cluster; source "$here/../lib.sh"; source "$here/config.sh"
mkdir -p "$LOCAL_DIR"
exec 9>"$LOCAL_DIR/cluster.lock"
flock -w 600 9 || die "cluster:up is still running"

# The real node first (if it ever ran): its kubelet needs the API server.
bash "$here/real-node/down.sh" 9>&-

if [[ ! -d "$CLUSTER_DIR" ]]; then
  log "no local control plane"
  exit 0
fi
if [[ "${1:-}" == "--purge" ]]; then
  "$KWOKCTL" --name "$CLUSTER_NAME" delete cluster >>"$KWOK_WORKDIR/kwokctl.log" 2>&1 9>&- || die "kwokctl delete cluster failed (log: $KWOK_WORKDIR/kwokctl.log)"
  rm -f "$CLUSTER_KUBECONFIG"
  # The real node's state (its kubelet's pods, containerd's images) belonged to that cluster.
  rm -rf "$LOCAL_DIR/real-node"
else
  "$KWOKCTL" --name "$CLUSTER_NAME" stop cluster >>"$KWOK_WORKDIR/kwokctl.log" 2>&1 9>&- || die "kwokctl stop cluster failed (log: $KWOK_WORKDIR/kwokctl.log)"
fi

wait_for 30 "freeing the ports" ports_free
log "control plane stopped${1:+ and deleted}"
