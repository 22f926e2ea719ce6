#!/usr/bin/env bash
# Builds the local control plane's binaries from the Go module proxy, once per
# version, into a cache outside the work tree:
#   kube-apiserver, kube-controller-manager, kube-scheduler, kubectl (k8s.io/kubernetes)
#   etcd (go.etcd.io/etcd/server/v3), kwok + kwokctl, helm.
# k8s.io/kubernetes and etcd cannot be `go install`ed (their go.mod replaces
# sibling modules with local paths), so each is built through a tiny wrapper
# module that points those replacements at the published versions.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/versions.sh"
LOG_TAG=cluster:build; source "$here/../lib.sh" # ensure_apt
# GOFLAGS from the caller (e.g. -p=2 to bound parallel compiles) are kept.
export GOTOOLCHAIN=local GOFLAGS="${GOFLAGS:+$GOFLAGS }-buildvcs=false" CGO_ENABLED=0

log() { printf '[cluster:build] %s\n' "$*" >&2; }
require_go() {
  command -v go >/dev/null || { log "error: Go (1.26 or newer) is needed to build the local control plane: https://go.dev/dl/"; exit 1; }
}
# Progress lines, the status file, recorded build times (each step's time is logged and kept for the next estimate).
source "$here/progress.sh"

# Writes the wrapper module that builds commands of k8s.io/kubernetes into $1:
# it requires k8s.io/kubernetes and points every staging replacement at the
# published k8s.io/<staging> v0.N.M.
k8s_wrapper_module() { # dir commands...
  local work="$1" minor="0.${K8S_VERSION#1.}" mod
  # Its go.mod, through the Go module proxy (GOPROXY is honoured).
  mod="$(cat "$(cd "$work" && go mod download -json "k8s.io/kubernetes@v$K8S_VERSION" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",*$/\1/p')")"
  {
    echo "module storefleet.local/k8sbuild"
    echo "go 1.25.0"
    echo "require k8s.io/kubernetes v$K8S_VERSION"
    echo "replace ("
    grep -oE 'k8s.io/[a-z0-9-]+ => ./staging/src/k8s.io/[a-z0-9-]+' <<<"$mod" | awk -v v="v$minor" '{print "\t" $1 " => " $1 " " v}'
    echo ")"
  } >"$work/go.mod"
  shift
  { printf '//go:build tools\npackage tools\nimport (\n'; printf '\t_ "k8s.io/kubernetes/cmd/%s"\n' "$@"; printf ')\n'; } >"$work/tools.go"
  (cd "$work" && go mod tidy -e >/dev/null 2>&1 || true; cd "$work" && GOFLAGS="$GOFLAGS -mod=mod" go mod download k8s.io/kubernetes)
}

# Builds commands of k8s.io/kubernetes into one cache folder (all or none).
build_k8s_commands() { # folder commands...
  local out="$CLUSTER_BIN/$1" missing=0 cmd; shift
  for cmd in "$@"; do [[ -x "$out/$cmd" ]] || missing=1; done
  [[ $missing == 0 ]] && return
  require_go
  log "building $* of Kubernetes v$K8S_VERSION (first time only; long on 2 cores)"
  local work; work="$(mktemp -d)"
  k8s_wrapper_module "$work" "$@"
  mkdir -p "$out.tmp"
  for cmd in "$@"; do
    log "  go build $cmd"
    local t=$SECONDS
    (cd "$work" && GOFLAGS="$GOFLAGS -mod=mod" go build -trimpath -ldflags "-s -w -X k8s.io/component-base/version.gitVersion=v$K8S_VERSION -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=${K8S_VERSION#1.}" -o "$out.tmp/$cmd" "k8s.io/kubernetes/cmd/$cmd")
    log "  $cmd took $((SECONDS - t))s"
  done
  rm -rf "$out"; mv "$out.tmp" "$out"; rm -rf "$work"
}

