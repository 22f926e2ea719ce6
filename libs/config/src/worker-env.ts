import { isIP } from 'node:net';

import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, Matches, Max, Min } from 'class-validator';

import { PlatformEnv, toBoolean } from './common-env.js';
import { loadConfig } from './load-config.js';

const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
/**
 * A fully qualified image reference (registry host first: CRI-O refuses short
 * names under short-name enforcing) pinned by tag or digest: never "latest",
 * never untagged.
 */
const PINNED_IMAGE =
  /^(localhost|[a-z0-9-]+(\.[a-z0-9-]+)+)(:\d+)?\/[a-z0-9][\w./-]*(:(?!latest$)[\w][\w.-]{0,127}|@sha256:[a-f0-9]{64})$/;
const PINNED_IMAGE_MESSAGE = 'must be a fully qualified image (registry/name) pinned by tag (not latest) or digest';

/** The worker's environment, validated once at start-up (see docs/configuration.md, section Worker). */
export class WorkerEnv extends PlatformEnv {
  // --- Queues -----------------------------------------------------------------

  /** Stores this pod provisions at once. */
  @IsInt()
  @Min(1)
  @Max(50)
  PROVISIONING_CONCURRENCY: number = 2;

  /** Stores this pod tears down at once. */
  @IsInt()
  @Min(1)
  @Max(50)
  TEARDOWN_CONCURRENCY: number = 2;

  /** Suspends and resumes this pod runs at once. */
  @IsInt()
  @Min(1)
  @Max(50)
  OPERATIONS_CONCURRENCY: number = 2;

  /** Backup and restore jobs this pod looks after at once (each pick-up is short: a waiting Job is put back as delayed). */
  @IsInt()
  @Min(1)
  @Max(50)
  BACKUP_CONCURRENCY: number = 2;

  /** A job whose worker stops renewing its lock this long is handed to another worker. */
  @IsInt()
  @Min(5)
  @Max(600)
  JOB_LOCK_SECONDS: number = 30;

  // --- Provisioning -------------------------------------------------------------

  /** A store not ready this long after provisioning started is failed with the reason read from the cluster. */
  @IsInt()
  @Min(30)
  PROVISIONING_DEADLINE_SECONDS: number = 600;

  /** How long a job waits before trying again when its owner already has the maximum of stores provisioning. */
  @IsInt()
  @Min(1)
  @Max(600)
  PROVISIONING_LIMIT_RECHECK_SECONDS: number = 10;

  /** How often a requested store checks again whether the cluster answers, while it does not (npm start's first build). */
  @IsInt()
  @Min(1)
  @Max(600)
  CLUSTER_RECHECK_SECONDS: number = 10;

  /** How long teardown waits for Kubernetes to finalise a store's namespace before retrying. */
  @IsInt()
  @Min(30)
  TEARDOWN_TIMEOUT_SECONDS: number = 600;

  /**
   * How long a resume waits for the store's workloads to be ready again before
   * the store is marked degraded with the reason (the reconciler then heals it).
   */
  @IsInt()
  @Min(30)
  STORE_OPERATION_DEADLINE_SECONDS: number = 600;

  // --- Reconciler -----------------------------------------------------------------

  /** How often the reconciler's pass enqueues one store.reconcile job per store. */
  @IsInt()
  @Min(10)
  RECONCILE_INTERVAL_SECONDS: number = 60;

  /** store.reconcile jobs this pod runs at once. */
  @IsInt()
  @Min(1)
  @Max(100)
  RECONCILE_CONCURRENCY: number = 3;

  /**
   * A healthy store is fully re-applied (every object, server-side apply) once
   * every this many passes, spread evenly; in between only a store the
   * cluster-wide inventory shows missing something is. 1: every pass.
   */
  @IsInt()
  @Min(1)
  @Max(1000)
  RECONCILE_FULL_REPAIR_PASSES: number = 10;

  /** Delete namespaces labelled as this platform's that belong to no live store (otherwise only report them). */
  @Transform(toBoolean)
  @IsBoolean()
  RECONCILE_DELETE_ORPHANS: boolean = false;

  // --- Stores' manifests ------------------------------------------------------------

  @Matches(DNS_LABEL, { message: 'must be an IngressClass name' })
  STORE_INGRESS_CLASS: string = 'nginx';

