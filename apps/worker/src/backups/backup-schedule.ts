import { randomUUID } from 'node:crypto';

import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { manifestKey } from '@storefleet/backups';
import { DEFAULT_BACKUP_POLICY, jobId, JobName, QueueName } from '@storefleet/contracts';
import { PrismaService, type StoreEngine } from '@storefleet/db';
import { JobQueues } from '@storefleet/queue';

import { BACKUP_SETTINGS, type BackupSettings } from './backup-settings.js';

/** Stores started per pass, so one pass stays short with many stores due at once (the rest go next pass). */
const MAX_STARTS_PER_PASS = 200;
export interface SchedulePassResult {
  started: string[];
}

/**
 * The periodic backup pass (one repeatable job for all worker pods): a ready
 * or degraded store whose policy interval (default 24 h, 0 = off) has passed
 * since its last backup, and that has none running, gets a `scheduled`
 * backup. A running backup whose job was lost is the reconciler's to repair
 * (reconcile.service.ts), like every other lost job.
 */
@Injectable()
export class BackupSchedule implements OnApplicationBootstrap {
  private readonly logger = new Logger(BackupSchedule.name);

  constructor(
    @Inject(PrismaService) private readonly prisma: PrismaService,
    @Inject(JobQueues) private readonly queues: JobQueues,
    @Inject(BACKUP_SETTINGS) private readonly settings: BackupSettings,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.settings.scheduleMs === 0 || !this.settings.s3) return;
    await this.queues
      .queue(QueueName.Backups)
      .upsertJobScheduler(
        jobId.scheduleBackups(),
        { every: this.settings.scheduleMs },
        { name: JobName.ScheduleBackups, data: {} },
      );
  }

  async pass(now = new Date()): Promise<SchedulePassResult> {
    const due = await this.prisma.$queryRaw<{ id: string; engine: StoreEngine }[]>`
      SELECT s.id, s.engine FROM stores s LEFT JOIN backup_policies p ON p.store_id = s.id
       WHERE s.status IN ('ready', 'degraded')
         AND COALESCE(p.interval_hours, ${DEFAULT_BACKUP_POLICY.intervalHours}) > 0
         AND NOT EXISTS (
               SELECT 1 FROM backups b WHERE b.store_id = s.id
                  AND (b.status = 'running'
                       OR b.created_at > ${now}::timestamptz - make_interval(hours => COALESCE(p.interval_hours, ${DEFAULT_BACKUP_POLICY.intervalHours}))))
       ORDER BY s.id
       LIMIT ${MAX_STARTS_PER_PASS}`;
    const started: string[] = [];
    for (const store of due) {
      const id = randomUUID();
      await this.prisma.backup.create({
        data: {
          id,
          storeId: store.id,
          trigger: 'scheduled',
          engine: store.engine,
          manifestKey: manifestKey(store.id, id),
          createdAt: now,
        },
      });
      await this.queues.enqueue(JobName.RunBackup, { backupId: id }, { jobId: jobId.runBackup(id) });
      started.push(id);
    }
    if (started.length > 0) this.logger.log({ started: started.length }, 'Scheduled backups started');
    return { started };
  }
}
