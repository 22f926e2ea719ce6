import { WorkerHost } from '@nestjs/bullmq';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { QueueName } from '@storefleet/contracts';
import type { Job, Worker } from 'bullmq';

import { type JobOutcome, WorkerMetrics } from './worker-metrics.js';

/** Seconds a finished job ran on its worker (BullMQ's processedOn → finishedOn), if known. */
export function jobSeconds(job: Pick<Job, 'processedOn' | 'finishedOn'> | undefined): number | null {
  if (!job?.processedOn || !job.finishedOn) return null;
  return Math.max(0, job.finishedOn - job.processedOn) / 1000;
}

/**
 * Counts the jobs of every BullMQ worker in this process by queue and outcome,
 * from the workers' own events: the processors need no metrics code. A
 * reconcile job is one reconciler pass, so its duration is the pass's.
 */
@Injectable()
export class JobMetrics implements OnApplicationBootstrap {
  constructor(
    @Inject(DiscoveryService) private readonly discovery: DiscoveryService,
    @Inject(WorkerMetrics) private readonly metrics: WorkerMetrics,
  ) {}

  onApplicationBootstrap(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const host: unknown = wrapper.instance;
      if (!(host instanceof WorkerHost)) continue;
      const worker = (host as WorkerHost<Worker>).worker;
      const record = (outcome: JobOutcome) => (job: Job | undefined) => {
        const seconds = jobSeconds(job);
        this.metrics.jobFinished(worker.name, outcome, seconds);
        if (worker.name === QueueName.Reconcile && seconds !== null) this.metrics.reconcilePassFinished(outcome, seconds);
      };
      worker.on('completed', record('completed'));
      worker.on('failed', record('failed'));
    }
  }
}
