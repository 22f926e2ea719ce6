import { JOB_QUEUE, type JobData, JobName, type JobSpec, type QueueName } from '@storefleet/contracts';
import type { Job } from 'bullmq';

/** The job names that travel on queue Q. */
export type JobNameOf<Q extends QueueName> = Extract<JobSpec, { queue: Q }>['name'];

/** A job as its handler sees it: the payload typed by its name. */
export type TypedJob<N extends JobName> = Job<JobData<N>, unknown, N>;

/** What handles the jobs of queue Q: one function per job name (the compiler demands every one). */
export type QueueHandlers<Q extends QueueName> = { [N in JobNameOf<Q>]: (job: TypedJob<N>, token?: string) => Promise<unknown> };

/** Every queue's handlers: the one map the processors dispatch through and the boot check reads. */
export type JobHandlers = { [Q in QueueName]: QueueHandlers<Q> };

export const JOB_HANDLERS = Symbol('JOB_HANDLERS');

export class UnhandledJobError extends Error {
  constructor(names: string[]) {
    super(`No processor handles job(s): ${names.join(', ')}; refusing to start`);
    this.name = 'UnhandledJobError';
  }
}

/** Throws unless every job name in the contracts has a handler on its own queue (the compiler checks it too; this catches casts). */
export function assertEveryJobHandled(handlers: { [Q in QueueName]?: Partial<Record<string, unknown>> }): void {
  const missing = Object.values(JobName).filter((name) => typeof handlers[JOB_QUEUE[name]]?.[name] !== 'function');
  if (missing.length > 0) throw new UnhandledJobError(missing);
}

/**
 * Calls the handler of the job's name on its queue; a name that queue does
 * not carry is an error (never silently dropped). The one place a job read
 * back from Redis, whose name is only a string there, meets its typed handler.
 */
export function dispatch(queue: QueueName, handlers: JobHandlers[QueueName], job: Job, token?: string): Promise<unknown> {
  const byName = handlers as unknown as Partial<Record<string, (job: Job, token?: string) => Promise<unknown>>>;
  const handler = byName[job.name];
  if (!handler) throw new Error(`Unknown job ${job.name} on the ${queue} queue`);
  return handler(job, token);
}
