#!/usr/bin/env bash
# `npm run cluster:up`: starts this checkout's local Kubernetes control plane,
# or confirms that it already runs, and writes an admin kubeconfig to
# .local/kubeconfig. Real etcd, kube-apiserver (RBAC, the default admission
# plugins), kube-controller-manager and kube-scheduler; kwok-controller plays
# the kubelet of a few simulated nodes. Builds the binaries first if missing.
# docs/local-cluster.md explains it all.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
LOG_TAG=cluster; source "$here/../lib.sh"; source "$here/config.sh"
mkdir -p "$LOCAL_DIR" "$KWOK_WORKDIR"

# --real-node (or STOREFLEET_REAL_NODE=1): also start the real node beside the
# simulated ones (scripts/cluster/real-node/up.sh; docs/local-cluster.md).
real_node=0
for arg in "$@"; do
  case "$arg" in
    --real-node) real_node=1 ;;
    *) die "unknown option: $arg (cluster:up takes only --real-node)" ;;
  esac
done
[[ "${STOREFLEET_REAL_NODE:-}" == "1" ]] && real_node=1
real_node_up() { if [[ $real_node == 1 ]]; then bash "$here/real-node/up.sh" 9>&-; fi; }

# Test runs and `npm start` may call this at the same time: one at a time.
exec 9>"$LOCAL_DIR/cluster.lock"
flock -w 3600 9 || die "another cluster:up has held $LOCAL_DIR/cluster.lock for an hour"

# The status file the API serves (progress.sh): failed, with the log, if this script fails.
source "$here/progress.sh"
up_started=$(date +%s)
trap 'rc=$?; ((rc == 0)) || cluster_status failed "" "$up_started" "" "cluster:up failed (exit $rc)"' EXIT

# Returns at once when the binaries are cached (the real node's too).
if [[ $real_node == 1 ]]; then bash "$here/build.sh" --real-node; else bash "$here/build.sh"; fi
cluster_status starting "" "$up_started" 60 ""

# kwokctl's configuration, with every binary pointing at the local build:
# nothing may be downloaded. Its hash decides whether an existing cluster can
# be reused or must be recreated.
config="$KWOK_WORKDIR/storefleet.yaml"
cat >"$config.new" <<YAML
apiVersion: config.kwok.x-k8s.io/v1alpha1
kind: KwokctlConfiguration
options:
  runtime: binary
  bindAddress: 127.0.0.1
  kubeApiserverPort: $CLUSTER_APISERVER_PORT
  etcdPort: $CLUSTER_ETCD_PORT
  etcdPeerPort: $CLUSTER_ETCD_PEER_PORT
  kubeControllerManagerPort: $CLUSTER_CONTROLLER_MANAGER_PORT
  kubeSchedulerPort: $CLUSTER_SCHEDULER_PORT
  kwokControllerPort: $CLUSTER_KWOK_PORT
  components: [etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok-controller]
  etcdBinary: $CLUSTER_BIN/etcd-$ETCD_VERSION/etcd
  kubeApiserverBinary: $K8S_BIN/kube-apiserver
  kubeControllerManagerBinary: $K8S_BIN/kube-controller-manager
  kubeSchedulerBinary: $K8S_BIN/kube-scheduler
  kubectlBinary: $K8S_BIN/kubectl
  kwokControllerBinary: $KWOK_BIN/kwok
  # RBAC (--authorization-mode=Node,RBAC) and kube-apiserver's default
  # admission plugins; service-account tokens signed with the cluster's key.
  kubeAuthorization: true
  kubeAdmission: true
  # The serving certificate must also name the kubernetes Service's ClusterIP
  # (pods on the real node reach the API server through it).
  kubeApiserverCertSANs: [$CLUSTER_KUBERNETES_SERVICE_IP]
  quietPull: true
componentsPatches:
- name: kube-apiserver
  extraArgs:
  # The defaults (NamespaceLifecycle, LimitRanger, ServiceAccount, PodSecurity,
  # DefaultStorageClass, ValidatingAdmissionPolicy, ResourceQuota, ...) plus
  # NodeRestriction, as kubeadm clusters have.
  - {key: enable-admission-plugins, value: NodeRestriction}
  # Room for 10,000 stores' Services (config.sh).
  - {key: service-cluster-ip-range, value: "$CLUSTER_SERVICE_CIDR"}
  # logs, exec and port-forward on the real node: the API server presents
  # kwokctl's admin certificate to the kubelet, which checks it against the
  # cluster CA and asks the API server (webhook) whether it may.
  - {key: kubelet-client-certificate, value: "$CLUSTER_DIR/pki/admin.crt"}
  - {key: kubelet-client-key, value: "$CLUSTER_DIR/pki/admin.key"}
  # The real node's name resolves nowhere: reach kubelets by their address.
  - {key: kubelet-preferred-address-types, value: "InternalIP,Hostname"}
- name: kube-controller-manager
  extraArgs:
  # The in-tree hostPath provisioner backs the default StorageClass (storage.yaml).
  - {key: enable-hostpath-provisioner, value: "true"}
  # One instance: no leader election, so a restart need not wait out the old lease.
  - {key: leader-elect, value: "false"}
- name: kube-scheduler
  extraArgs:
  - {key: leader-elect, value: "false"}
