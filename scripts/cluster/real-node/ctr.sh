#!/usr/bin/env bash
# `ctr` against the real node's containerd, in its Kubernetes namespace:
#   bash scripts/cluster/real-node/ctr.sh images ls
#   bash scripts/cluster/real-node/ctr.sh images import image.tar
#   bash scripts/cluster/real-node/ctr.sh containers ls
# The socket is a file of this checkout (.local/real-node/run/), so this runs
# on the host; imports land where the kubelet's pods look (k8s.io).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
LOG_TAG=real-node; source "$here/../../lib.sh"; source "$here/../config.sh"; source "$here/config.sh"
[[ -S "$REAL_NODE_CONTAINERD_SOCKET" ]] || die "the real node's containerd is not running (npm run cluster:up -- --real-node)"
exec ctr -n k8s.io --address "$REAL_NODE_CONTAINERD_SOCKET" "$@"
