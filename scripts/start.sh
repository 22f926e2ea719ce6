#!/usr/bin/env bash
# `npm start`: everything Storefleet needs on this machine, then the API (which
# also serves the dashboard) and the worker, in the foreground. Ctrl-C stops them.
set -euo pipefail
LOG_TAG=start; source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"

bash scripts/install.sh
source scripts/lib.sh # node_modules/.bin (the project's Node.js) now exists
bash scripts/services/up.sh
load_local_env

# The first admin: from ADMIN_EMAIL/ADMIN_PASSWORD when set, otherwise one
# generated for this checkout and kept in .local/admin (printed below).
if [[ -z "${ADMIN_PASSWORD:-}" ]]; then
  if [[ ! -f "$LOCAL_DIR/admin" ]]; then
    (umask 077; printf 'ADMIN_EMAIL=admin@storefleet.local\nADMIN_PASSWORD=%s\n' "$(random_secret 20)" >"$LOCAL_DIR/admin")
  fi
  set -a; source "$LOCAL_DIR/admin"; set +a
fi

# STOREFLEET_REAL_NODE=1: stores run for real on the local cluster's real node
# (docs/local-cluster.md, "The real node"), so that cluster it must be.
real_node=0 IMAGES_LOG="$LOCAL_DIR/logs/images.log"
if [[ "${STOREFLEET_REAL_NODE:-}" == 1 ]]; then
  real_node=1
  [[ -z "${KUBERNETES_SERVICE_HOST:-}" ]] || die "STOREFLEET_REAL_NODE=1 runs stores on this machine's local real node, not in a cluster"
  # The local kubeconfig named by hand (as docs/local-cluster.md suggests for looking around) is that cluster.
  [[ "${KUBECONFIG:-}" == "$LOCAL_DIR/kubeconfig" ]] && unset KUBECONFIG
  [[ -z "${KUBECONFIG:-}" ]] || die "STOREFLEET_REAL_NODE=1 runs stores on the local cluster's real node: unset KUBECONFIG ($KUBECONFIG)"
fi

cluster_up=0
if [[ -f scripts/cluster/up.sh && -z "${KUBECONFIG:-}" && -z "${KUBERNETES_SERVICE_HOST:-}" ]]; then
  # The local control plane comes up beside the API, worker and dashboard, not before
  # them: the first time it is built from source (~20 min on two cores). Meanwhile the
  # dashboard and API work, the dashboard shows the build's progress (the status file
  # below, GET /api/v1/platform/status), and new stores wait in the queue as `requested`
  # ("waiting for the local cluster to be ready" on their timeline): the worker reads
  # .local/kubeconfig again until the cluster answers. Progress lines: [cluster:build].
  cluster_up=1
  export KUBECONFIG="$LOCAL_DIR/kubeconfig"
  export CLUSTER_STATUS_FILE="$LOCAL_DIR/cluster-status.json" CLUSTER_LOG="$LOCAL_DIR/logs/cluster.log"
  mkdir -p "$LOCAL_DIR/logs"
  : >"$CLUSTER_LOG"
  # The status file says "starting" before anything else is done, so the banner shows at once.
  (source scripts/cluster/versions.sh && source scripts/cluster/progress.sh && cluster_status starting "" "$(date +%s)" 60 "")
  if [[ $real_node == 0 ]]; then
    (bash scripts/cluster/up.sh 2>&1 | tee -a "$CLUSTER_LOG" >&2) &
  else
    # The stores' images (npm run images: Medusa and the Debian stand-ins for Postgres, Redis,
    # the paused page's nginx and the backup Jobs' curl) build meanwhile, at a low priority (a cold build takes
    # ~15 min, cached ones seconds), and are imported into the node once it runs (up.sh with
    # STOREFLEET_REAL_NODE=1 starts it). Both builds hold their own locks.
    : >"$IMAGES_LOG"
    store_images="$(bash scripts/cluster/real-node/worker-env.sh --images | tr '\n' ' ')"
    # shellcheck disable=SC2086 # image names
    (nice -n 10 bash scripts/images/build.sh --no-import $store_images >>"$IMAGES_LOG" 2>&1 || true) &
    # shellcheck disable=SC2086
    (bash scripts/cluster/up.sh 2>&1 | tee -a "$CLUSTER_LOG" >&2 &&
      bash scripts/images/build.sh $store_images 2>&1 | tee -a "$IMAGES_LOG" >&2) &
  fi
fi
if [[ $real_node == 1 ]]; then
  # The worker's settings for stores on the real node (its StorageClass, traefik, the local
  # images' references, the local S3 server at the node's address); what the environment
  # already sets wins (scripts/cluster/real-node/worker-env.sh).
  set -a
  # shellcheck disable=SC1090
  source <(bash scripts/cluster/real-node/worker-env.sh)
  set +a
fi

log "applying database migrations"
npx tsx libs/db/src/migrate/cli.ts apply
log "building api, worker and dashboard"
npx nx run-many -t build --projects=api,worker,dashboard --output-style=stream-without-prefixes >/dev/null

export PORT="${PORT:-3000}" DASHBOARD_DIR="$REPO_ROOT/apps/dashboard/dist" NODE_ENV="${NODE_ENV:-development}"
# Readable logs in the terminal (pino-pretty); containers log JSON (the default).
export LOG_FORMAT="${LOG_FORMAT:-pretty}"
cat >&2 <<MSG

  Storefleet is starting:
    Dashboard  http://127.0.0.1:$PORT/
    API        http://127.0.0.1:$PORT/api/v1  (OpenAPI UI at /api/docs)
    Worker     metrics at http://127.0.0.1:${METRICS_PORT:-9464}/metrics
    Sign in as $ADMIN_EMAIL with the password in .local/admin
MSG
if [[ $cluster_up == 1 ]]; then
  cat >&2 <<MSG
    Cluster    the local control plane comes up in the background ([cluster] lines, log in
               $CLUSTER_LOG; the first build takes ~20 min, the dashboard shows how long is left).
               Until it is ready new stores wait in the queue as "requested".
MSG
fi
if [[ $real_node == 1 ]]; then
  ingress_port="$(source scripts/cluster/config.sh && source scripts/cluster/real-node/config.sh && echo "$REAL_NODE_INGRESS_PORT")"
  cat >&2 <<MSG
    Real node  stores run for real on the cluster's real node, their volumes of StorageClass
               $STORE_STORAGE_CLASS; storefronts through traefik: http://<store>.${STORE_BASE_DOMAIN:-localtest.me}:$ingress_port/
               Their images build meanwhile (log $IMAGES_LOG; done at "imported into the real
               node's containerd"); until then a new store's pods wait in ImagePullBackOff.
MSG
fi
echo >&2
exec npx concurrently --kill-others --names api,worker --prefix-colors blue,magenta \
  "node dist/apps/api/src/main.js" "node dist/apps/worker/src/main.js"