build_etcd() {
  local out="$CLUSTER_BIN/etcd-$ETCD_VERSION"
  if [[ -x "$out/etcd" ]]; then return; fi
  require_go
  log "building etcd v$ETCD_VERSION"
  local work; work="$(mktemp -d)"
  cat >"$work/go.mod" <<MOD
module storefleet.local/etcdbuild
go 1.26.0
require go.etcd.io/etcd/server/v3 v$ETCD_VERSION
replace (
	go.etcd.io/etcd/api/v3 => go.etcd.io/etcd/api/v3 v$ETCD_VERSION
	go.etcd.io/etcd/client/pkg/v3 => go.etcd.io/etcd/client/pkg/v3 v$ETCD_VERSION
	go.etcd.io/etcd/client/v3 => go.etcd.io/etcd/client/v3 v$ETCD_VERSION
	go.etcd.io/etcd/pkg/v3 => go.etcd.io/etcd/pkg/v3 v$ETCD_VERSION
)
MOD
  mkdir -p "$out.tmp"
  (cd "$work" && GOFLAGS="$GOFLAGS -mod=mod" go build -trimpath -ldflags "-s -w" -o "$out.tmp/etcd" go.etcd.io/etcd/server/v3)
  rm -rf "$out"; mv "$out.tmp" "$out"; rm -rf "$work"
}

build_go_install() { # name module version binaries...
  local name="$1" module="$2" version="$3"; shift 3
  local out="$CLUSTER_BIN/$name-$version" missing=0
  for b in "$@"; do [[ -x "$out/$b" ]] || missing=1; done
  [[ $missing == 0 ]] && return
  require_go
  log "building $name v$version"
  mkdir -p "$out"
  for b in "$@"; do
    GOBIN="$out" go install -trimpath -ldflags "-s -w" "$module/cmd/$b@v$version"
  done
}

# A module whose main package is its root (the binary is named after the
# module's last path element): `go install module@version`, into a temporary
# GOBIN that becomes the cache folder only when the build succeeded.
build_go_install_root() { # name module version
  local name="$1" module="$2" version="$3"
  local out="$CLUSTER_BIN/$name-$version" binary="${2##*/}"
  [[ -x "$out/$binary" ]] && return
  require_go
  log "building $name v$version"
  rm -rf "$out.tmp"; mkdir -p "$out.tmp"
  GOBIN="$out.tmp" go install -trimpath -ldflags "-s -w ${GO_INSTALL_LDFLAGS:-}" "$module@v$version"
  rm -rf "$out"; mv "$out.tmp" "$out"
}

# --- The real node's extra binaries (built only with --real-node) ---------

# A wrapper module: go.mod requiring $2 (plus replace lines from stdin), then
# `go build` of the packages given, into the cache folder $1.
build_wrapped() { # folder module@version binary=package...
  local folder="$1" out="$CLUSTER_BIN/$1" spec="$2" missing=0 pair; shift 2
  for pair in "$@"; do [[ -x "$out/${pair%%=*}" ]] || missing=1; done
  local replaces; replaces="$(cat)"
  [[ $missing == 0 ]] && return
  require_go
  log "building ${spec} (first time only)"
  local work; work="$(mktemp -d)"
  printf 'module storefleet.local/%sbuild\ngo 1.25.0\nrequire %s %s\n%s\n' "${folder%%-*}" "${spec%@*}" "${spec#*@}" "$replaces" >"$work/go.mod"
  if [[ -n "${WRAPPER_MAIN:-}" ]]; then
    printf '%s\n' "$WRAPPER_MAIN" >"$work/main.go"
  else # the packages to build, so that `go mod tidy` keeps the required version
    { printf '//go:build tools\npackage tools\nimport (\n'; for pair in "$@"; do printf '\t_ "%s"\n' "${pair#*=}"; done; printf ')\n'; } >"$work/tools.go"
  fi
  (cd "$work" && GOFLAGS="$GOFLAGS -mod=mod" go mod tidy -e >/dev/null 2>&1 || true)
  mkdir -p "$out.tmp"
  for pair in "$@"; do
    (cd "$work" && GOFLAGS="$GOFLAGS -mod=mod" go build -trimpath -ldflags "-s -w ${WRAPPER_LDFLAGS:-}" -o "$out.tmp/${pair%%=*}" "${pair#*=}")
  done
  rm -rf "$out"; mv "$out.tmp" "$out"; rm -rf "$work"
}

