#!/usr/bin/env bash
# Starts the real node beside the simulated ones, or confirms that it runs
# (called by `npm run cluster:up -- --real-node` once the control plane is up).
#
# One node, "storefleet-real-node": containerd + runc (Debian), the kubelet
# and kube-proxy (iptables mode) of the same Kubernetes release, kube-router
# enforcing NetworkPolicies, CNI bridge/host-local/portmap/loopback (Debian);
# CoreDNS (kube-system), traefik (namespace traefik, IngressClass traefik) and
# local-path-provisioner (StorageClass real-node, volumes in .local/real-node/volumes)
# run on it as pods. Everything runs inside a private mount namespace (tmpfs
# over /run and /var/lib, .local/real-node/var-log over /var/log, kernel
# defaults the kubelet wants bound over their /proc/sys files) and the node's
# OWN network namespace, joined to the host by one veth pair: iptables rules,
# ip_forward and the pod bridge exist only in there. The host keeps its
# iptables, sysctls, /run, /var/lib and /var/log as they were.
# docs/local-cluster.md ("The real node") explains it all.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
LOG_TAG=real-node; source "$here/../../lib.sh"; source "$here/../config.sh"; source "$here/config.sh"

[[ $(id -u) -eq 0 ]] || die "the real node needs root (namespaces, cgroups, containerd)"
ensure_apt containerd runc containernetworking-plugins iptables iproute2 conntrack ipset socat openssl util-linux procps curl busybox-static
for bin in "$REAL_NODE_K8S_BIN/kubelet" "$REAL_NODE_K8S_BIN/kube-proxy" "$CLUSTER_BIN/kube-router-$KUBE_ROUTER_VERSION/kube-router"; do
  [[ -x "$bin" ]] || die "$bin is missing: run bash scripts/cluster/build.sh --real-node"
done
apiserver_ready || die "the control plane does not answer: npm run cluster:up first"

R="$REAL_NODE_DIR"
mkdir -p "$R" "$REAL_NODE_RUN" "$R/etc/cni" "$R/etc/sysctl" "$R/pki" "$R/logs" "$R/var-log" "$R/containerd" "$R/kubelet" "$REAL_NODE_VOLUMES"
exec 7>"$R/lock"
flock -w 600 7 || die "another real-node start or stop holds $R/lock"
started=$(date +%s)

all_alive() { local c; for c in "${REAL_NODE_COMPONENTS[@]}"; do real_node_alive "$c" || return 1; done; }
node_ready() {
  [[ "$(kubectl get node "$REAL_NODE_NAME" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null)" == True ]]
}
addons_ready() { # CoreDNS, traefik and the volume provisioner each have an available pod
  [[ "$(kubectl -n kube-system get deployment coredns -o jsonpath='{.status.availableReplicas}' 2>/dev/null)" -ge 1 ]] &&
    [[ "$(kubectl -n "$REAL_NODE_INGRESS_NAMESPACE" get deployment traefik -o jsonpath='{.status.availableReplicas}' 2>/dev/null)" -ge 1 ]] &&
    [[ "$(kubectl -n local-path-storage get deployment local-path-provisioner -o jsonpath='{.status.availableReplicas}' 2>/dev/null)" -ge 1 ]]
}

# The pods' view of the cluster (addons.sh): applied on every start.
apply_addons() {
  bash "$here/addons.sh" | kubectl apply --server-side --force-conflicts --field-manager=storefleet-real-node -f - >/dev/null
}

