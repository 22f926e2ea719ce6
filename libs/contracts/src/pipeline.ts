/**
 * Step names of the worker's pipelines, as recorded in StoreEvent.step. The
 * dashboard draws the provisioning timeline in this order.
 */
export const PROVISIONING_STEPS = [
  'namespace',
  'quota',
  'network-policies',
  'secrets',
  'database',
  'application',
  'ingress',
  'setup-job',
  'wait-ready',
] as const;
export type ProvisioningStep = (typeof PROVISIONING_STEPS)[number];

/** Steps of a teardown run (recorded with the store's last provisioning attempt number). */
export const TEARDOWN_STEPS = ['cancel-provisioning', 'delete-namespace'] as const;
export type TeardownStep = (typeof TEARDOWN_STEPS)[number];

/**
 * Steps of a suspend: the paused page up first, then the storefront switched
 * to it and every workload scaled to zero (claims, secrets and data stay).
 */
export const SUSPEND_STEPS = ['paused-page', 'scale-down'] as const;
export type SuspendStep = (typeof SUSPEND_STEPS)[number];

/** Steps of a resume: workloads back and ready before the storefront is switched back from the paused page. */
export const RESUME_STEPS = ['scale-up', 'wait-ready', 'storefront'] as const;
export type ResumeStep = (typeof RESUME_STEPS)[number];

/**
 * Steps of an engine upgrade: the setup Job re-created for the new version
 * and its engine migrations complete BEFORE the app's image changes, so a
 * failed migration leaves the store serving the old version; then the rolling
 * update of the app and the wait until every workload is ready again.
 */
export const UPGRADE_STEPS = ['setup-job', 'migrations', 'application', 'wait-ready'] as const;
export type UpgradeStep = (typeof UPGRADE_STEPS)[number];

/**
 * Steps of a custom-domain change: the Ingress serving the new hosts (with
 * TLS), the engine told its canonical URL (a rolling update of its env), and
 * the wait until the store is ready on it. The same handlers as provisioning's.
 */
export const DOMAIN_STEPS = ['ingress', 'application', 'wait-ready'] as const;
export type DomainStep = (typeof DOMAIN_STEPS)[number];

/** Every step the worker runs on a store's namespace through its one handler map (teardown aside). */
export type StoreStep = ProvisioningStep | SuspendStep | ResumeStep | UpgradeStep | DomainStep;

/** The operations on a live store that the store-operations queue carries out, each with its steps. */
export const OPERATION_STEPS = {
  suspend: SUSPEND_STEPS,
  resume: RESUME_STEPS,
  upgrade: UPGRADE_STEPS,
  domains: DOMAIN_STEPS,
} as const;
export type StoreOperation = keyof typeof OPERATION_STEPS;

/**
 * Recorded before admission while a requested store waits for the cluster to
 * answer (the local cluster `npm start` is still building): running with the
 * reason, then succeeded once the cluster is ready. The store stays requested.
 */
export const CLUSTER_WAIT_STEP = 'cluster';
export type ClusterWaitStep = typeof CLUSTER_WAIT_STEP;

/** What the timeline says while a store waits for its cluster. */
export const CLUSTER_WAIT_REASON = 'waiting for the local cluster to be ready';

export type PipelineStep = StoreStep | TeardownStep | ClusterWaitStep;
