# Versions of the local control plane's components. Changing one rebuilds it
# into a new cache folder; the old one stays until removed by hand.
# Every module's go.mod must ask for Go <= the installed toolchain (1.26).
export K8S_VERSION="${K8S_VERSION:-1.35.4}"
export ETCD_VERSION="${ETCD_VERSION:-3.6.16}"
export KWOK_VERSION="${KWOK_VERSION:-0.8.0}"
export HELM_VERSION="${HELM_VERSION:-4.3.1}"
export STOREFLEET_CACHE="${STOREFLEET_CACHE:-$HOME/.cache/storefleet}"
export CLUSTER_BIN="$STOREFLEET_CACHE/cluster-bin"
