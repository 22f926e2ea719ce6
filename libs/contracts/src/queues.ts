/**
 * Every queue and job in the platform, with its payload type. The API
 * enqueues and the worker processes only through these names.
 */
export const QueueName = {
  /** Creating stores: slow, bounded per worker pod. */
  Provisioning: 'store-provisioning',
  /** Removing stores: kept apart so a creation backlog never delays a delete. */
  Teardown: 'store-teardown',
  /** Periodic comparison of the cluster with the database. */
  Reconcile: 'reconcile',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];
export const QUEUE_NAMES: readonly QueueName[] = Object.values(QueueName);

export const JobName = {
  ProvisionStore: 'store.provision',
  TeardownStore: 'store.teardown',
  ReconcileCluster: 'cluster.reconcile',
} as const;
export type JobName = (typeof JobName)[keyof typeof JobName];

/** A job's queue, name and payload, as one discriminated union. */
export type JobSpec =
  | { queue: typeof QueueName.Provisioning; name: typeof JobName.ProvisionStore; data: ProvisionStoreJob }
  | { queue: typeof QueueName.Teardown; name: typeof JobName.TeardownStore; data: TeardownStoreJob }
  | { queue: typeof QueueName.Reconcile; name: typeof JobName.ReconcileCluster; data: ReconcileClusterJob };

export interface ProvisionStoreJob {
  storeId: string;
  /** The store's provisionAttempts value this run belongs to; a stale run stops itself. */
  attempt: number;
  requestId?: string;
}

export interface TeardownStoreJob {
  storeId: string;
  requestId?: string;
}

export type ReconcileClusterJob = Record<string, never>;

/** The payload type of the job called `N`. */
export type JobData<N extends JobName> = Extract<JobSpec, { name: N }>['data'];
/** The queue that carries the job called `N`. */
export type JobQueue<N extends JobName> = Extract<JobSpec, { name: N }>['queue'];

export const JOB_QUEUE: { [N in JobName]: JobQueue<N> } = {
  [JobName.ProvisionStore]: QueueName.Provisioning,
  [JobName.TeardownStore]: QueueName.Teardown,
  [JobName.ReconcileCluster]: QueueName.Reconcile,
};

/**
 * Deterministic job ids: a job that must not run twice gets the same id every
 * time it is enqueued, so BullMQ ignores the duplicate. (BullMQ forbids ":" in ids.)
 */
export const jobId = {
  provision: (storeId: string, attempt: number) => `provision-${storeId}-${attempt}`,
  teardown: (storeId: string) => `teardown-${storeId}`,
  reconcile: () => 'reconcile-repeat',
};

/** Redis pub/sub channel on which the worker (and the API) announce store changes. */
export const STORE_CHANGES_CHANNEL = 'storefleet:store-changes';