  /** Namespace of the ingress controller's pods: the only source allowed to reach a storefront. */
  @Matches(DNS_LABEL, { message: 'must be a namespace name' })
  STORE_INGRESS_NAMESPACE: string = 'ingress-nginx';

  /** Serve storefronts over HTTPS (URLs become https://). */
  @Transform(toBoolean)
  @IsBoolean()
  STORE_TLS_ENABLED: boolean = false;

  /** cert-manager ClusterIssuer that issues each store's certificate; empty uses the ingress controller's default certificate. */
  @Matches(/^([a-z0-9]([a-z0-9.-]*[a-z0-9])?)?$/, { message: 'must be a ClusterIssuer name, or empty' })
  STORE_TLS_CLUSTER_ISSUER: string = '';

  /**
   * JSON object of labels of the ingress controller's pods in STORE_INGRESS_NAMESPACE (e.g.
   * {"app.kubernetes.io/name":"traefik"} on k3s); empty allows every pod of that namespace.
   */
  @Matches(/^(\{.*\})?$/s, { message: 'must be a JSON object of strings, or empty' })
  STORE_INGRESS_POD_LABELS: string = '';

  /** Ports the ingress controller's pods listen on; WordPress reaches its own public host through them. */
  @Matches(/^\d{1,5}(,\d{1,5})*$/, { message: 'must be a comma-separated list of ports' })
  STORE_INGRESS_PORTS: string = '80,443';

  /** Comma-separated CIDRs store pods may never reach, such as the cluster's node addresses. */
  @Matches(/^([0-9a-fA-F.:]+\/\d{1,3}(,[0-9a-fA-F.:]+\/\d{1,3})*)?$/, {
    message: 'must be a comma-separated list of CIDRs, or empty',
  })
  STORE_EGRESS_EXCLUDE_CIDRS: string = '';

  /** StorageClass of store volumes; empty uses the cluster's default. */
  @Matches(/^([a-z0-9]([a-z0-9.-]*[a-z0-9])?)?$/, { message: 'must be a StorageClass name, or empty' })
  STORE_STORAGE_CLASS: string = '';

  /** Marks this installation's namespaces (label storefleet.dev/instance), so installations sharing a cluster never touch each other's. */
  @Matches(DNS_LABEL, { message: 'must be a DNS label' })
  PLATFORM_INSTANCE: string = 'storefleet';

  @Matches(PINNED_IMAGE, { message: PINNED_IMAGE_MESSAGE })
  WOOCOMMERCE_WORDPRESS_IMAGE: string = 'docker.io/library/wordpress:6.8.3-php8.3-apache';

  @Matches(PINNED_IMAGE, { message: PINNED_IMAGE_MESSAGE })
  WOOCOMMERCE_MARIADB_IMAGE: string = 'docker.io/library/mariadb:11.4.8';

  @Matches(PINNED_IMAGE, { message: PINNED_IMAGE_MESSAGE })
  WOOCOMMERCE_WPCLI_IMAGE: string = 'docker.io/library/wordpress:cli-2.12.0-php8.3';

  /** The Medusa store image, built from docker/medusa/Dockerfile and pushed where the cluster can pull it. */
  @Matches(PINNED_IMAGE, { message: PINNED_IMAGE_MESSAGE })
  MEDUSA_IMAGE: string = 'docker.io/storefleet/medusa:0.1.0';

  @Matches(PINNED_IMAGE, { message: PINNED_IMAGE_MESSAGE })
  MEDUSA_POSTGRES_IMAGE: string = 'docker.io/library/postgres:17.5-bookworm';

  @Matches(PINNED_IMAGE, { message: PINNED_IMAGE_MESSAGE })
  MEDUSA_REDIS_IMAGE: string = 'docker.io/library/redis:7.4.2-bookworm';

  /** The nginx-unprivileged image that serves a suspended store's "this shop is paused" page. */
  @Matches(PINNED_IMAGE, { message: PINNED_IMAGE_MESSAGE })
  STORE_PAUSED_PAGE_IMAGE: string = 'docker.io/nginxinc/nginx-unprivileged:1.28.0-alpine';

  /** WooCommerce plugin version the setup Job installs; empty takes the latest stable release. */
  @Matches(/^(\d+\.\d+(\.\d+)?)?$/, { message: 'must be a version such as 9.8.5, or empty' })
  WOOCOMMERCE_PLUGIN_VERSION: string = '';

