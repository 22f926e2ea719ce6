/**
 * Every queue and job in the platform, with its payload type. The API
 * enqueues and the worker processes only through these names.
 */
import type { DeleteBackupObjectsJob, RunBackupJob } from './backups.js';

export const QueueName = {
  /** Creating stores: slow, bounded per worker pod. */
  Provisioning: 'store-provisioning',
  /** Removing stores: kept apart so a creation backlog never delays a delete. */
  Teardown: 'store-teardown',
  /** Suspending, resuming and upgrading stores, applying custom domains: apart from creation, so a creation backlog never delays them. */
  Operations: 'store-operations',
  /** The reconciler: a periodic pass that enqueues one small job per store, and those jobs. */
  Reconcile: 'reconcile',
  /** Backups and restores: their own, so long dumps never delay provisioning or teardown. */
  Backups: 'store-backups',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];
export const QUEUE_NAMES: readonly QueueName[] = Object.values(QueueName);

export const JobName = {
  ProvisionStore: 'store.provision',
  TeardownStore: 'store.teardown',
  /** Brings a suspending, resuming, upgrading or configuring store to rest (suspended, ready or degraded); reads what to do from its status. */
  OperateStore: 'store.operate',
  /** The periodic pass: lists stores, enqueues a store.reconcile for each, and handles orphan namespaces. */
  ReconcileCluster: 'cluster.reconcile',
  /** Makes one store so again: its job alive, its deadline kept, its objects present, its health recorded. */
  ReconcileStore: 'store.reconcile',
  /** Create the backup Job, wait for it, verify the manifest, mark completed or failed, apply retention. */
  RunBackup: 'backup.run',
  /** Remove a deleted backup's objects from the bucket (manifest first). */
  DeleteBackupObjects: 'backup.delete-objects',
  /** Periodic: start the scheduled backups that are due. */
  ScheduleBackups: 'backup.schedule',
  /** Replace a `restoring` store's database and files with its restoreBackupId's, then mark it ready. */
  RestoreStore: 'store.restore',
} as const;
export type JobName = (typeof JobName)[keyof typeof JobName];

/** A job's queue, name and payload, as one discriminated union. */
export type JobSpec =
  | { queue: typeof QueueName.Provisioning; name: typeof JobName.ProvisionStore; data: ProvisionStoreJob }
  | { queue: typeof QueueName.Teardown; name: typeof JobName.TeardownStore; data: TeardownStoreJob }
  | { queue: typeof QueueName.Operations; name: typeof JobName.OperateStore; data: OperateStoreJob }
  | { queue: typeof QueueName.Reconcile; name: typeof JobName.ReconcileCluster; data: ReconcileClusterJob }
  | { queue: typeof QueueName.Reconcile; name: typeof JobName.ReconcileStore; data: ReconcileStoreJob }
  | { queue: typeof QueueName.Backups; name: typeof JobName.RunBackup; data: RunBackupJob }
  | { queue: typeof QueueName.Backups; name: typeof JobName.DeleteBackupObjects; data: DeleteBackupObjectsJob }
  | { queue: typeof QueueName.Backups; name: typeof JobName.ScheduleBackups; data: Record<string, never> }
  | { queue: typeof QueueName.Backups; name: typeof JobName.RestoreStore; data: RestoreStoreJob };

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

export interface OperateStoreJob {
  storeId: string;
  requestId?: string;
}

export type ReconcileClusterJob = Record<string, never>;

export interface RestoreStoreJob {
  storeId: string;
  /** The store's restoreBackupId when the restore was asked for; a run for another backup stops itself. */
  backupId: string;
  requestId?: string;
}

export interface ReconcileStoreJob {
  storeId: string;
  /** The pass's time bucket (epoch ms / interval): one job per store per pass. */
  bucket: number;
}

/** The payload type of the job called `N`. */
export type JobData<N extends JobName> = Extract<JobSpec, { name: N }>['data'];
/** The queue that carries the job called `N`. */
export type JobQueue<N extends JobName> = Extract<JobSpec, { name: N }>['queue'];

export const JOB_QUEUE: { [N in JobName]: JobQueue<N> } = {
  [JobName.ProvisionStore]: QueueName.Provisioning,
  [JobName.TeardownStore]: QueueName.Teardown,
  [JobName.OperateStore]: QueueName.Operations,
  [JobName.ReconcileCluster]: QueueName.Reconcile,
  [JobName.ReconcileStore]: QueueName.Reconcile,
  [JobName.RunBackup]: QueueName.Backups,
  [JobName.DeleteBackupObjects]: QueueName.Backups,
  [JobName.ScheduleBackups]: QueueName.Backups,
  [JobName.RestoreStore]: QueueName.Backups,
};

/**
 * Deterministic job ids: a job that must not run twice gets the same id every
 * time it is enqueued, so BullMQ ignores the duplicate. (BullMQ forbids ":" in ids.)
 */
export const jobId = {
  provision: (storeId: string, attempt: number) => `provision-${storeId}-${attempt}`,
  teardown: (storeId: string) => `teardown-${storeId}`,
  /** One per store: the job reads the status, so a completed one is replaced for the next operation. */
  operate: (storeId: string) => `operate-${storeId}`,
  reconcile: () => 'reconcile-repeat',
  reconcileStore: (storeId: string, bucket: number) => `reconcile-${storeId}-${bucket}`,
  runBackup: (backupId: string) => `backup-run-${backupId}`,
  deleteBackupObjects: (backupId: string) => `backup-delete-${backupId}`,
  scheduleBackups: () => 'backup-schedule-repeat',
  restore: (storeId: string, backupId: string) => `restore-${storeId}-${backupId}`,
};

/** Redis pub/sub channel on which StoreLifecycle announces store changes (each message a StoreView). */
export const STORE_CHANGES_CHANNEL = 'storefleet:store-changes';
