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

# This checkout's own settings: CLUSTER_* and REAL_NODE_* lines of .local/env
# (written by scripts/lib.sh; add them by hand to run a second checkout's
# cluster beside the first on other ports). The environment wins over the file.
if [[ -f "$LOCAL_ENV" ]]; then
  while IFS= read -r line; do
    key="${line%%=*}"
    [[ -n "${!key:-}" ]] || export "$line"
  done < <(grep -E '^(CLUSTER|REAL_NODE)_[A-Z_]+=[^[:space:]]*$' "$LOCAL_ENV" || true)
  unset line key
fi

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

# Sized for 10,000 stores (a few Services each): a /12 holds 1,048,574
# ClusterIPs (kubeadm's default range). The real node's cluster DNS Service
# takes the tenth address.
export CLUSTER_SERVICE_CIDR="${CLUSTER_SERVICE_CIDR:-10.96.0.0/12}"
export CLUSTER_KUBERNETES_SERVICE_IP="${CLUSTER_KUBERNETES_SERVICE_IP:-10.96.0.1}"
export CLUSTER_DNS_IP="${CLUSTER_DNS_IP:-10.96.0.10}"
# Simulated nodes (nodes.sh): how many, and the pods each can hold.
export CLUSTER_NODES="${CLUSTER_NODES:-10}"
export CLUSTER_NODE_PODS="${CLUSTER_NODE_PODS:-5000}"

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
