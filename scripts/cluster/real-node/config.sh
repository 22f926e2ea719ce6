# Settings of the real node (up.sh, down.sh, status, ctr.sh). Source it after
# scripts/lib.sh and scripts/cluster/config.sh. docs/local-cluster.md
# ("The real node") explains the layout.
# shellcheck shell=bash
export REAL_NODE_NAME="storefleet-real-node"
# The label and taint that keep every pod off it unless the pod asks.
export REAL_NODE_LABEL="storefleet.dev/real-node=true"
export REAL_NODE_TAINT="storefleet.dev/real-node=true:NoSchedule"
# Everything of the node lives here (state, logs, sockets, certificates).
export REAL_NODE_DIR="$LOCAL_DIR/real-node"
export REAL_NODE_RUN="$REAL_NODE_DIR/run"
export REAL_NODE_CONTAINERD_SOCKET="$REAL_NODE_RUN/containerd.sock"
# One node per state folder: names and addresses on the host derive from the
# folder's physical path (a checkout's own .local is named by the checkout), so
# two checkouts' nodes can run side by side, and worktrees that share a
# checkout's .local (a symlink) see and configure that one node, never another
# address (their own path once rewrote traefik's hostIP to an address no node had).
REAL_NODE_ID="$(printf '%s' "${LOCAL_DIR%/.local}" | sha256sum | cut -c1-6)"
export REAL_NODE_ID
# The veth pair: the host's end (10.213.N.1/30) and the node's (eth0, .2).
export REAL_NODE_VETH="sfn${REAL_NODE_ID}"
export REAL_NODE_NETWORK="${REAL_NODE_NETWORK:-10.213.$((16#${REAL_NODE_ID:0:2}))}"
export REAL_NODE_HOST_IP="$REAL_NODE_NETWORK.1"
export REAL_NODE_IP="$REAL_NODE_NETWORK.2"
# Pod addresses: a bridge inside the node's own network namespace, never
# routed on the host.
export REAL_NODE_POD_CIDR="10.244.0.0/24"
export REAL_NODE_POD_GATEWAY="10.244.0.1"
# The cgroup (every v1 hierarchy and the unified one) that holds the node's
# daemons (node/) and its pods (kubepods/, made by the kubelet).
export REAL_NODE_CGROUP="storefleet-$REAL_NODE_ID"
# The ingress controller (traefik, IngressClass traefik) on the host's loopback.
export REAL_NODE_INGRESS_PORT="${REAL_NODE_INGRESS_PORT:-28080}"
export REAL_NODE_INGRESS_CLASS="traefik"
export REAL_NODE_INGRESS_NAMESPACE="traefik"

# The StorageClass of the real node's volumes (local-path-provisioner, addons.sh):
# each claim gets a folder under REAL_NODE_VOLUMES, removed with the claim.
export REAL_NODE_STORAGE_CLASS="real-node"
export REAL_NODE_VOLUMES="$REAL_NODE_DIR/volumes"

REAL_NODE_K8S_BIN="$CLUSTER_BIN/kubernetes-node-$K8S_VERSION"
export REAL_NODE_BUSYBOX_IMAGE="localhost/storefleet/busybox:1.35.0"
export REAL_NODE_LOCAL_PATH_IMAGE="localhost/storefleet/local-path-provisioner:$LOCAL_PATH_VERSION"
export REAL_NODE_LOCAL_PATH_HELPER_IMAGE="localhost/storefleet/local-path-helper:1.35.0"
# The node's own images, written by image.sh from one binary each and imported
# by up.sh: name|reference|binary[|uid (default 65532)[|applets]]. "applets":
# the binary is busybox, at /bin/busybox with a /bin link for each applet (/bin/sh, ...).
REAL_NODE_IMAGES=(
  "pause|localhost/storefleet/pause:$PAUSE_VERSION|$CLUSTER_BIN/pause-$K8S_VERSION/pause|65535"
  "coredns|localhost/storefleet/coredns:$COREDNS_VERSION|$CLUSTER_BIN/coredns-$COREDNS_VERSION/coredns"
  "traefik|localhost/storefleet/traefik:$TRAEFIK_VERSION|$CLUSTER_BIN/traefik-$TRAEFIK_VERSION/traefik"
  # A toolbox for looking around and for the tests (Debian's busybox-static:
  # sh, wget, nc, nslookup, httpd): `kubectl run -it --image=... -- sh`.
  "busybox|$REAL_NODE_BUSYBOX_IMAGE|/bin/busybox"
  "local-path-provisioner|$REAL_NODE_LOCAL_PATH_IMAGE|$CLUSTER_BIN/local-path-provisioner-$LOCAL_PATH_VERSION/local-path-provisioner"
  # The provisioner's helper pods run `/bin/sh /script/setup` (mkdir) and
  # `/bin/sh /script/teardown` (rm -rf) as root: the same busybox with /bin/sh.
  "local-path-helper|$REAL_NODE_LOCAL_PATH_HELPER_IMAGE|/bin/busybox|0|applets"
)
export REAL_NODE_PAUSE_IMAGE="localhost/storefleet/pause:$PAUSE_VERSION"
# The processes started on the host (relays) and in the node's namespaces.
REAL_NODE_COMPONENTS=(holder apiserver-relay ingress-relay s3-relay node-apiserver-relay node-s3-relay containerd kubelet
  kube-proxy kube-router)
# The local S3 server's port (scripts/services/s3.sh): the node's pods reach it on the node's address, same port.
REAL_NODE_S3_PORT="${S3_PORT:-$(sed -n 's/^S3_PORT=\([0-9]*\)$/\1/p' "$LOCAL_ENV" 2>/dev/null | tail -1)}"
export REAL_NODE_S3_PORT="${REAL_NODE_S3_PORT:-57070}"

real_node_pid() { cat "$REAL_NODE_RUN/$1.pid" 2>/dev/null || true; }
real_node_alive() { local pid; pid="$(real_node_pid "$1")"; [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; }
# Runs a command inside the node's mount and network namespaces.
in_node() { nsenter --target "$(real_node_pid holder)" --mount --net -- "$@"; }