# traefik (the ingress controller): its go.mod replaces three modules with
# forks, which `go install` refuses, so a wrapper module repeats them.
build_traefik() {
  WRAPPER_LDFLAGS="-X github.com/traefik/traefik/v3/pkg/version.Version=v$TRAEFIK_VERSION" \
    build_wrapped "traefik-$TRAEFIK_VERSION" "github.com/traefik/traefik/v3@v$TRAEFIK_VERSION" \
    traefik=github.com/traefik/traefik/v3/cmd/traefik <<'MOD'
replace (
	github.com/abbot/go-http-auth => github.com/containous/go-http-auth v0.4.1-0.20200324110947-a37a7636d23e
	github.com/gorilla/mux => github.com/containous/mux v0.0.0-20250523120546-41b6ec3aed59
	github.com/mailgun/minheap => github.com/containous/minheap v0.0.0-20190809180810-6e71eb837595
)
MOD
}

# CoreDNS with only the plugins the node's Corefile uses (the stock build
# links every cloud DNS SDK): its own coremain, as CoreDNS documents for
# custom builds; the directive order stays CoreDNS's own.
build_coredns() {
  WRAPPER_MAIN='package main

import (
	"github.com/coredns/coredns/coremain"

	_ "github.com/coredns/coredns/plugin/cache"
	_ "github.com/coredns/coredns/plugin/errors"
	_ "github.com/coredns/coredns/plugin/health"
	_ "github.com/coredns/coredns/plugin/kubernetes"
	_ "github.com/coredns/coredns/plugin/loadbalance"
	_ "github.com/coredns/coredns/plugin/log"
	_ "github.com/coredns/coredns/plugin/loop"
	_ "github.com/coredns/coredns/plugin/ready"
	_ "github.com/coredns/coredns/plugin/reload"
)

func main() { coremain.Run() }' build_wrapped "coredns-$COREDNS_VERSION" "github.com/coredns/coredns@v$COREDNS_VERSION" \
    coredns=. </dev/null
}

# The real node's StorageClass (real-node/addons.sh): rancher's
# local-path-provisioner, k3s's default class; its main package is the module root.
build_local_path() {
  GO_INSTALL_LDFLAGS="-X main.VERSION=v$LOCAL_PATH_VERSION" \
    build_go_install_root local-path-provisioner github.com/rancher/local-path-provisioner "$LOCAL_PATH_VERSION"
}

# The sandbox ("pause") image's binary: pause.c of the same Kubernetes
# release, linked statically.
build_pause() {
  local out="$CLUSTER_BIN/pause-$K8S_VERSION"
  [[ -x "$out/pause" ]] && return
  require_go
  ensure_apt gcc libc6-dev
  local src; src="$(cd /tmp && go mod download -json "k8s.io/kubernetes@v$K8S_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",*$/\1/p')/build/pause/linux/pause.c"
  mkdir -p "$out.tmp"
  gcc -Os -Wall -static -DVERSION="v$PAUSE_VERSION-storefleet" -o "$out.tmp/pause" "$src"
  strip "$out.tmp/pause"
  rm -rf "$out"; mv "$out.tmp" "$out"
}

