import { WorkerHost } from '@nestjs/bullmq';
import { Inject, type OnModuleDestroy } from '@nestjs/common';
import { type JobData, JobName, type QueueName } from '@storefleet/contracts';
import type { Job } from 'bullmq';

import type { JobNameOf } from '../common/job-handlers.js';
import { ShutdownSignal } from '../common/shutdown.js';
import { ProvisioningService, type ProvisionOutcome } from './provisioning.service.js';

type Handled = JobNameOf<typeof QueueName.Provisioning>;

/** Thin: dispatches provisioning jobs to the service. Options (concurrency, locks) are set in processors.ts. */
export class ProvisioningProcessor extends WorkerHost implements OnModuleDestroy {
  static readonly handles: readonly Handled[] = [JobName.ProvisionStore];

  constructor(
    @Inject(ProvisioningService) private readonly provisioning: ProvisioningService,
    @Inject(ShutdownSignal) private readonly shutdown: ShutdownSignal,
  ) {
    super();
  }

  async process(job: Job, token?: string): Promise<ProvisionOutcome> {
    const name = job.name as Handled;
    switch (name) {
      case JobName.ProvisionStore:
        return this.provisioning.provision(job as Job<JobData<typeof JobName.ProvisionStore>>, token);
      default: {
        const unknown: never = name;
        throw new Error(`Unknown job ${String(unknown)} on the provisioning queue`);
      }
    }
  }

  /** Long waits end and their jobs go back to the queue for another pod; then the worker closes. */
  async onModuleDestroy(): Promise<void> {
    this.shutdown.trigger();
    await closeWorker(this);
  }
}

export async function closeWorker(host: WorkerHost): Promise<void> {
  try {
    await host.worker.close();
  } catch {
    // never started
  }
}
