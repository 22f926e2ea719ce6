import { getQueueToken } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { JOB_QUEUE, type JobData, JobName, QueueName } from '@storefleet/contracts';
import type { JobsOptions, Queue } from 'bullmq';

/**
 * The only way to enqueue: a job name and its typed payload. The queue is
 * derived from the name, so a payload can never land on the wrong queue.
 */
@Injectable()
export class JobQueues {
  private readonly queues: Record<QueueName, Queue>;

  constructor(
    @Inject(getQueueToken(QueueName.Provisioning)) provisioning: Queue,
    @Inject(getQueueToken(QueueName.Teardown)) teardown: Queue,
    @Inject(getQueueToken(QueueName.Reconcile)) reconcile: Queue,
    @Inject(getQueueToken(QueueName.Operations)) operations: Queue,
    @Inject(getQueueToken(QueueName.Backups)) backups: Queue,
  ) {
    this.queues = {
      [QueueName.Provisioning]: provisioning,
      [QueueName.Teardown]: teardown,
      [QueueName.Reconcile]: reconcile,
      [QueueName.Operations]: operations,
      [QueueName.Backups]: backups,
    };
  }

  /** Adds a job; with a deterministic `jobId`, adding the same job twice is a no-op. */
  async enqueue<N extends JobName>(name: N, data: JobData<N>, options: JobsOptions = {}) {
    return this.queues[JOB_QUEUE[name]].add(name, data, options);
  }

  queue(name: QueueName): Queue {
    return this.queues[name];
  }

  all(): Queue[] {
    return Object.values(this.queues);
  }
}
