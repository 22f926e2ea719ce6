#!/usr/bin/env bash
# Runs a command (buildah, with its runc) so that it leaves the host as it was:
# in a private mount namespace where /run, /var/lib and /var/tmp are empty
# tmpfs (runc state, containers/image's blob-info cache, CNI state and temporary
# files land there and vanish), with containers.conf pointing buildah's CNI
# configuration folder into the image cache. Storage is passed by the caller
# (--root/--runroot under ~/.cache/storefleet/images). Builds use
# --network host, so no CNI network is ever set up.
#   sandbox.sh <command> [args...]
set -euo pipefail
: "${IMAGES_CACHE:?IMAGES_CACHE must be set}"
mkdir -p "$IMAGES_CACHE/containers/cni" "$IMAGES_CACHE/tmp"
conf="$IMAGES_CACHE/containers/containers.conf"
[[ -f "$conf" ]] || printf '[network]\nnetwork_backend = "cni"\nnetwork_config_dir = "%s"\n' "$IMAGES_CACHE/containers/cni" >"$conf"
export CONTAINERS_CONF="$conf" TMPDIR="$IMAGES_CACHE/tmp"
exec unshare --mount --propagation private -- bash -c '
  for dir in /run /var/lib /var/tmp; do mount -t tmpfs -o mode=0755,size=2g storefleet-images "$dir"; done
  exec "$@"' _ "$@"
