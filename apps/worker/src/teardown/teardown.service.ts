import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { IllegalStoreTransitionError, jobId, QueueName, type TeardownStep, type TeardownStoreJob } from '@storefleet/contracts';
import { PrismaService, type Store, StoreEvents, StoreLifecycle } from '@storefleet/db';
import { LABELS } from '@storefleet/engines';
import { KubeClient, RESOURCES, waitFor, WaitTimeoutError } from '@storefleet/kube';
import { DelayedError, type Job, type Queue } from 'bullmq';

import { ShutdownSignal, WorkerStoppingError } from '../common/shutdown.js';
import { withStoreLock } from '../common/store-lock.js';
import { WORKER_CONFIG, type WorkerEnv } from '../config/worker-config.js';

export type TeardownOutcome = 'deleted' | 'already-deleted' | 'not-deleting' | 'gone';

/** How long a teardown job waits for its namespace to be finalised before giving its slot back. */
export const TEARDOWN_INLINE_WAIT_MS = 2_000;
/** How soon a teardown job that gave its slot back looks at the namespace again. */
export const TEARDOWN_RECHECK_MS = 3_000;

/**
 * Removes a store that the API marked `deleting`: stops its provisioning,
 * deletes its namespace, waits until Kubernetes has finalised it, and marks
 * the store `deleted`. Repeatable at every point: a second run, or a run
 * after a crash, finds less to do and finishes the same way.
 *
 * Finalising a namespace (the namespace controller deleting everything in it)
 * can take minutes. A job waits for it briefly, then goes back to the queue,
 * delayed, and looks again: its slot serves other deletions meanwhile, so a
 * burst of deletes costs about one finalisation, not one per slot. The
 * deadline (TEARDOWN_TIMEOUT_SECONDS) runs from the namespace's deletion.
 */
@Injectable()
export class TeardownService {
  private readonly log = new Logger(TeardownService.name);

  constructor(
    @Inject(PrismaService) private readonly db: PrismaService,
    @Inject(WORKER_CONFIG) private readonly config: WorkerEnv,
    @Inject(KubeClient) private readonly kube: KubeClient,
    @Inject(StoreLifecycle) private readonly lifecycle: StoreLifecycle,
    @Inject(StoreEvents) private readonly events: StoreEvents,
    @InjectQueue(QueueName.Provisioning) private readonly provisioning: Queue,
    @Inject(ShutdownSignal) private readonly shutdown: ShutdownSignal,
  ) {}

  /**
   * With a job (and its lock token), a namespace still finalising after a short
   * wait puts the job back, delayed (BullMQ's DelayedError); without one (a
   * direct call), it waits up to the deadline.
   */
  async teardown({ storeId }: TeardownStoreJob, job?: Job, token?: string): Promise<TeardownOutcome> {
    const store = await this.db.store.findUnique({ where: { id: storeId } });
    if (!store) return 'gone';
    if (store.status === 'deleted') return 'already-deleted';
    if (store.status !== 'deleting') {
      // Only the API decides that a store goes; a stray job changes nothing.
      this.log.warn(`teardown of store ${storeId} ignored: it is ${store.status}, not deleting`);
      return 'not-deleting';
    }
    const ref = { ...RESOURCES.Namespace, name: store.namespace };
    const namespace = await this.kube.read(ref);
    const owner = namespace?.metadata?.labels?.[LABELS.storeId];
    if (namespace && owner !== store.id) {
      // Never delete what is not this store's (another store's, or not ours at all).
      await this.step(store, 'cancel-provisioning', () => this.cancelProvisioning(store));
      await this.step(store, 'delete-namespace', () =>
        Promise.resolve(`namespace ${store.namespace} left alone: it belongs to ${owner ? `store ${owner}` : 'something else'}`),
      );
    } else {
      // Begun by an earlier run: the namespace is finalising, or is gone while that run's wait is still open.
      const begun =
        Boolean(namespace?.metadata?.deletionTimestamp) ||
        (!namespace &&
          (await this.events.waited(
            store.id,
            store.provisionAttempts,
            'delete-namespace',
            `namespace ${store.namespace} deleted and finalised`,
          )));
      if (!begun) {
        // Nothing may land in the namespace once it goes (and a store still queued has a job to remove).
        await this.step(store, 'cancel-provisioning', () => this.cancelProvisioning(store));
        if (!namespace)
          await this.step(store, 'delete-namespace', () => Promise.resolve(`namespace ${store.namespace} already gone`));
        else await this.kube.delete(ref);
      }
      if (namespace) {
        const deletion = (await this.kube.read(ref))?.metadata?.deletionTimestamp;
        await this.finalised(store, deletion ? new Date(deletion) : new Date(), job, token);
      }
    }
    try {
      await this.lifecycle.transition(storeId, 'deleted', {
        from: ['deleting'],
        data: { deletedAt: new Date() },
        audit: { action: 'store.deleted', outcome: 'success', details: { namespace: store.namespace, name: store.name } },
      });
    } catch (error) {
      // A concurrent teardown of the same store finished first.
      if (error instanceof IllegalStoreTransitionError && error.from === 'deleted') return 'already-deleted';
      throw error;
    }
    this.log.log(`store ${storeId} (${store.name}) deleted`);
    return 'deleted';
  }

