import type { KubernetesObject } from '@kubernetes/client-node';
import type { ProvisioningStep, StoreEngine, StorePlan } from '@storefleet/contracts';

/** What a blueprint needs to know about a store. */
export interface BlueprintStore {
  id: string;
  name: string;
  ownerId: string;
  engine: StoreEngine;
  plan: StorePlan;
  /** Used as the shop's admin e-mail; a placeholder on the store's own domain when absent. */
  ownerEmail?: string | null;
}

/**
 * The parts of a store's workload, used in labels, selectors and diagnostics.
 * WooCommerce has a database, an app and a setup Job; Medusa adds a cache
 * (Redis) and a storefront served apart from its API.
 */
export const COMPONENTS = ['database', 'app', 'setup', 'cache', 'storefront'] as const;
export type Component = (typeof COMPONENTS)[number];

export interface WooCommerceConfig {
  images: { wordpress: string; mariadb: string; wpCli: string };
  /** Versions the setup Job installs from wordpress.org; null installs the latest stable release. */
  woocommerceVersion: string | null;
  storefrontVersion: string | null;
}

export interface MedusaConfig {
  /** `medusa`: the store image built from docker/medusa (Medusa server, admin, storefront, setup scripts). */
  images: { medusa: string; postgres: string; redis: string };
}

/** Platform configuration that shapes every store's manifests (from the worker's environment). */
export interface EngineConfig {
  /** Stores are served at `<name>.<baseDomain>`. */
  baseDomain: string;
  ingressClassName: string;
  /** Namespace of the ingress controller's pods, allowed to reach each storefront. */
  ingressNamespace: string;
  /**
   * HTTPS for storefronts. With a cert-manager ClusterIssuer each store gets
   * its own certificate; without one the ingress controller's default
   * certificate (typically a wildcard for the base domain) serves it.
   */
  tls: { enabled: boolean; clusterIssuer: string | null };
  /** StorageClass of every claim; null uses the cluster's default. */
  storageClassName: string | null;
  /** Marks the namespaces of this platform installation (label storefleet.dev/instance). */
  platformInstance: string;
  woocommerce: WooCommerceConfig;
  /** Medusa's images; when absent, MEDUSA_DEFAULT_IMAGES are used. */
  medusa?: MedusaConfig;
  /** Extra pod annotations, per component or for all pods ("all"). */
  podAnnotations?: Partial<Record<Component | 'all', Record<string, string>>>;
}

/** Steps whose work is applying manifests. */
export type ManifestStep = Exclude<ProvisioningStep, 'secrets' | 'wait-ready'>;

export interface ManifestGroup {
  step: ManifestStep;
  /**
   * `apply`: server-side apply (desired state, re-applied on every run and by
   * the reconciler). `create`: create if absent, never updated (objects whose
   * spec is immutable once created, such as a Job).
   */
  mode: 'apply' | 'create';
  /** Re-applied by the reconciler to repair drift. */
  repairable: boolean;
  objects: KubernetesObject[];
}

/** A generated secret value: `length` characters from an alphabet of letters and digits. */
export interface SecretKeySpec {
  length: number;
}

/** The store's Secret, whose values the worker generates once and never logs. */
export interface SecretSpec {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  keys: Record<string, SecretKeySpec>;
  /** The key holding the admin password the owner can reveal. */
  adminPasswordKey: string;
}

/** A workload the store needs ready before it is. */
export interface WorkloadRef {
  kind: 'Deployment' | 'StatefulSet' | 'Job';
  name: string;
  component: Component;
}

export interface Blueprint {
  engine: StoreEngine;
  namespace: string;
  host: string;
  storefrontUrl: string;
  adminUrl: string;
  adminUsername: string;
  /** In pipeline order. */
  groups: ManifestGroup[];
  secret: SecretSpec;
  /** Everything that must be ready (or, for a Job, complete) for the store to be ready. */
  workloads: WorkloadRef[];
}

export type BlueprintFn = (store: BlueprintStore, config: EngineConfig) => Blueprint;