# The node's own images (pause, CoreDNS, traefik, local-path-provisioner and its helper) in its containerd: imported at every start and
# checked on a running node too, since a kubelet under disk pressure garbage-collects them.
import_node_images() {
  local entry name ref binary archive uid layout
  for entry in "${REAL_NODE_IMAGES[@]}"; do
    IFS='|' read -r name ref binary uid layout <<<"$entry"
    [[ -x "$binary" ]] || die "$binary is missing: run bash scripts/cluster/build.sh --real-node"
    archive="$STOREFLEET_CACHE/node-images/$name-${ref##*:}.tar"
    mkdir -p "$(dirname "$archive")"
    [[ -f "$archive" && "$archive" -nt "$binary" ]] ||
      IMAGE_APPLETS="$([[ $layout == applets ]] && echo 1 || true)" bash "$here/image.sh" "$archive" "$ref" "$binary" "${uid:-65532}"
    if ! bash "$here/ctr.sh" images ls -q | grep -qxF "$ref"; then
      log "importing $ref into the node's containerd"
      bash "$here/ctr.sh" images import "$archive" >/dev/null
    fi
  done
}

if all_alive && node_ready; then
  import_node_images
  apply_addons
  wait_for 120 "CoreDNS, traefik and local-path-provisioner on the real node" addons_ready
  log "real node running: $REAL_NODE_NAME (ingress http://127.0.0.1:$REAL_NODE_INGRESS_PORT, containerd $REAL_NODE_CONTAINERD_SOCKET)"
  exit 0
fi
# Half running (a component died, or the control plane was recreated): start over.
REAL_NODE_LOCK_HELD=1 bash "$here/down.sh" >/dev/null

# Starts a long-running process detached from this script (its own session,
# no inherited descriptors), records its PID and logs to logs/<name>.log.
# nsenter and setsid exec, so the PID is the component's own.
spawn() { # name command...
  local name="$1"; shift
  setsid "$@" </dev/null >>"$R/logs/$name.log" 2>&1 7>&- 8>&- 9>&- &
  echo $! >"$REAL_NODE_RUN/$name.pid"
}
spawn_in_node() { local name="$1"; shift; spawn "$name" nsenter --target "$(real_node_pid holder)" --mount --net -- "$@"; }

# --- Certificates and kubeconfigs, signed by the cluster's CA (kwokctl's) ----
ca="$CLUSTER_DIR/pki/ca.crt" ca_key="$CLUSTER_DIR/pki/ca.key"
[[ -f "$ca" && -f "$ca_key" ]] || die "no cluster CA in $CLUSTER_DIR/pki"
client_cert() { # file-stem common-name organisation
  local stem="$R/pki/$1"
  [[ -f "$stem.crt" && "$(cat "$stem.ca-sum" 2>/dev/null)" == "$(sha256sum <"$ca")" ]] && return
  (umask 077 && openssl ecparam -genkey -name prime256v1 -noout -out "$stem.key" 2>/dev/null)
  openssl req -new -key "$stem.key" -subj "/O=$3/CN=$2" 2>/dev/null |
    openssl x509 -req -CA "$ca" -CAkey "$ca_key" -CAcreateserial -CAserial "$R/pki/ca.srl" -days 365 \
      -extfile <(printf 'keyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n') -out "$stem.crt" 2>/dev/null
  sha256sum <"$ca" >"$stem.ca-sum"
}
kubeconfig() { # file-stem
  cat >"$R/pki/$1.kubeconfig" <<YAML
apiVersion: v1
kind: Config
clusters:
- name: storefleet
  cluster: {server: "https://127.0.0.1:$CLUSTER_APISERVER_PORT", certificate-authority: "$ca"}
users:
- name: $1
  user: {client-certificate: "$R/pki/$1.crt", client-key: "$R/pki/$1.key"}
contexts:
- name: $1
  context: {cluster: storefleet, user: $1}
current-context: $1
YAML
}
client_cert kubelet "system:node:$REAL_NODE_NAME" system:nodes && kubeconfig kubelet
client_cert kube-proxy system:kube-proxy system:node-proxiers && kubeconfig kube-proxy
client_cert kube-router storefleet:kube-router storefleet:real-node && kubeconfig kube-router

# --- Configuration files --------------------------------------------------
cat >"$R/etc/containerd.toml" <<TOML
version = 2
root = "$R/containerd/root"
state = "/run/containerd"
disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.zfs", "io.containerd.tracing.processor.v1.otlp", "io.containerd.internal.v1.tracing"]
[grpc]
  address = "$REAL_NODE_CONTAINERD_SOCKET"
