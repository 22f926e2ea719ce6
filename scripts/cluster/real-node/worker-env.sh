#!/usr/bin/env bash
# The worker's settings for stores that run on the real node, as NAME=value
# lines (`STOREFLEET_REAL_NODE=1 npm start` exports them: scripts/start.sh). A
# variable already set in the environment keeps its value. The images are the
# references `npm run images` gives this tree (scripts/images/refs.sh): start.sh
# builds and imports them in the background.
#   bash scripts/cluster/real-node/worker-env.sh            the settings
#   bash scripts/cluster/real-node/worker-env.sh --images   the images they name (for scripts/images/build.sh)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../../lib.sh"; source "$here/../config.sh"; source "$here/config.sh"

# Worker variable = image of scripts/images/images.sh (Debian stand-ins for Postgres, Redis,
# nginx and the backup Jobs' curl).
store_images=(MEDUSA_IMAGE=medusa MEDUSA_POSTGRES_IMAGE=postgres MEDUSA_REDIS_IMAGE=redis
  STORE_PAUSED_PAGE_IMAGE=nginx-unprivileged BACKUP_TRANSFER_IMAGE=curl)

if [[ "${1:-}" == --images ]]; then
  for pair in "${store_images[@]}"; do echo "${pair#*=}"; done
  exit 0
fi

emit() { printf '%s=%s\n' "$1" "${!1:-$2}"; }
emit STORE_REAL_NODE true
emit STORE_STORAGE_CLASS "$REAL_NODE_STORAGE_CLASS"
emit STORE_INGRESS_CLASS "$REAL_NODE_INGRESS_CLASS"
emit STORE_INGRESS_NAMESPACE "$REAL_NODE_INGRESS_NAMESPACE"
# Backups: the local S3 server (scripts/services/s3.sh) at the node's address, where its relay
# serves it both to the node's Jobs (the presigned URLs name that host) and to the worker on
# this machine (through the veth pair). Another endpoint than the local server's loopback stays.
if [[ "${S3_ENDPOINT:-}" == "http://127.0.0.1:$REAL_NODE_S3_PORT" ]]; then
  printf 'S3_ENDPOINT=http://%s:%s\n' "$REAL_NODE_IP" "$REAL_NODE_S3_PORT"
  emit BACKUP_EGRESS_CIDRS "$REAL_NODE_IP/32"
fi
refs="$(bash "$here/../../images/refs.sh")"
for pair in "${store_images[@]}"; do
  emit "${pair%%=*}" "$(sed -n "s/^${pair#*=}=//p" <<<"$refs")"
done
