import { WorkerHost } from '@nestjs/bullmq';
import { Inject, type OnModuleDestroy } from '@nestjs/common';
import { JobName, type QueueName } from '@storefleet/contracts';
import type { Job } from 'bullmq';

import type { JobNameOf } from '../common/job-handlers.js';
import { closeWorker } from '../provisioning/provisioning.processor.js';
import { type ReconcileReport, ReconcileService } from './reconcile.service.js';

type Handled = JobNameOf<typeof QueueName.Reconcile>;

export class ReconcileProcessor extends WorkerHost implements OnModuleDestroy {
  static readonly handles: readonly Handled[] = [JobName.ReconcileCluster];

  constructor(@Inject(ReconcileService) private readonly reconciler: ReconcileService) {
    super();
  }

  async process(job: Job): Promise<ReconcileReport> {
    const name = job.name as Handled;
    switch (name) {
      case JobName.ReconcileCluster:
        return this.reconciler.reconcile();
      default: {
        const unknown: never = name;
        throw new Error(`Unknown job ${String(unknown)} on the reconcile queue`);
      }
    }
  }

  async onModuleDestroy(): Promise<void> {
    await closeWorker(this);
  }
}
