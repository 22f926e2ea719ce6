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
# GOFLAGS from the caller (e.g. -p=2 to bound parallel compiles) are kept.
export GOTOOLCHAIN=local GOFLAGS="${GOFLAGS:+$GOFLAGS }-buildvcs=false" CGO_ENABLED=0

log() { printf '[cluster:build] %s\n' "$*" >&2; }
# Logs how long a step took (first builds are long; the numbers go in docs/local-cluster.md).
require_go() {
  command -v go >/dev/null || { log "error: Go (1.26 or newer) is needed to build the local control plane: https://go.dev/dl/"; exit 1; }
}
timed() { # label command...
  local label="$1" t=$SECONDS; shift
  "$@"
  if ((SECONDS > t)); then log "  $label took $((SECONDS - t))s"; fi
}

build_kubernetes() {
  local out="$CLUSTER_BIN/kubernetes-$K8S_VERSION"
  if [[ -x "$out/kube-apiserver" && -x "$out/kube-controller-manager" && -x "$out/kube-scheduler" && -x "$out/kubectl" ]]; then return; fi
  require_go
  log "building Kubernetes v$K8S_VERSION (first time only; long on 2 cores)"
  local work; work="$(mktemp -d)"
  local minor="0.${K8S_VERSION#1.}"
  # Its go.mod, through the Go module proxy (GOPROXY is honoured).
  local mod; mod="$(cat "$(cd "$work" && go mod download -json "k8s.io/kubernetes@v$K8S_VERSION" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",*$/\1/p')")"
  {
    echo "module storefleet.local/k8sbuild"
    echo "go 1.25.0"
    echo "require k8s.io/kubernetes v$K8S_VERSION"
    echo "replace ("
    grep -oE 'k8s.io/[a-z0-9-]+ => ./staging/src/k8s.io/[a-z0-9-]+' <<<"$mod" | awk -v v="v$minor" '{print "\t" $1 " => " $1 " " v}'
    echo ")"
  } >"$work/go.mod"
  cat >"$work/tools.go" <<'GO'
//go:build tools
package tools
import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
GO
  (cd "$work" && go mod tidy -e >/dev/null 2>&1 || true; cd "$work" && GOFLAGS="$GOFLAGS -mod=mod" go mod download k8s.io/kubernetes)
  mkdir -p "$out.tmp"
  for cmd in kube-apiserver kube-controller-manager kube-scheduler kubectl; do
    log "  go build $cmd"
    (cd "$work" && GOFLAGS="$GOFLAGS -mod=mod" go build -trimpath -ldflags "-s -w -X k8s.io/component-base/version.gitVersion=v$K8S_VERSION -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=${K8S_VERSION#1.}" -o "$out.tmp/$cmd" "k8s.io/kubernetes/cmd/$cmd")
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

mkdir -p "$CLUSTER_BIN"
# One build at a time (cluster:up of parallel test runs, or cluster:build by hand).
exec 8>"$CLUSTER_BIN/.build.lock"
flock 8
start=$(date +%s)
timed kwok build_go_install kwok sigs.k8s.io/kwok "$KWOK_VERSION" kwok kwokctl
timed etcd build_etcd
timed helm build_go_install helm helm.sh/helm/v4 "$HELM_VERSION" helm
timed Kubernetes build_kubernetes
log "binaries ready in $CLUSTER_BIN ($(( $(date +%s) - start ))s)"
