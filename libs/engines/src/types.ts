import type { KubernetesObject } from '@kubernetes/client-node';
import { PROVISIONING_STEPS, type ProvisioningStep, type StoreEngine, type StorePlan } from '@storefleet/contracts';

import type { PodScheduling } from './common/scheduling.js';

/** What a blueprint needs to know about a store. */
export interface BlueprintStore {
  id: string;
  name: string;
  ownerId: string;
  engine: StoreEngine;
  plan: StorePlan;
  /** Used as the shop's admin e-mail; a placeholder on the store's own domain when absent. */
  ownerEmail?: string | null;
  /** Suspending or suspended: workloads at zero, the storefront on the paused page (common/paused-page.ts). */
  suspended?: boolean;
  /**
   * The engine version to build (an allow-list entry, libs/contracts engine-versions.ts): the store's, or
   * while upgrading the one it moves to. Absent or null: the configured images as they are.
   */
  engineVersion?: string | null;
  /**
   * Custom domains (checked and normalised, libs/contracts custom-domains.ts), served besides the
   * platform host; the first is the store's canonical host. Absent or empty: the platform host only.
   */
  domains?: readonly string[];
}

/**
 * The parts of a store's workload, used in labels, selectors and diagnostics.
 * WooCommerce has a database, an app and a setup Job; Medusa adds a cache
 * (Redis) and a storefront served apart from its API. Every store has the
 * paused page ("paused"), running only while the store is suspended.
 */
export const COMPONENTS = ['database', 'app', 'setup', 'cache', 'storefront', 'paused'] as const;
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
   * Labels of the ingress controller's pods within ingressNamespace (k3s:
   * traefik in kube-system beside everything else). Absent or empty: every
   * pod of that namespace.
   */
  ingressPodLabels?: Record<string, string>;
  /**
   * Ports the ingress controller's pods listen on (after a Service or
   * hostPort has translated 80/443): WordPress reaches its own public host
   * through them (WP-Cron, Action Scheduler, Site Health). Default [80, 443];
   * k3s's traefik listens on 8000/8443 behind ServiceLB's 80/443.
   */
  ingressPorts?: number[];
  /**
   * Addresses store pods may never reach even though they are public: the
   * cluster's own node addresses (API server 6443, kubelet 10250 on a VPS).
   */
  egressExcludeCidrs?: string[];
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
  /** Image of the paused page's nginx (a pinned nginx-unprivileged); absent: PAUSED_PAGE_DEFAULT_IMAGE. */
  pausedPageImage?: string;
  /** Node selector and tolerations added to every store pod (e.g. REAL_NODE_SCHEDULING); absent: none. */
  podScheduling?: PodScheduling;
}

/** Steps whose work is applying manifests. */
export type ManifestStep = Exclude<ProvisioningStep, 'secrets' | 'wait-ready'>;

/** The objects one pipeline step applies. */
export interface StepManifests {
  /**
   * Created if absent and never updated, re-applied or repaired (objects whose
   * spec is immutable once created and whose work is done once, such as the
   * setup Job). Everything else is server-side applied: desired state,
   * re-applied on every run and by the reconciler.
   */
  createOnce: boolean;
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
  /** Per pipeline step (the order is PROVISIONING_STEPS'): every manifest step has its entry. */
  manifests: { [S in ManifestStep]: StepManifests };
  secret: SecretSpec;
  /**
   * Everything that must be ready (or, for a Job, complete) for the store to
   * be ready. Of a suspended store: its long-running workloads (at zero) and
   * the paused page.
   */
  workloads: WorkloadRef[];
}

export type BlueprintFn = (store: BlueprintStore, config: EngineConfig) => Blueprint;

/** Every object of the blueprint, in pipeline order. */
export function blueprintObjects(blueprint: Blueprint): KubernetesObject[] {
  return PROVISIONING_STEPS.filter(isManifestStep).flatMap((step) => blueprint.manifests[step].objects);
}

export function isManifestStep(step: ProvisioningStep): step is ManifestStep {
  return step !== 'secrets' && step !== 'wait-ready';
}