[plugins."io.containerd.internal.v1.opt"]
  path = "$R/containerd/opt"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$REAL_NODE_PAUSE_IMAGE"
  # This VM lacks CAP_SYS_RESOURCE: runc cannot raise oom_score_adj.
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        BinaryName = "/usr/sbin/runc"
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$R/etc/cni"
TOML

# The bridge exists before the first pod, with its address: the plugin then
# needs no gateway role (isGateway false) and adds no masquerading.
cat >"$R/etc/cni/10-storefleet.conflist" <<JSON
{
  "cniVersion": "1.0.0",
  "name": "storefleet",
  "plugins": [
    {
      "type": "bridge", "bridge": "cni0", "isGateway": false, "ipMasq": false, "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "ranges": [[{"subnet": "$REAL_NODE_POD_CIDR", "gateway": "$REAL_NODE_POD_GATEWAY"}]],
        "routes": [{"dst": "0.0.0.0/0", "gw": "$REAL_NODE_POD_GATEWAY"}]
      }
    },
    {"type": "portmap", "capabilities": {"portMappings": true}}
  ]
}
JSON
# Pods with dnsPolicy Default (CoreDNS) get no upstream resolver: the node
# has no way out; ClusterFirst pods get the cluster DNS (kubelet clusterDNS).
printf '# The real node has no upstream DNS: only cluster names resolve.\noptions ndots:1\n' >"$R/etc/resolv.conf"

cat >"$R/etc/kubelet.yaml" <<YAML
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $REAL_NODE_IP
port: 10250
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: 10248
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: "$ca"}
authorization: {mode: Webhook}
containerRuntimeEndpoint: unix://$REAL_NODE_CONTAINERD_SOCKET
cgroupDriver: cgroupfs
cgroupRoot: /$REAL_NODE_CGROUP
# This VM's cgroup v1 hybrid layout: 1.35 refuses cgroup v1 unless told.
failCgroupV1: false
failSwapOn: false
# The kernel defaults it wants are bound over /proc/sys in the node's mount
# namespace (up.sh): it checks them instead of setting them host-wide.
protectKernelDefaults: true
makeIPTablesUtilChains: false
clusterDNS: [$CLUSTER_DNS_IP]
clusterDomain: cluster.local
resolvConf: "$R/etc/resolv.conf"
registerWithTaints:
- {key: storefleet.dev/real-node, value: "true", effect: NoSchedule}
maxPods: 110
serializeImagePulls: false
evictionHard: {memory.available: 200Mi, nodefs.available: 5%, imagefs.available: 5%}
imageGCHighThresholdPercent: 95
imageGCLowThresholdPercent: 90
rotateCertificates: false
serverTLSBootstrap: false
YAML

cat >"$R/etc/kube-proxy.yaml" <<YAML
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: iptables
clientConnection: {kubeconfig: "$R/pki/kube-proxy.kubeconfig"}
hostnameOverride: $REAL_NODE_NAME
clusterCIDR: $REAL_NODE_POD_CIDR
bindAddress: $REAL_NODE_IP
healthzBindAddress: 127.0.0.1:10256
metricsBindAddress: 127.0.0.1:10249
# conntrack limits are kernel-wide: leave them as they are.
conntrack: {maxPerCore: 0, min: 0, tcpEstablishedTimeout: 0s, tcpCloseWaitTimeout: 0s}
YAML

# The kubelet's kernel defaults (protectKernelDefaults), as files bound over
# /proc/sys inside the node's mount namespace only.
sysctls=(vm/overcommit_memory=1 vm/panic_on_oom=0 kernel/panic=10 kernel/panic_on_oops=1
  kernel/keys/root_maxkeys=1000000 kernel/keys/root_maxbytes=25000000)