- name: kwok-controller
  extraArgs:
  # Manage the nodes without node Leases: a new kwok-controller process would
  # otherwise wait out its predecessor's leases (minutes) before driving any
  # pod. Nodes heartbeat through their status instead (stages.yaml).
  - {key: node-lease-duration-seconds, value: "0"}
  # Only the simulated nodes (nodes.sh annotates them): a real node that joins
  # (real-node/up.sh) is its kubelet's, not kwok's.
  - {key: manage-all-nodes, value: "false", override: true}
  - {key: manage-nodes-with-annotation-selector, value: "kwok.x-k8s.io/node=fake"}
YAML
mv "$config.new" "$config"
want_hash="$(cat "$config" "$here/stages.yaml" | sha256sum | cut -c1-16)"
hash_file="$CLUSTER_DIR/storefleet.hash"

pids_alive() { # every component's process is running
  local n=0 f
  for f in "$CLUSTER_DIR"/pids/*.pid; do
    [[ -f "$f" ]] && kill -0 "$(cat "$f")" 2>/dev/null || return 1
    n=$((n + 1))
  done
  [[ $n -eq 5 ]]
}

# Our own objects: the simulated nodes and the default StorageClass.
# Server-side apply leaves the nodes' status (kept by kwok) alone.
apply_objects() {
  { bash "$here/nodes.sh"; echo "---"; cat "$here/storage.yaml"; } |
    kubectl apply --server-side --field-manager=storefleet-cluster-up -f - >/dev/null
}

kwok_log="$KWOK_WORKDIR/kwokctl.log"
run_kwokctl() {
  # 9>&-: the components it starts must not inherit (and hold) our lock.
  if ! kwokctl "$@" >>"$kwok_log" 2>&1 9>&-; then
    tail -n 20 "$kwok_log" >&2
    die "kwokctl $* failed (log: $kwok_log, component logs: $CLUSTER_DIR/logs/)"
  fi
}

# A self-contained admin kubeconfig (certificates inline), written atomically.
write_kubeconfig() {
  (umask 077 && "$KUBECTL" config view --raw --flatten --kubeconfig "$CLUSTER_DIR/kubeconfig.yaml" >"$CLUSTER_KUBECONFIG.new")
  mv "$CLUSTER_KUBECONFIG.new" "$CLUSTER_KUBECONFIG"
}

# Warm path: already running with this configuration. Other test runs may be
# using it, so a slow answer is waited for, never "fixed" by a restart.
if [[ "$(cat "$hash_file" 2>/dev/null)" == "$want_hash" ]] && pids_alive; then
  [[ -f "$CLUSTER_KUBECONFIG" ]] || write_kubeconfig
  wait_for 60 kube-apiserver apiserver_ready
  apply_objects
  log "control plane running: https://127.0.0.1:$CLUSTER_APISERVER_PORT (KUBECONFIG=$CLUSTER_KUBECONFIG)"
  real_node_up
  cluster_status ready "" "$up_started" "" ""
  exit 0
fi

started=$(date +%s)
if [[ -d "$CLUSTER_DIR" && "$(cat "$hash_file" 2>/dev/null)" != "$want_hash" ]]; then
  log "cluster configuration changed: recreating it (its objects are lost)"
  run_kwokctl delete cluster
fi

# The real node's kubelet must not outlive (or be left with) the control plane
# it registered with; it is started again below when asked for.
bash "$here/real-node/down.sh" 9>&-

# Stray processes of a half-running cluster would hold the ports: stop them
# all (kwokctl signals them; they take a moment to exit).
if [[ -d "$CLUSTER_DIR" ]]; then
  run_kwokctl stop cluster
  for _ in $(seq 150); do ports_free && break; sleep 0.2; done
fi
for port in "${CLUSTER_PORTS[@]}"; do
  if port_in_use "$port"; then
    owner="$(port_owner "$port")"
    die "port $port is taken${owner:+ by $owner}: stop that, or set the CLUSTER_*_PORT variables (scripts/cluster/config.sh)"
  fi
done

if [[ -d "$CLUSTER_DIR" ]]; then
  log "starting the control plane (state in $CLUSTER_DIR)"
  run_kwokctl start cluster
else
  log "creating the control plane (Kubernetes v$K8S_VERSION, etcd v$ETCD_VERSION, kwok v$KWOK_VERSION)"
  # --kubeconfig "": leave ~/.kube/config alone; .local/kubeconfig is written below.
  run_kwokctl create cluster --config "$config" --config "$here/stages.yaml" --kubeconfig ""
  echo "$want_hash" >"$hash_file"
fi

write_kubeconfig
wait_for 120 kube-apiserver apiserver_ready
apply_objects
kubectl wait --for=condition=Ready node -l type=kwok --timeout=60s >/dev/null
# The service-account controllers are up once `default` has its ServiceAccount
# and root CA: only then can pods be created in a new namespace.
wait_for 60 "kube-controller-manager" kubectl -n default get serviceaccount/default configmap/kube-root-ca.crt
log "control plane up in $(($(date +%s) - started))s: https://127.0.0.1:$CLUSTER_APISERVER_PORT, $(kubectl get nodes --no-headers | wc -l) nodes (KUBECONFIG=$CLUSTER_KUBECONFIG)"
real_node_up
cluster_status ready "" "$up_started" "" ""
