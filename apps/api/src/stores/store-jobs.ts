import { Inject, Injectable, Logger } from '@nestjs/common';
import { jobId, JobName, QueueName } from '@storefleet/contracts';
import { publishStoreChange, type Store } from '@storefleet/db';
import { JobQueues } from '@storefleet/queue';
import type { Redis } from 'ioredis';

import { API_CONFIG, type ApiEnv } from '../config/api-config.js';
import { REDIS } from '../redis/redis.module.js';
import { withDeadline } from '../redis/with-deadline.js';

/**
 * Enqueues store jobs after the database change that calls for them has
 * committed. The database is the outbox: if Redis does not take the job in
 * time, the store keeps its status and the outbox sweep enqueues it later
 * (job ids are deterministic, so enqueueing twice is harmless).
 */
@Injectable()
export class StoreJobs {
  private readonly logger = new Logger(StoreJobs.name);

  constructor(
    @Inject(JobQueues) private readonly queues: JobQueues,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(API_CONFIG) private readonly config: ApiEnv,
  ) {}

  /** True if Redis accepted the job (or already had it); false if it is left to the sweep. */
  async provision(store: Pick<Store, 'id' | 'provisionAttempts'>, requestId?: string): Promise<boolean> {
    const attempt = store.provisionAttempts;
    return this.attempt(store.id, () =>
      this.queues.enqueue(
        JobName.ProvisionStore,
        { storeId: store.id, attempt, ...(requestId ? { requestId } : {}) },
        { jobId: jobId.provision(store.id, attempt) },
      ),
    );
  }

  async teardown(store: Pick<Store, 'id' | 'provisionAttempts'>, requestId?: string): Promise<boolean> {
    // A provisioning job still waiting need not start at all; one already running stops itself when it sees "deleting".
    await this.attempt(store.id, () =>
      this.queues.queue(QueueName.Provisioning).remove(jobId.provision(store.id, store.provisionAttempts)),
    );
    return this.attempt(store.id, () =>
      this.queues.enqueue(
        JobName.TeardownStore,
        { storeId: store.id, ...(requestId ? { requestId } : {}) },
        { jobId: jobId.teardown(store.id) },
      ),
    );
  }

  /** Tells every replica's live stream; best effort (a dashboard that missed it refetches on reconnect). */
  async announce(store: Store): Promise<void> {
    try {
      await publishStoreChange(this.redis, store);
    } catch (error) {
      this.logger.warn({ err: error, storeId: store.id }, 'Could not publish store change');
    }
  }

  private async attempt(storeId: string, work: () => Promise<unknown>): Promise<boolean> {
    if (this.redis.status !== 'ready') {
      this.logger.warn({ storeId }, 'Redis is not connected; leaving the job to the outbox sweep');
      return false;
    }
    try {
      await withDeadline(work(), this.config.ENQUEUE_TIMEOUT_MS, 'redis');
      return true;
    } catch (error) {
      this.logger.warn({ err: error, storeId }, 'Could not enqueue; leaving the job to the outbox sweep');
      return false;
    }
  }
}
