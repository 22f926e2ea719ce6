# Settings shared by the local control plane's scripts (up, down, status).
# Source it after scripts/lib.sh.
# shellcheck shell=bash
source "$(dirname "${BASH_SOURCE[0]}")/versions.sh"

export CLUSTER_NAME="storefleet"
# kwokctl keeps each cluster's state (PKI, etcd data, logs, pid files) under
# $KWOK_WORKDIR/clusters/<name>; keep it inside this checkout's .local/.
export KWOK_WORKDIR="$LOCAL_DIR/kwok"
export CLUSTER_DIR="$KWOK_WORKDIR/clusters/$CLUSTER_NAME"
export CLUSTER_KUBECONFIG="$LOCAL_DIR/kubeconfig"

# Fixed loopback ports, below Linux's ephemeral range (32768-60999) so that no
# outgoing connection can be holding one when the cluster starts.
export CLUSTER_APISERVER_PORT="${CLUSTER_APISERVER_PORT:-26443}"
export CLUSTER_ETCD_PORT="${CLUSTER_ETCD_PORT:-22379}"
export CLUSTER_ETCD_PEER_PORT="${CLUSTER_ETCD_PEER_PORT:-22380}"
export CLUSTER_CONTROLLER_MANAGER_PORT="${CLUSTER_CONTROLLER_MANAGER_PORT:-20257}"
export CLUSTER_SCHEDULER_PORT="${CLUSTER_SCHEDULER_PORT:-20259}"
export CLUSTER_KWOK_PORT="${CLUSTER_KWOK_PORT:-20247}"
CLUSTER_PORTS=("$CLUSTER_APISERVER_PORT" "$CLUSTER_ETCD_PORT" "$CLUSTER_ETCD_PEER_PORT"
  "$CLUSTER_CONTROLLER_MANAGER_PORT" "$CLUSTER_SCHEDULER_PORT" "$CLUSTER_KWOK_PORT")

K8S_BIN="$CLUSTER_BIN/kubernetes-$K8S_VERSION"
KWOK_BIN="$CLUSTER_BIN/kwok-$KWOK_VERSION"
export KWOKCTL="$KWOK_BIN/kwokctl"
export KUBECTL="$K8S_BIN/kubectl"

kwokctl() { "$KWOKCTL" --name "$CLUSTER_NAME" "$@"; }
kubectl() { "$KUBECTL" --kubeconfig "$CLUSTER_KUBECONFIG" "$@"; }
# True when the API server answers /readyz with our admin credentials.
apiserver_ready() { [[ -f "$CLUSTER_KUBECONFIG" ]] && kubectl get --raw /readyz --request-timeout=2s >/dev/null 2>&1; }
# Whether something listens on a loopback port (bash's /dev/tcp: no iproute2 needed).
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# The name of the process listening on a port, when ss can tell.
port_owner() { { ss -Hltnp "sport = :$1" 2>/dev/null || true; } | grep -o 'users:(("[^"]*"' | cut -d'"' -f2 | head -1 || true; }
ports_free() { for port in "${CLUSTER_PORTS[@]}"; do ! port_in_use "$port" || return 1; done; }
