import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { jobId, JobName, QueueName } from '@storefleet/contracts';
import type { Queue } from 'bullmq';

import { WORKER_CONFIG, type WorkerEnv } from '../config/worker-config.js';

/**
 * Registers the repeatable reconcile job. Every pod upserts the same
 * scheduler, so there is one schedule however many pods run, and one pod
 * runs each pass.
 */
@Injectable()
export class ReconcileScheduler implements OnApplicationBootstrap {
  private readonly log = new Logger(ReconcileScheduler.name);

  constructor(
    @InjectQueue(QueueName.Reconcile) private readonly queue: Queue,
    @Inject(WORKER_CONFIG) private readonly config: WorkerEnv,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      jobId.reconcile(),
      { every: this.config.RECONCILE_INTERVAL_SECONDS * 1_000 },
      { name: JobName.ReconcileCluster, data: {} },
    );
    this.log.log(`reconciling every ${this.config.RECONCILE_INTERVAL_SECONDS} s`);
  }
}
