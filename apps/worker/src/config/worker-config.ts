import { LimitsEnv, loadConfig } from '@storefleet/config';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsString, Matches, Max, Min } from 'class-validator';

const HOSTNAME = /^(?=.{1,200}$)([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
/** An image reference pinned by tag or digest: never "latest", never untagged. */
const PINNED_IMAGE = /^[a-z0-9][\w./-]*(:(?!latest$)[\w][\w.-]{0,127}|@sha256:[a-f0-9]{64})$/;
// Reads the raw string: implicit conversion would already have turned "false" into true.
const toBoolean = ({ obj, key }: { obj: Record<string, unknown>; key: string }) => {
  const raw = obj[key];
  return typeof raw === 'string' ? raw.trim().toLowerCase() === 'true' : raw;
};

/** The worker's environment, validated once at start-up (see docs/configuration.md, section Worker). */
export class WorkerEnv extends LimitsEnv {
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

  /** BullMQ key prefix; must equal the API's. */
  @IsString()
  @Matches(/^[\w.-]+$/)
  QUEUE_PREFIX: string = 'storefleet';

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

  /** How long teardown waits for Kubernetes to finalise a store's namespace before retrying. */
  @IsInt()
  @Min(30)
  TEARDOWN_TIMEOUT_SECONDS: number = 600;

  // --- Reconciler -----------------------------------------------------------------

  @IsInt()
  @Min(10)
  RECONCILE_INTERVAL_SECONDS: number = 60;

  /** Delete namespaces labelled as this platform's that belong to no live store (otherwise only report them). */
  @Transform(toBoolean)
  @IsBoolean()
  RECONCILE_DELETE_ORPHANS: boolean = false;

  // --- Stores' manifests ------------------------------------------------------------

  /** Stores are served at <name>.<STORE_BASE_DOMAIN>. */
  @Matches(HOSTNAME, { message: 'must be a lowercase DNS name such as stores.example.com' })
  STORE_BASE_DOMAIN: string = 'localtest.me';

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

  /** StorageClass of store volumes; empty uses the cluster's default. */
  @Matches(/^([a-z0-9]([a-z0-9.-]*[a-z0-9])?)?$/, { message: 'must be a StorageClass name, or empty' })
  STORE_STORAGE_CLASS: string = '';

  /** Marks this installation's namespaces (label storefleet.dev/instance), so installations sharing a cluster never touch each other's. */
  @Matches(DNS_LABEL, { message: 'must be a DNS label' })
  PLATFORM_INSTANCE: string = 'storefleet';

  @Matches(PINNED_IMAGE, { message: 'must be an image pinned by tag (not latest) or digest' })
  WOOCOMMERCE_WORDPRESS_IMAGE: string = 'docker.io/library/wordpress:6.8.3-php8.3-apache';

  @Matches(PINNED_IMAGE, { message: 'must be an image pinned by tag (not latest) or digest' })
  WOOCOMMERCE_MARIADB_IMAGE: string = 'docker.io/library/mariadb:11.4.8';

  @Matches(PINNED_IMAGE, { message: 'must be an image pinned by tag (not latest) or digest' })
  WOOCOMMERCE_WPCLI_IMAGE: string = 'docker.io/library/wordpress:cli-2.12.0-php8.3';

  /** The Medusa store image, built from docker/medusa/Dockerfile and pushed where the cluster can pull it. */
  @Matches(PINNED_IMAGE, { message: 'must be an image pinned by tag (not latest) or digest' })
  MEDUSA_IMAGE: string = 'storefleet/medusa:0.1.0';

  @Matches(PINNED_IMAGE, { message: 'must be an image pinned by tag (not latest) or digest' })
  MEDUSA_POSTGRES_IMAGE: string = 'docker.io/library/postgres:17.5-bookworm';

  @Matches(PINNED_IMAGE, { message: 'must be an image pinned by tag (not latest) or digest' })
  MEDUSA_REDIS_IMAGE: string = 'docker.io/library/redis:7.4.2-bookworm';

  /** WooCommerce plugin version the setup Job installs; empty takes the latest stable release. */
  @Matches(/^(\d+\.\d+(\.\d+)?)?$/, { message: 'must be a version such as 9.8.5, or empty' })
  WOOCOMMERCE_PLUGIN_VERSION: string = '';

  /** Storefront theme version; empty takes the latest stable release. */
  @Matches(/^(\d+\.\d+(\.\d+)?)?$/, { message: 'must be a version such as 4.6.1, or empty' })
  STOREFRONT_THEME_VERSION: string = '';

  /** JSON object of annotations added to every store pod (e.g. for a service mesh or log shipping). */
  @Matches(/^(\{.*\})?$/s, { message: 'must be a JSON object of strings, or empty' })
  STORE_POD_ANNOTATIONS: string = '';

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
}

export const WORKER_CONFIG = Symbol('WORKER_CONFIG');

/** Annotations from STORE_POD_ANNOTATIONS, checked to be a flat object of strings. */
export function parsePodAnnotations(raw: string): Record<string, string> {
  if (!raw) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error('STORE_POD_ANNOTATIONS: must be a JSON object of strings');
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    Array.isArray(parsed) ||
    Object.values(parsed).some((v) => typeof v !== 'string')
  ) {
    throw new Error('STORE_POD_ANNOTATIONS: must be a JSON object of strings');
  }
  return parsed as Record<string, string>;
}

export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerEnv {
  const config = loadConfig(WorkerEnv, env);
  parsePodAnnotations(config.STORE_POD_ANNOTATIONS);
  // Each running step holds one connection (its store lock) and writes through another.
  const needed = config.PROVISIONING_CONCURRENCY + config.TEARDOWN_CONCURRENCY + 3;
  if (config.DATABASE_POOL_SIZE < needed) {
    throw new Error(`DATABASE_POOL_SIZE: must be at least ${needed} for this concurrency (provisioning + teardown + 3)`);
  }
  return config;
}