# --- Host side: the API server relay -------------------------------------
# A Unix socket in .local (mode 600) that leads to the API server's loopback
# port: the node's own relay (below) connects to it. No new TCP port on the host.
rm -f "$REAL_NODE_RUN/apiserver.sock"
spawn apiserver-relay socat "UNIX-LISTEN:$REAL_NODE_RUN/apiserver.sock,fork,mode=600" "TCP:127.0.0.1:$CLUSTER_APISERVER_PORT"
# The same for the local S3 server (backups): its loopback port, through a socket.
rm -f "$REAL_NODE_RUN/s3.sock"
spawn s3-relay socat "UNIX-LISTEN:$REAL_NODE_RUN/s3.sock,fork,mode=600" "TCP:127.0.0.1:$REAL_NODE_S3_PORT"

# --- The node's namespaces ----------------------------------------------------
# The holder keeps the mount and network namespaces alive; every node process
# joins them with nsenter.
spawn holder unshare --mount --net --propagation private sleep infinity
own_namespaces() { [[ "$(readlink "/proc/$(real_node_pid holder)/ns/net")" != "$(readlink /proc/self/ns/net)" ]]; }
wait_for 5 "the node's namespaces" own_namespaces

# The kubelet's cgroup root in every hierarchy (cpuset needs its CPUs and
# memory nodes copied from the root).
for hierarchy in /sys/fs/cgroup/*/; do
  [[ -f "$hierarchy/cgroup.procs" ]] || continue
  mkdir -p "$hierarchy$REAL_NODE_CGROUP"
  if [[ -f "$hierarchy/cpuset.cpus" ]]; then
    cat "$hierarchy/cpuset.cpus" >"$hierarchy$REAL_NODE_CGROUP/cpuset.cpus"
    cat "$hierarchy/cpuset.mems" >"$hierarchy$REAL_NODE_CGROUP/cpuset.mems"
  fi
done

ip link add "$REAL_NODE_VETH" type veth peer name eth0 netns "$(real_node_pid holder)"
ip addr add "$REAL_NODE_HOST_IP/30" dev "$REAL_NODE_VETH"
ip link set "$REAL_NODE_VETH" up

# The address the API server advertises (the kubernetes Service's endpoint:
# the host's own address, where it does not listen, as it binds loopback).
# Inside the node that address is made local and leads to the relay below.
advertised="$(kubectl get endpointslice kubernetes -n default -o jsonpath='{.endpoints[0].addresses[0]}')"
[[ -n "$advertised" ]] || die "the kubernetes Service has no endpoint"

# Inside: mounts, the node's address, the pod bridge, and the node's own
# network sysctls (they exist per network namespace; the host's stay).
in_node env R="$R" NODE_IP="$REAL_NODE_IP" HOST_IP="$REAL_NODE_HOST_IP" GATEWAY="$REAL_NODE_POD_GATEWAY" \
  POD_CIDR="$REAL_NODE_POD_CIDR" SYSCTLS="${sysctls[*]}" ADVERTISED="$advertised" bash -euo pipefail -c '
  mount -t tmpfs -o mode=0755 storefleet-run /run
  mount -t tmpfs -o mode=0755 storefleet-var-lib /var/lib
  mount --bind "$R/var-log" /var/log
  for kv in $SYSCTLS; do
    file="$R/etc/sysctl/${kv%%=*}"; mkdir -p "$(dirname "$file")"; echo "${kv#*=}" >"$file"
    mount --bind "$file" "/proc/sys/${kv%%=*}"
  done
  ip link set lo up
  [[ $ADVERTISED == 127.* ]] || ip addr add "$ADVERTISED/32" dev lo
  ip addr add "$NODE_IP/30" dev eth0
  ip link set eth0 up
  ip route add default via "$HOST_IP"
  ip link add cni0 type bridge
  ip addr add "$GATEWAY/${POD_CIDR#*/}" dev cni0
  ip link set cni0 up
  # hostPort (portmap) traffic from the host crosses from eth0 to cni0;
  # Service traffic between pods on the bridge passes iptables (kube-proxy).
  sysctl -qw net.ipv4.ip_forward=1 net.bridge.bridge-nf-call-iptables=1
