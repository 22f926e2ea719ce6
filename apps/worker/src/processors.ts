import { Processor, type WorkerHost } from '@nestjs/bullmq';
import type { Type } from '@nestjs/common';
import { QueueName } from '@storefleet/contracts';
import type { Job, WorkerOptions } from 'bullmq';

import { assertEveryJobHandled } from './common/job-handlers.js';
import type { WorkerEnv } from './config/worker-config.js';
import { ProvisioningProcessor } from './provisioning/provisioning.processor.js';
import { ReconcileProcessor } from './reconcile/reconcile.processor.js';
import { TeardownProcessor } from './teardown/teardown.processor.js';

/** A processor class: a WorkerHost with its process() and the job names it handles. */
type ProcessorClass = Type<WorkerHost & { process(job: Job, token?: string): Promise<unknown> }> & { handles: readonly string[] };

/**
 * @Processor's options are fixed when the decorator runs; ours come from the
 * environment, so each processor is decorated here, on a subclass, when the
 * module is built.
 */
function withWorkerOptions<T extends ProcessorClass>(base: T, queue: QueueName, options: Partial<WorkerOptions>): T {
  @Processor(queue, options)
  class Configured extends base {}
  Object.defineProperty(Configured, 'name', { value: base.name });
  return Configured;
}

export const PROCESSORS: ReadonlyMap<QueueName, ProcessorClass> = new Map<QueueName, ProcessorClass>([
  [QueueName.Provisioning, ProvisioningProcessor],
  [QueueName.Teardown, TeardownProcessor],
  [QueueName.Reconcile, ReconcileProcessor],
]);

/** The processors with their concurrency and lock settings; refuses to start if a job name has no handler. */
export function configuredProcessors(
  config: WorkerEnv,
  processors: ReadonlyMap<QueueName, ProcessorClass> = PROCESSORS,
): Type<WorkerHost>[] {
  assertEveryJobHandled(new Map([...processors].map(([queue, processor]) => [queue, processor.handles])));
  // Steps are idempotent, so a job whose worker died may be resumed many times.
  const locks: Partial<WorkerOptions> = {
    lockDuration: config.JOB_LOCK_SECONDS * 1_000,
    stalledInterval: config.JOB_LOCK_SECONDS * 1_000,
    maxStalledCount: 10,
  };
  const concurrency: Record<QueueName, number> = {
    [QueueName.Provisioning]: config.PROVISIONING_CONCURRENCY,
    [QueueName.Teardown]: config.TEARDOWN_CONCURRENCY,
    [QueueName.Reconcile]: 1,
  };
  return [...processors].map(([queue, processor]) =>
    withWorkerOptions(processor, queue, { ...locks, concurrency: concurrency[queue] }),
  );
}
