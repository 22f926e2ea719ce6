import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { IllegalStoreTransitionError, jobId, QueueName, type TeardownStep, type TeardownStoreJob } from '@storefleet/contracts';
import { PrismaService, type Store, StoreEvents, StoreLifecycle } from '@storefleet/db';
import { LABELS } from '@storefleet/engines';
import { KubeClient, RESOURCES, waitFor } from '@storefleet/kube';
import type { Queue } from 'bullmq';

import { withStoreLock } from '../common/store-lock.js';
import { WORKER_CONFIG, type WorkerEnv } from '../config/worker-config.js';

export type TeardownOutcome = 'deleted' | 'already-deleted' | 'not-deleting' | 'gone';

/**
 * Removes a store that the API marked `deleting`: stops its provisioning,
 * deletes its namespace, waits until Kubernetes has finalised it, and marks
 * the store `deleted`. Repeatable at every point: a second run, or a run
 * after a crash, finds less to do and finishes the same way.
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
  ) {}

  async teardown({ storeId }: TeardownStoreJob): Promise<TeardownOutcome> {
    const store = await this.db.store.findUnique({ where: { id: storeId } });
    if (!store) return 'gone';
    if (store.status === 'deleted') return 'already-deleted';
    if (store.status !== 'deleting') {
      // Only the API decides that a store goes; a stray job changes nothing.
      this.log.warn(`teardown of store ${storeId} ignored: it is ${store.status}, not deleting`);
      return 'not-deleting';
    }
    await this.step(store, 'cancel-provisioning', () => this.cancelProvisioning(store));
    await this.step(store, 'delete-namespace', () => this.deleteNamespace(store));
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

  private async deleteNamespace(store: Store): Promise<string> {
    const ref = { ...RESOURCES.Namespace, name: store.namespace };
    const namespace = await this.kube.read(ref);
    if (!namespace) return `namespace ${store.namespace} already gone`;
    const owner = namespace.metadata?.labels?.[LABELS.storeId];
    if (owner !== store.id) {
      // Never delete what is not this store's (another store's, or not ours at all).
      return `namespace ${store.namespace} left alone: it belongs to ${owner ? `store ${owner}` : 'something else'}`;
    }
    const started = Date.now();
    await this.kube.delete(ref);
    await waitFor(
      this.kube,
      { type: RESOURCES.Namespace, fieldSelector: `metadata.name=${store.namespace}` },
      (found) => (found.size === 0 ? true : undefined),
      {
        deadline: Date.now() + this.config.TEARDOWN_TIMEOUT_SECONDS * 1_000,
        description: `namespace ${store.namespace} to be finalised`,
      },
    );
    return `namespace ${store.namespace} deleted and finalised in ${Math.round((Date.now() - started) / 1000)} s`;
  }
}
