#!/usr/bin/env bash
# The real node's part of `npm run cluster:status`: its processes (PID, RSS),
# the Node's readiness, its addons, and where to look. Exits non-zero unless
# all of it runs.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
LOG_TAG=real-node; source "$here/../../lib.sh"; source "$here/../config.sh"; source "$here/config.sh"
ok=1
echo "real node \"$REAL_NODE_NAME\" ($REAL_NODE_IP; label $REAL_NODE_LABEL, taint $REAL_NODE_TAINT)"
printf '  %-22s %-8s %-8s %s\n' COMPONENT STATE PID RSS
for name in "${REAL_NODE_COMPONENTS[@]}"; do
  pid="$(real_node_pid "$name")" state=stopped rss=-
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    state=running rss="$(($(awk '/^VmRSS/ {print $2}' "/proc/$pid/status") / 1024)) MiB"
  else pid=- ok=0; fi
  printf '  %-22s %-8s %-8s %s\n' "$name" "$state" "$pid" "$rss"
done
if ready="$(kubectl get node "$REAL_NODE_NAME" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null)"; then
  echo "  node Ready     $ready"
  [[ $ready == True ]] || ok=0
  echo "  pods on it"
  kubectl get pods -A --field-selector "spec.nodeName=$REAL_NODE_NAME" --no-headers \
    -o custom-columns='NAMESPACE:.metadata.namespace,NAME:.metadata.name,PHASE:.status.phase,IP:.status.podIP' | sed 's/^/    /'
else
  echo "  node           not registered"; ok=0
fi
echo "  ingress        http://127.0.0.1:$REAL_NODE_INGRESS_PORT (IngressClass $REAL_NODE_INGRESS_CLASS; send a Host header)"
echo "  cluster DNS    $CLUSTER_DNS_IP (Services $CLUSTER_SERVICE_CIDR)"
echo "  containerd     $REAL_NODE_CONTAINERD_SOCKET (bash scripts/cluster/real-node/ctr.sh ...)"
echo "  state and logs $REAL_NODE_DIR (logs/, var-log/pods/)"
[[ $ok == 1 ]]
