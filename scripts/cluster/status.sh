#!/usr/bin/env bash
# `npm run cluster:status`: what of the local control plane runs, where, and
# how to reach it. Exits non-zero unless all of it is up.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
LOG_TAG=cluster; source "$here/../lib.sh"; source "$here/config.sh"

if [[ ! -d "$CLUSTER_DIR" ]]; then
  echo "local control plane: not created (npm run cluster:up)"
  exit 1
fi

ok=1
echo "local control plane \"$CLUSTER_NAME\" (Kubernetes v$K8S_VERSION, etcd v$ETCD_VERSION, kwok v$KWOK_VERSION)"
printf '  %-24s %-8s %-8s %s\n' COMPONENT STATE PID PORT
for component in etcd kube-apiserver kube-controller-manager kube-scheduler kwok-controller; do
  case "$component" in
    etcd) port="$CLUSTER_ETCD_PORT (peer $CLUSTER_ETCD_PEER_PORT)" ;;
    kube-apiserver) port="$CLUSTER_APISERVER_PORT" ;;
    kube-controller-manager) port="$CLUSTER_CONTROLLER_MANAGER_PORT" ;;
    kube-scheduler) port="$CLUSTER_SCHEDULER_PORT" ;;
    kwok-controller) port="$CLUSTER_KWOK_PORT" ;;
  esac
  pid="$(cat "$CLUSTER_DIR/pids/$component.pid" 2>/dev/null || true)"
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then state=running; else state=stopped pid=-; ok=0; fi
  printf '  %-24s %-8s %-8s 127.0.0.1:%s\n' "$component" "$state" "$pid" "$port"
done

if apiserver_ready; then
  echo "  API server     https://127.0.0.1:$CLUSTER_APISERVER_PORT (ready)"
  echo "  kubeconfig     $CLUSTER_KUBECONFIG (admin)"
  echo "  nodes"
  kubectl get nodes --no-headers -o custom-columns='NAME:.metadata.name,READY:.status.conditions[?(@.type=="Ready")].status,CPU:.status.allocatable.cpu,MEMORY:.status.allocatable.memory,PODS:.status.allocatable.pods' | sed 's/^/    /'
  echo "  namespaces     $(kubectl get namespaces --no-headers | wc -l), pods $(kubectl get pods -A --no-headers 2>/dev/null | wc -l)"
else
  echo "  API server     https://127.0.0.1:$CLUSTER_APISERVER_PORT (not answering)"
  ok=0
fi
echo "  state and logs $CLUSTER_DIR (logs/)"
# The real node, when it was ever started (cluster:up -- --real-node).
if [[ -d "$LOCAL_DIR/real-node/run" ]]; then bash "$here/real-node/status.sh" || ok=0; fi
[[ $ok == 1 ]]
