import { JOB_QUEUE, type JobData, jobId, JobName, QueueName } from '@storefleet/contracts';
import type { JobsOptions } from 'bullmq';

import type { JobQueues } from './job-queues.js';

export interface StoreJobsOptions {
  /** How long to wait for Redis before giving up (the reconciler re-adds the job later). */
  timeoutMs: number;
  /** False while Redis is known to be unreachable: give up at once instead of waiting for the timeout. */
  available?: () => boolean;
  log?: { warn(message: string): void };
}

export type EnsuredJob = 'added' | 'present' | 'retried' | 'replaced' | 'unavailable';

/**
 * The one way a store's provision, teardown and restore jobs are put on their queues
 * (by the API, the worker, the reconciler and the tests' fixtures alike).
 * Level-driven: "make sure the job exists and can run". A waiting, delayed or
 * active job is left alone; a failed one is retried; a completed one (while
 * the store still needs it) is replaced. Job ids are deterministic, so two
 * callers ensuring the same job at once get one job.
 */
export class StoreJobs {
  constructor(
    private readonly queues: JobQueues,
    private readonly options: StoreJobsOptions,
  ) {}

  /** Ensures the provision job of the store's current attempt. */
  async provision(store: { id: string; provisionAttempts: number }, requestId?: string | null): Promise<boolean> {
    return (await this.ensureProvision(store, requestId)) !== 'unavailable';
  }

  /** Removes a provision job that has not started and ensures the teardown job. */
  async teardown(store: { id: string; provisionAttempts: number }, requestId?: string | null): Promise<boolean> {
    // A provisioning job still waiting need not start at all; one already running stops itself when it sees "deleting".
    await this.bounded(store.id, async () => {
      const job = await this.queues.queue(QueueName.Provisioning).getJob(jobId.provision(store.id, store.provisionAttempts));
      if (job && ['waiting', 'delayed', 'prioritized', 'paused'].includes(await job.getState())) await job.remove();
    });
    return (await this.ensureTeardown(store, requestId)) !== 'unavailable';
  }

  ensureProvision(store: { id: string; provisionAttempts: number }, requestId?: string | null): Promise<EnsuredJob> {
    const attempt = store.provisionAttempts;
    return this.ensure(
      JobName.ProvisionStore,
      { storeId: store.id, attempt, ...(requestId ? { requestId } : {}) },
      jobId.provision(store.id, attempt),
    );
  }

  ensureTeardown(store: { id: string }, requestId?: string | null): Promise<EnsuredJob> {
    return this.ensure(
      JobName.TeardownStore,
      { storeId: store.id, ...(requestId ? { requestId } : {}) },
      jobId.teardown(store.id),
    );
  }

  /** Ensures the job that brings a suspending, resuming or upgrading store to rest. */
  async operate(store: { id: string }, requestId?: string | null): Promise<boolean> {
    return (await this.ensureOperation(store, requestId)) !== 'unavailable';
  }

  ensureOperation(store: { id: string }, requestId?: string | null): Promise<EnsuredJob> {
    return this.ensure(JobName.OperateStore, { storeId: store.id, ...(requestId ? { requestId } : {}) }, jobId.operate(store.id));
  }

  /** Ensures the restore job of a `restoring` store (for the backup it is restoring). */
  async restore(store: { id: string; restoreBackupId: string | null }, requestId?: string | null): Promise<boolean> {
    return (await this.ensureRestore(store, requestId)) !== 'unavailable';
  }

  ensureRestore(store: { id: string; restoreBackupId: string | null }, requestId?: string | null): Promise<EnsuredJob> {
    if (!store.restoreBackupId) throw new Error(`store ${store.id} has no backup to restore`);
    return this.ensure(
      JobName.RestoreStore,
      { storeId: store.id, backupId: store.restoreBackupId, ...(requestId ? { requestId } : {}) },
      jobId.restore(store.id, store.restoreBackupId),
    );
  }

  private async ensure<
    N extends
      typeof JobName.ProvisionStore | typeof JobName.TeardownStore | typeof JobName.OperateStore | typeof JobName.RestoreStore,
  >(name: N, data: JobData<N>, id: string, options: JobsOptions = {}): Promise<EnsuredJob> {
    const storeId = (data as { storeId: string }).storeId;
    const result = await this.bounded(storeId, async (): Promise<EnsuredJob> => {
      const queue = this.queues.queue(JOB_QUEUE[name]);
      const existing = await queue.getJob(id);
      const state = existing ? await existing.getState() : 'missing';
      if (existing && state === 'failed') {
        await existing.retry('failed');
        return 'retried';
      }
      if (existing && state === 'completed') await existing.remove();
      else if (existing && state !== 'unknown') return 'present';
      await this.queues.enqueue(name, data, { ...options, jobId: id });
      return existing ? 'replaced' : 'added';
    });
    return result ?? 'unavailable';
  }

  /** Runs a Redis operation within the timeout; undefined (logged) when Redis did not answer or refused. */
  private async bounded<T>(storeId: string, work: () => Promise<T>): Promise<T | undefined> {
    let timer: NodeJS.Timeout | undefined;
    if (this.options.available && !this.options.available()) {
      this.options.log?.warn(`store ${storeId}: Redis is not connected; the reconciler will enqueue its job`);
      return undefined;
    }
    try {
      return await Promise.race([
        work(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`redis did not answer within ${this.options.timeoutMs} ms`)),
            this.options.timeoutMs,
          );
        }),
      ]);
    } catch (error) {
      this.options.log?.warn(
        `store ${storeId}: could not enqueue (${error instanceof Error ? error.message : String(error)}); the reconciler will`,
      );
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }
}