  /**
   * Returns once the namespace is gone (one `delete-namespace` event on the
   * timeline, however many runs it took), puts the job back to look again
   * later, or fails at the deadline.
   */
  private async finalised(store: Store, deletedAt: Date, job: Job | undefined, token: string | undefined): Promise<void> {
    const name = store.namespace;
    const attempt = store.provisionAttempts;
    const deadline = deletedAt.getTime() + this.config.TEARDOWN_TIMEOUT_SECONDS * 1_000;
    await this.events.waiting(store.id, attempt, 'delete-namespace', `namespace ${name} deleted; Kubernetes is finalising it`);
    const inline = job && token ? Math.min(deadline, Date.now() + TEARDOWN_INLINE_WAIT_MS) : deadline;
    const gone = await waitFor(
      this.kube,
      { type: RESOURCES.Namespace, fieldSelector: `metadata.name=${name}` },
      (found) => (found.size === 0 ? true : undefined),
      { deadline: inline, description: `namespace ${name} to be finalised`, signal: this.shutdown.signal },
    ).catch(async (error: unknown) => {
      // Not yet, or the worker is stopping: a job looks again later (another worker, if this one stops).
      if (
        job &&
        token &&
        (error instanceof WorkerStoppingError || (error instanceof WaitTimeoutError && Date.now() < deadline))
      ) {
        return false;
      }
      if (error instanceof WaitTimeoutError) {
        await this.events.waited(store.id, attempt, 'delete-namespace', error.message, 'failed');
      }
      throw error;
    });
    if (!gone && job && token) {
      await job.moveToDelayed(Date.now() + (this.shutdown.stopping ? 1_000 : TEARDOWN_RECHECK_MS), token);
      throw new DelayedError();
    }
    // The event's own duration says how long it took, from the first run's delete.
    await this.events.waited(store.id, attempt, 'delete-namespace', `namespace ${name} deleted and finalised`);
  }

  private async step(store: Store, name: TeardownStep, work: () => Promise<string>): Promise<void> {
    await this.events.record(store.id, store.provisionAttempts, name, work);
  }

  /**
   * Waiting or delayed provisioning jobs are removed. A running one notices
   * the store is deleting within seconds and stops; taking the store's lock
   * here waits for the step it may be in the middle of, so nothing it does
   * can land after the namespace is deleted.
   */
  private async cancelProvisioning(store: Store): Promise<string> {
    let removed = 0;
    for (let attempt = 1; attempt <= Math.max(1, store.provisionAttempts); attempt++) {
      const job = await this.provisioning.getJob(jobId.provision(store.id, attempt));
      if (job && ['waiting', 'delayed', 'prioritized', 'paused'].includes(await job.getState())) {
        await job.remove().catch(() => undefined); // it may have just become active: it will stop itself
        removed++;
      }
    }
    await withStoreLock(this.db, store.id, () => Promise.resolve());
    return removed > 0 ? `removed ${removed} queued provisioning job(s)` : 'no queued provisioning';
  }
}