  /** Storefront theme version; empty takes the latest stable release. */
  @Matches(/^(\d+\.\d+(\.\d+)?)?$/, { message: 'must be a version such as 4.6.1, or empty' })
  STOREFRONT_THEME_VERSION: string = '';

  /** Run store pods on the local real node (label and taint storefleet.dev/real-node; docs/local-cluster.md). */
  @Transform(toBoolean)
  @IsBoolean()
  STORE_REAL_NODE: boolean = false;

  /** JSON object of annotations added to every store pod (e.g. for a service mesh or log shipping). */
  @Matches(/^(\{.*\})?$/s, { message: 'must be a JSON object of strings, or empty' })
  STORE_POD_ANNOTATIONS: string = '';

  // --- Liveness ---------------------------------------------------------------------

  /** File the worker touches every HEARTBEAT_INTERVAL_SECONDS while its event loop runs (the liveness probe reads it); empty: none. */
  @Matches(/^(\/[\w./-]+)?$/, { message: 'must be an absolute path, or empty' })
  HEARTBEAT_FILE: string = '';

  @IsInt()
  @Min(1)
  @Max(300)
  HEARTBEAT_INTERVAL_SECONDS: number = 10;

  // --- Kubernetes client ---------------------------------------------------------------

  /** Sustained Kubernetes API requests per second from this pod (client-side token bucket). */
  @IsInt()
  @Min(1)
  @Max(1000)
  KUBE_QPS: number = 20;

  /** Requests this pod may send at once above KUBE_QPS. */
  @IsInt()
  @Min(1)
  @Max(2000)
  KUBE_BURST: number = 40;

  @IsInt()
  @Min(1)
  @Max(300)
  KUBE_REQUEST_TIMEOUT_SECONDS: number = 30;

  /** Port of the worker's Prometheus endpoint (GET /metrics, all interfaces); 0 takes a free port. */
  @IsInt()
  @Min(0)
  @Max(65535)
  METRICS_PORT: number = 9464;
}

/** A variable holding a flat JSON object of strings (annotations, labels). */
export function parseStringMap(name: string, raw: string): Record<string, string> {
  if (!raw) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error(`${name}: must be a JSON object of strings`);
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    Array.isArray(parsed) ||
    Object.values(parsed).some((v) => typeof v !== 'string')
  ) {
    throw new Error(`${name}: must be a JSON object of strings`);
  }
  return parsed as Record<string, string>;
}

/** Annotations from STORE_POD_ANNOTATIONS, checked to be a flat object of strings. */
export function parsePodAnnotations(raw: string): Record<string, string> {
  return parseStringMap('STORE_POD_ANNOTATIONS', raw);
}

/** CIDRs from STORE_EGRESS_EXCLUDE_CIDRS, each an IPv4 or IPv6 address with a prefix length that fits it. */
export function parseCidrs(raw: string): string[] {
  if (!raw) return [];
  return raw.split(',').map((cidr) => {
    const [address = '', bits = ''] = cidr.split('/');
    const family = isIP(address);
    if (family === 0 || Number(bits) > (family === 4 ? 32 : 128)) {
      throw new Error(`STORE_EGRESS_EXCLUDE_CIDRS: ${cidr} is not a CIDR`);
    }
    return cidr;
  });
}

export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerEnv {
  const config = loadConfig(WorkerEnv, env);
  parsePodAnnotations(config.STORE_POD_ANNOTATIONS);
  parseStringMap('STORE_INGRESS_POD_LABELS', config.STORE_INGRESS_POD_LABELS);
  parseCidrs(config.STORE_EGRESS_EXCLUDE_CIDRS);
  if (config.STORE_INGRESS_PORTS.split(',').some((port) => Number(port) < 1 || Number(port) > 65535)) {
    throw new Error('STORE_INGRESS_PORTS: every port must be between 1 and 65535');
  }
  // Each running job may hold one connection (its store lock) and write through another.
  const needed =
    config.PROVISIONING_CONCURRENCY +
    config.TEARDOWN_CONCURRENCY +
    config.OPERATIONS_CONCURRENCY +
    config.RECONCILE_CONCURRENCY +
    3;
  if (config.DATABASE_POOL_SIZE < needed) {
    throw new Error(
      `DATABASE_POOL_SIZE: must be at least ${needed} for this concurrency (provisioning + teardown + operations + reconcile + 3)`,
    );
  }
  return config;
}
