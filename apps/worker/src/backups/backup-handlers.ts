import { Inject, Injectable, type Provider } from '@nestjs/common';
import { DelayedError, type Job } from 'bullmq';

import type { QueueHandlers } from '../common/job-handlers.js';
import { BackupRunner, type BackupRunOutcome } from './backup-runner.js';
import { BackupSchedule } from './backup-schedule.js';
import { BACKUP_SETTINGS, type BackupSettings, backupSettingsFromEnv } from './backup-settings.js';
import { type RestoreOutcome, RestoreRunner } from './restore-runner.js';
import { TransferJobs } from './transfer-jobs.js';

/**
 * The backup queue's handlers (part of the one handler map, processors.ts).
 * A backup or restore whose Kubernetes Job still works is put back as
 * delayed (no worker slot or lock is held while it waits); each pick-up is
 * one level-driven look.
 */
@Injectable()
export class BackupHandlers {
  constructor(
    @Inject(BackupRunner) private readonly backups: BackupRunner,
    @Inject(RestoreRunner) private readonly restores: RestoreRunner,
    @Inject(BackupSchedule) private readonly schedule: BackupSchedule,
    @Inject(BACKUP_SETTINGS) private readonly settings: BackupSettings,
  ) {}

  map(): QueueHandlers<'store-backups'> {
    return {
      'backup.run': async (job, token) => this.later(job, token, await this.backups.run(job.data.backupId)),
      'backup.delete-objects': async (job) => {
        await this.backups.deleteObjects(job.data.storeId, job.data.backupId);
        return 'deleted';
      },
      'backup.schedule': () => this.schedule.pass(),
      'store.restore': async (job, token) => this.later(job, token, await this.restores.run(job.data.storeId, job.data.backupId)),
    };
  }

  private async later<O extends BackupRunOutcome | RestoreOutcome>(job: Job, token: string | undefined, outcome: O): Promise<O> {
    if (outcome !== 'waiting') return outcome;
    await job.moveToDelayed(Date.now() + this.settings.pollMs, token);
    throw new DelayedError();
  }
}

/** Everything backups, restores and clones need in the worker. */
export const backupProviders: Provider[] = [
  { provide: BACKUP_SETTINGS, useFactory: () => backupSettingsFromEnv() },
  TransferJobs,
  BackupRunner,
  RestoreRunner,
  BackupSchedule,
  BackupHandlers,
];
