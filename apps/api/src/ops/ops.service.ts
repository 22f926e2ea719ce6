import { Inject, Injectable } from '@nestjs/common';
import {
  JOB_STATES,
  type JobState,
  type JobView,
  QUEUE_NAMES,
  type QueueCountsView,
  type QueueName,
} from '@storefleet/contracts';
import { JobQueues } from '@storefleet/queue';
import type { Job, JobType } from 'bullmq';

import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import { API_CONFIG, type ApiEnv } from '../config/api-config.js';
import { problems } from '../problems/problem.js';
import { withDeadline } from '../redis/with-deadline.js';

/** The states BullMQ keeps jobs in ("paused" is a queue flag in BullMQ 6, not a job state). */
export const QUEUE_JOB_STATES = JOB_STATES.filter((state): state is JobState & JobType => state !== 'paused');

const isJobState = (value: string): value is JobState => (JOB_STATES as readonly string[]).includes(value);

export function toJobView(job: Job, queue: QueueName, state: JobState | 'unknown'): JobView {
  return {
    id: job.id ?? '',
    queue,
    name: job.name,
    data: job.data as unknown,
    state,
    attemptsMade: job.attemptsMade,
    failedReason: job.failedReason ?? null,
    timestamp: new Date(job.timestamp).toISOString(),
    finishedOn: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
  };
}

/** Queue statistics and job retries for operators, read straight from BullMQ. */
@Injectable()
export class OpsService {
  constructor(
    @Inject(JobQueues) private readonly queues: JobQueues,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(API_CONFIG) private readonly config: ApiEnv,
  ) {}

  async counts(): Promise<QueueCountsView[]> {
    return Promise.all(
      QUEUE_NAMES.map(async (queue) => ({
        queue,
        counts: await this.redis(this.queues.queue(queue).getJobCounts(...QUEUE_JOB_STATES)),
      })),
    );
  }

  async jobs(state: JobState, queue: QueueName | undefined, limit: number): Promise<JobView[]> {
    if (state === 'paused') return [];
    const names = queue ? [queue] : QUEUE_NAMES;
    const lists = await Promise.all(
      names.map(async (name) => {
        const jobs = await this.redis(this.queues.queue(name).getJobs([state], 0, limit - 1));
        return jobs.filter((job): job is Job => !!job).map((job) => toJobView(job, name, state));
      }),
    );
    return lists
      .flat()
      .sort((a, b) => b.timestamp.localeCompare(a.timestamp))
      .slice(0, limit);
  }

  /** Retries a failed job. Job ids are unique across queues (they are prefixed by kind), so the queue is optional. */
  async retry(actor: Actor, id: string, queue: QueueName | undefined): Promise<JobView> {
    const found = await this.find(id, queue);
    if (!found) throw problems.notFound('Job');
    const state = await this.redis(found.job.getState());
    if (state !== 'failed') throw problems.conflict(`Only failed jobs can be retried; this one is ${state}`, { state });
    await this.redis(found.job.retry('failed'));
    await this.audit.record(actor, {
      action: 'job.retry',
      outcome: 'success',
      targetType: 'job',
      targetId: id,
      details: {
        queue: found.queue,
        name: found.job.name,
        data: found.job.data as Record<string, string>,
        failedReason: found.job.failedReason ?? null,
      },
    });
    const now = await this.redis(found.job.getState());
    return toJobView(found.job, found.queue, isJobState(now) ? now : 'unknown');
  }

  private async find(id: string, queue: QueueName | undefined): Promise<{ job: Job; queue: QueueName } | null> {
    for (const name of queue ? [queue] : QUEUE_NAMES) {
      const job = (await this.redis(this.queues.queue(name).getJob(id))) as Job | undefined;
      if (job) return { job, queue: name };
    }
    return null;
  }

  private redis<T>(work: Promise<T>): Promise<T> {
    return withDeadline(work, this.config.ENQUEUE_TIMEOUT_MS, 'redis');
  }
}