# --- main ----------------------------------------------------------------
# (A function, called on the last line: a running build reads no later edit.)
main() {
local real_node=0 step label files cmd
[[ "${1:-}" == "--real-node" || "${STOREFLEET_REAL_NODE:-}" == "1" ]] && real_node=1

local steps=(
  "kwok|kwok-$KWOK_VERSION/kwok kwok-$KWOK_VERSION/kwokctl|build_go_install kwok sigs.k8s.io/kwok $KWOK_VERSION kwok kwokctl"
  "etcd|etcd-$ETCD_VERSION/etcd|build_etcd"
  "helm|helm-$HELM_VERSION/helm|build_go_install helm helm.sh/helm/v4 $HELM_VERSION helm"
  "Kubernetes|kubernetes-$K8S_VERSION/kube-apiserver kubernetes-$K8S_VERSION/kube-controller-manager kubernetes-$K8S_VERSION/kube-scheduler kubernetes-$K8S_VERSION/kubectl|build_k8s_commands kubernetes-$K8S_VERSION kube-apiserver kube-controller-manager kube-scheduler kubectl"
)
if [[ $real_node == 1 ]]; then
  steps+=(
    "pause|pause-$K8S_VERSION/pause|build_pause"
    "kubelet+kube-proxy|kubernetes-node-$K8S_VERSION/kubelet kubernetes-node-$K8S_VERSION/kube-proxy|build_k8s_commands kubernetes-node-$K8S_VERSION kubelet kube-proxy"
    "kube-router|kube-router-$KUBE_ROUTER_VERSION/kube-router|build_go_install kube-router github.com/cloudnativelabs/kube-router/v2 $KUBE_ROUTER_VERSION kube-router"
    "CoreDNS|coredns-$COREDNS_VERSION/coredns|build_coredns"
    "traefik|traefik-$TRAEFIK_VERSION/traefik|build_traefik"
    "local-path-provisioner|local-path-provisioner-$LOCAL_PATH_VERSION/local-path-provisioner|build_local_path"
  )
fi
present() { local f; for f in "$@"; do [[ -x "$CLUSTER_BIN/$f" ]] || return 1; done; }

mkdir -p "$CLUSTER_BIN"
# One build of each binary at a time (cluster:up of parallel test runs,
# cluster:build by hand): a lock per component, taken only when that binary is
# missing, so a cluster:up whose binaries are cached never waits, and a long
# traefik build never holds up a control-plane start.
local start; start=$(date +%s)
# What is missing, and how long each is expected to take (progress.sh): the
# estimate of "minutes left" in the terminal and the dashboard's banner.
local missing=() expected=() i after t pid
for step in "${steps[@]}"; do
  IFS='|' read -r label files cmd <<<"$step"
  # shellcheck disable=SC2086
  present $files || { missing+=("$step"); expected+=("$(expected_build_seconds "$label")"); }
done
[[ ${#missing[@]} -eq 0 ]] && return 0
# (Globals: the trap runs after main's locals are gone.)
BUILD_STARTED=$start
trap 'rc=$?; ((rc == 0)) || cluster_status failed "$BUILD_LABEL" "$BUILD_STARTED" "" "building $BUILD_LABEL failed (exit $rc)"' EXIT
for i in "${!missing[@]}"; do
  IFS='|' read -r label files cmd <<<"${missing[$i]}"
  BUILD_LABEL="$label"
  after=60 # starting the control plane once built
  for t in "${expected[@]:$((i + 1))}"; do after=$((after + t)); done
  exec 8>"$CLUSTER_BIN/.build-${label//[^A-Za-z0-9]/-}.lock"
  flock 8
  # shellcheck disable=SC2086
  if ! present $files; then
    t=$(date +%s)
    $cmd 8>&- &
    pid=$!
    report_progress "$pid" "$label" "$start" "$t" "${expected[$i]}" "$after" 8>&-
    wait "$pid"
    log "  $label took $(($(date +%s) - t))s"
    record_build_seconds "$label" $(($(date +%s) - t))
  fi
  exec 8>&-
done
trap - EXIT
log "binaries ready in $CLUSTER_BIN ($(( $(date +%s) - start ))s)"
}
main "$@"; exit
