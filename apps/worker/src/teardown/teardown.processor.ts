import { WorkerHost } from '@nestjs/bullmq';
import { Inject, type OnModuleDestroy } from '@nestjs/common';
import { type JobData, JobName, type QueueName } from '@storefleet/contracts';
import type { Job } from 'bullmq';

import type { JobNameOf } from '../common/job-handlers.js';
import { closeWorker } from '../provisioning/provisioning.processor.js';
import { type TeardownOutcome, TeardownService } from './teardown.service.js';

type Handled = JobNameOf<typeof QueueName.Teardown>;

export class TeardownProcessor extends WorkerHost implements OnModuleDestroy {
  static readonly handles: readonly Handled[] = [JobName.TeardownStore];

  constructor(@Inject(TeardownService) private readonly teardowns: TeardownService) {
    super();
  }

  async process(job: Job): Promise<TeardownOutcome> {
    const name = job.name as Handled;
    switch (name) {
      case JobName.TeardownStore:
        return this.teardowns.teardown((job as Job<JobData<typeof JobName.TeardownStore>>).data);
      default: {
        const unknown: never = name;
        throw new Error(`Unknown job ${String(unknown)} on the teardown queue`);
      }
    }
  }

  async onModuleDestroy(): Promise<void> {
    await closeWorker(this);
  }
}
