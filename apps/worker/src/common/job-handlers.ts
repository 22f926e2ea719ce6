import { JOB_QUEUE, JobName, type JobSpec, type QueueName } from '@storefleet/contracts';

/** The job names that travel on queue Q. */
export type JobNameOf<Q extends QueueName> = Extract<JobSpec, { queue: Q }>['name'];

export class UnhandledJobError extends Error {
  constructor(names: string[]) {
    super(`No processor handles job(s): ${names.join(', ')}; refusing to start`);
    this.name = 'UnhandledJobError';
  }
}

/** Throws unless every job name in the contracts is handled by the processor of its queue. */
export function assertEveryJobHandled(handled: ReadonlyMap<QueueName, readonly string[]>): void {
  const missing = Object.values(JobName).filter((name) => !(handled.get(JOB_QUEUE[name]) ?? []).includes(name));
  if (missing.length > 0) throw new UnhandledJobError(missing);
}
