# Versions of the local control plane's components. Changing one rebuilds it
# into a new cache folder; the old one stays until removed by hand.
# Every module's go.mod must ask for Go <= the installed toolchain (1.26).
export K8S_VERSION="${K8S_VERSION:-1.35.4}"
export ETCD_VERSION="${ETCD_VERSION:-3.6.16}"
export KWOK_VERSION="${KWOK_VERSION:-0.8.0}"
export HELM_VERSION="${HELM_VERSION:-4.3.1}"
export STOREFLEET_CACHE="${STOREFLEET_CACHE:-$HOME/.cache/storefleet}"
export CLUSTER_BIN="$STOREFLEET_CACHE/cluster-bin"
# The real node's extra components (scripts/cluster/build.sh --real-node).
export TRAEFIK_VERSION="${TRAEFIK_VERSION:-3.6.12}"
export COREDNS_VERSION="${COREDNS_VERSION:-1.15.0}"
export KUBE_ROUTER_VERSION="${KUBE_ROUTER_VERSION:-2.1.0}"
# rancher/local-path-provisioner (k3s's default StorageClass): the real node's StorageClass real-node.
export LOCAL_PATH_VERSION="${LOCAL_PATH_VERSION:-0.0.33}"
# pause.c's release in that Kubernetes (build/pause/Makefile TAG).
export PAUSE_VERSION="${PAUSE_VERSION:-3.10.1}"
