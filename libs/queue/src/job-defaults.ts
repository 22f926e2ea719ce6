import { QueueName } from '@storefleet/contracts';
import type { DefaultJobOptions } from 'bullmq';

/**
 * Job defaults, in one place. Provisioning and teardown retry transient
 * failures with exponential backoff; finished jobs are pruned, failed ones are
 * kept for operators to inspect and retry.
 */
export const JOB_DEFAULTS: Record<QueueName, DefaultJobOptions> = {
  [QueueName.Provisioning]: {
    attempts: 5,
    backoff: { type: 'exponential', delay: 5_000 },
    removeOnComplete: { age: 24 * 3600, count: 1_000 },
    removeOnFail: { age: 30 * 24 * 3600 },
  },
  [QueueName.Teardown]: {
    attempts: 10,
    backoff: { type: 'exponential', delay: 5_000 },
    removeOnComplete: { age: 24 * 3600, count: 1_000 },
    removeOnFail: { age: 30 * 24 * 3600 },
  },
  // Waits for pods to go or come back; a killed run is picked up again (stalled job, or the reconciler re-adds it).
  [QueueName.Operations]: {
    attempts: 10,
    backoff: { type: 'exponential', delay: 5_000 },
    removeOnComplete: { age: 24 * 3600, count: 1_000 },
    removeOnFail: { age: 30 * 24 * 3600 },
  },
  // A backup or restore run re-checks the Job and the bucket, so retrying is safe.
  [QueueName.Backups]: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 10_000 },
    removeOnComplete: { age: 24 * 3600, count: 1_000 },
    removeOnFail: { age: 30 * 24 * 3600 },
  },
  [QueueName.Reconcile]: {
    attempts: 1,
    removeOnComplete: { count: 50 },
    removeOnFail: { count: 200 },
  },
};