'

# The node's end of the API server relay: the kubelet, kube-proxy and
# kube-router use https://127.0.0.1:<port>, as on the host; pods reach it
# through the kubernetes Service (its endpoint is local in here). Only the
# host (veth) and the node's pods can reach the node's addresses.
spawn_in_node node-apiserver-relay socat "TCP-LISTEN:$CLUSTER_APISERVER_PORT,fork,reuseaddr" "UNIX-CONNECT:$REAL_NODE_RUN/apiserver.sock"
# The node's end of the S3 relay: pods (the worker, backup and restore Jobs)
# reach the local S3 server at http://$REAL_NODE_IP:$REAL_NODE_S3_PORT.
spawn_in_node node-s3-relay socat "TCP-LISTEN:$REAL_NODE_S3_PORT,bind=$REAL_NODE_IP,fork,reuseaddr" "UNIX-CONNECT:$REAL_NODE_RUN/s3.sock"

# --- containerd and the node's images -------------------------------------
rm -f "$REAL_NODE_CONTAINERD_SOCKET"
spawn_in_node containerd containerd --config "$R/etc/containerd.toml"
wait_for 30 containerd bash "$here/ctr.sh" version
import_node_images

# --- kubelet, kube-proxy, kube-router -----------------------------------------
spawn_in_node kubelet "$REAL_NODE_K8S_BIN/kubelet" --config="$R/etc/kubelet.yaml" \
  --kubeconfig="$R/pki/kubelet.kubeconfig" --root-dir="$R/kubelet" --cert-dir="$R/kubelet/pki" \
  --hostname-override="$REAL_NODE_NAME" --node-ip="$REAL_NODE_IP" --node-labels="$REAL_NODE_LABEL"
kubelet_healthy() { in_node curl -sf --max-time 2 http://127.0.0.1:10248/healthz; }
wait_for 120 "the kubelet's health check" kubelet_healthy
wait_for 60 "the kubelet registering $REAL_NODE_NAME" kubectl get node "$REAL_NODE_NAME"
# The node's pod range (no controller allocates it here); set once, immutable.
if [[ -z "$(kubectl get node "$REAL_NODE_NAME" -o jsonpath='{.spec.podCIDR}')" ]]; then
  kubectl patch node "$REAL_NODE_NAME" --type merge -p "{\"spec\":{\"podCIDR\":\"$REAL_NODE_POD_CIDR\",\"podCIDRs\":[\"$REAL_NODE_POD_CIDR\"]}}" >/dev/null
fi
spawn_in_node kube-proxy "$REAL_NODE_K8S_BIN/kube-proxy" --config="$R/etc/kube-proxy.yaml"
apply_addons # RBAC for kube-router among them
spawn_in_node kube-router "$CLUSTER_BIN/kube-router-$KUBE_ROUTER_VERSION/kube-router" \
  --kubeconfig="$R/pki/kube-router.kubeconfig" --hostname-override="$REAL_NODE_NAME" \
  --run-firewall=true --run-router=false --run-service-proxy=false --metrics-port=0 \
  --service-cluster-ip-range="$CLUSTER_SERVICE_CIDR"
wait_for 120 "$REAL_NODE_NAME Ready" node_ready

# --- Ingress from the host's loopback --------------------------------------
# traefik's pod publishes hostPort 80 on the node's address; this relay puts
# it on 127.0.0.1:$REAL_NODE_INGRESS_PORT.
spawn ingress-relay socat "TCP-LISTEN:$REAL_NODE_INGRESS_PORT,bind=127.0.0.1,fork,reuseaddr" "TCP:$REAL_NODE_IP:80"
wait_for 180 "CoreDNS, traefik and local-path-provisioner on the real node" addons_ready
log "real node up in $(($(date +%s) - started))s: $REAL_NODE_NAME ($REAL_NODE_IP), ingress http://127.0.0.1:$REAL_NODE_INGRESS_PORT, containerd $REAL_NODE_CONTAINERD_SOCKET"
