import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Injectable, type OnModuleDestroy, type Provider, type Type } from '@nestjs/common';
import { QueueName } from '@storefleet/contracts';
import type { Job, Queue, WorkerOptions } from 'bullmq';

import { BackupHandlers } from './backups/backup-handlers.js';
import { handBackUnstartedJobs } from './common/hand-back.js';
import { assertEveryJobHandled, dispatch, JOB_HANDLERS, type JobHandlers } from './common/job-handlers.js';
import { ShutdownSignal } from './common/shutdown.js';
import type { WorkerEnv } from './config/worker-config.js';
import { OperationsService } from './operations/operations.service.js';
import { ProvisioningService } from './provisioning/provisioning.service.js';
import { ReconcileService } from './reconcile/reconcile.service.js';
import { TeardownService } from './teardown/teardown.service.js';

/** The handler map: every job name of every queue, typed by the job union (a missing one does not compile). */
export function jobHandlers(
  provisioning: ProvisioningService,
  teardown: TeardownService,
  reconciler: ReconcileService,
  operations: OperationsService,
  backups: BackupHandlers,
): JobHandlers {
  return {
    [QueueName.Provisioning]: { 'store.provision': (job, token) => provisioning.provision(job, token) },
    [QueueName.Teardown]: { 'store.teardown': (job, token) => teardown.teardown(job.data, job, token) },
    [QueueName.Operations]: { 'store.operate': (job) => operations.operate(job.data) },
    [QueueName.Reconcile]: {
      'cluster.reconcile': () => reconciler.pass(),
      'store.reconcile': (job) => reconciler.reconcileStore(job.data.storeId),
    },
    [QueueName.Backups]: backups.map(),
  };
}

export const jobHandlersProvider: Provider = {
  provide: JOB_HANDLERS,
  inject: [ProvisioningService, TeardownService, ReconcileService, OperationsService, BackupHandlers],
  useFactory: jobHandlers,
};

/**
 * One processor class per queue, all alike: dispatch the job to its handler.
 * @Processor's options are fixed when the decorator runs and ours come from
 * the environment, so each class is made here when the module is built.
 */
function processorFor(queue: QueueName, options: Partial<WorkerOptions>): Type<WorkerHost> {
  @Processor(queue, options)
  class QueueProcessor extends WorkerHost implements OnModuleDestroy {
    constructor(
      @Inject(JOB_HANDLERS) private readonly handlers: JobHandlers,
      @Inject(ShutdownSignal) private readonly shutdown: ShutdownSignal,
      @InjectQueue(queue) private readonly jobs: Queue,
    ) {
      super();
    }

    process(job: Job, token?: string): Promise<unknown> {
      return dispatch(queue, this.handlers[queue], job, token);
    }

    /**
     * Long waits end and their jobs go back to the queue for another pod; then this queue's worker
     * closes, and a job it fetched while closing but never ran goes back to the queue too.
     */
    async onModuleDestroy(): Promise<void> {
      this.shutdown.trigger();
      try {
        await this.worker.close();
      } catch {
        return; // never started
      }
      await handBackUnstartedJobs(this.jobs, this.worker.id).catch(() => undefined); // else the stalled check does it
    }
  }
  Object.defineProperty(QueueProcessor, 'name', { value: `${queue}-processor` });
  return QueueProcessor;
}

/** The processors with their concurrency and lock settings. */
export function configuredProcessors(config: WorkerEnv): Type<WorkerHost>[] {
  // Steps are idempotent, so a job whose worker died may be resumed many times.
  const locks: Partial<WorkerOptions> = {
    lockDuration: config.JOB_LOCK_SECONDS * 1_000,
    stalledInterval: config.JOB_LOCK_SECONDS * 1_000,
    maxStalledCount: 10,
  };
  const concurrency: Record<QueueName, number> = {
    [QueueName.Provisioning]: config.PROVISIONING_CONCURRENCY,
    [QueueName.Teardown]: config.TEARDOWN_CONCURRENCY,
    [QueueName.Operations]: config.OPERATIONS_CONCURRENCY,
    [QueueName.Reconcile]: config.RECONCILE_CONCURRENCY,
    [QueueName.Backups]: config.BACKUP_CONCURRENCY,
  };
  return Object.values(QueueName).map((queue) => processorFor(queue, { ...locks, concurrency: concurrency[queue] }));
}

/** Refuses to start when a job name has no handler (reads the map the processors use). */
@Injectable()
export class HandlerCheck {
  constructor(@Inject(JOB_HANDLERS) handlers: JobHandlers) {
    assertEveryJobHandled(handlers);
  }
}
