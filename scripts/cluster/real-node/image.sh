#!/usr/bin/env bash
# Writes an OCI image archive holding one static binary (and nothing else)
# as its entrypoint: image.sh <out.tar> <reference> <binary> [uid]
# For the node's own images (pause, CoreDNS, traefik, local-path-provisioner),
# built here from the cached binaries: there is no registry to pull them from.
# With IMAGE_APPLETS=1 the binary is a busybox: it goes to /bin/busybox with a
# /bin/<applet> link for each of its applets (/bin/sh, mkdir, rm, ...), PATH=/bin
# and /bin/sh as the entrypoint (local-path-provisioner's helper pods run
# `/bin/sh /script/setup`). The archive is reproducible (fixed mtimes and
# owners), so the same binary gives the same image digest. `ctr images import`
# reads it (io.containerd.image.name).
set -euo pipefail
out="$1" ref="$2" binary="$3" uid="${4:-65532}"
name="$(basename "$binary")"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
mkdir -p "$work/rootfs" "$work/oci/blobs/sha256"
entrypoint="/$name" env=""
if [[ "${IMAGE_APPLETS:-}" == 1 ]]; then
  mkdir -p "$work/rootfs/bin"
  install -m 0755 "$binary" "$work/rootfs/bin/busybox"
  for applet in $("$binary" --list); do
    [[ $applet == busybox ]] || ln -s busybox "$work/rootfs/bin/$applet"
  done
  entrypoint=/bin/sh env=',"Env":["PATH=/bin"]'
else
  install -m 0755 "$binary" "$work/rootfs/$name"
fi
mkdir -m 1777 "$work/rootfs/tmp"

blob() { # file -> moves it into blobs/, prints its digest
  local sum; sum="$(sha256sum "$1" | cut -d' ' -f1)"
  mv "$1" "$work/oci/blobs/sha256/$sum"
  echo "$sum"
}
size() { stat -c %s "$work/oci/blobs/sha256/$1"; }

tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$work/rootfs" -cf "$work/layer.tar" .
layer="$(blob "$work/layer.tar")"
printf '{"architecture":"amd64","os":"linux","config":{"User":"%s","Entrypoint":["%s"]%s,"WorkingDir":"/"},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]},"history":[{"created_by":"scripts/cluster/real-node/image.sh %s"}]}' \
  "$uid" "$entrypoint" "$env" "$layer" "$name" >"$work/config.json"
config="$(blob "$work/config.json")"
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"sha256:%s","size":%s}]}' \
  "$config" "$(size "$config")" "$layer" "$(size "$layer")" >"$work/manifest.json"
manifest="$(blob "$work/manifest.json")"
printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"platform":{"architecture":"amd64","os":"linux"},"annotations":{"io.containerd.image.name":"%s","org.opencontainers.image.ref.name":"%s"}}]}' \
  "$manifest" "$(size "$manifest")" "$ref" "${ref##*:}" >"$work/oci/index.json"
echo '{"imageLayoutVersion":"1.0.0"}' >"$work/oci/oci-layout"
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$work/oci" -cf "$out.tmp" .
mv "$out.tmp" "$out"
