import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  type BackupManifest,
  BackupNotRestorableError,
  backupPrefix,
  backupsBeyondRetention,
  backupUploadUrls,
  deleteBackupObjects,
  manifestSize,
  verifyBackup,
} from '@storefleet/backups';
import { DEFAULT_BACKUP_POLICY, storeAllows } from '@storefleet/contracts';
import { type Backup, PrismaService, type Store } from '@storefleet/db';
import { backupJobManifest, backupJobName, backupObjectFiles, type EngineConfig } from '@storefleet/engines';

import { ENGINE_CONFIG } from '../config/engine-config.js';
import { BACKUP_SETTINGS, type BackupSettings } from './backup-settings.js';
import { TransferJobs } from './transfer-jobs.js';

export type BackupRunOutcome = 'completed' | 'failed' | 'waiting' | 'skipped';

/** A backup still without a verified manifest this long after it started has failed (the Job's own deadline is 60 min). */
export const BACKUP_DEADLINE_MS = 90 * 60_000;

/**
 * One backup, level-driven: each run looks at the bucket and the cluster and
 * takes the next step, so a run killed anywhere converges when re-run.
 *   1. manifest in the bucket verifies (sizes and SHA-256 of the stored bytes) → completed, its Job
 *      removed, then retention;
 *   2. manifest present but not matching → failed (the Job writes it last, so it is not half-way);
 *   3. otherwise ensure the network policies, the Job and its Secret of presigned PUTs
 *      (each object of this backup and its manifest, nothing else);
 *      Job failed → failed; still running → waiting (the processor looks again later).
 */
@Injectable()
export class BackupRunner {
  private readonly logger = new Logger(BackupRunner.name);

  constructor(
    @Inject(PrismaService) private readonly prisma: PrismaService,
    @Inject(TransferJobs) private readonly transfers: TransferJobs,
    @Inject(ENGINE_CONFIG) private readonly engineConfig: EngineConfig,
    @Inject(BACKUP_SETTINGS) private readonly settings: BackupSettings,
  ) {}

  private get bucket() {
    return this.transfers.bucket;
  }

  async run(backupId: string): Promise<BackupRunOutcome> {
    const backup = await this.prisma.backup.findUnique({
      where: { id: backupId },
      include: { store: { include: { owner: true } } },
    });
    if (!backup || backup.status !== 'running') return 'skipped';
    const { store } = backup;
    if (!this.bucket || !this.settings.s3)
      return this.fail(backup, store, 'backups are not configured on this platform (S3_ENDPOINT)');
    if (!storeAllows(store.status, 'backup')) return this.fail(backup, store, `the store became ${store.status}`);
    const deadline = backup.createdAt.getTime() + BACKUP_DEADLINE_MS;

    try {
      return await this.complete(backup, store, await verifyBackup(this.bucket, store.id, backup.id));
    } catch (error) {
      if (!(error instanceof BackupNotRestorableError)) throw error;
      if (!error.problems[0]?.startsWith('no manifest'))
        return this.fail(backup, store, `the backup does not match its manifest: ${error.problems.join('; ')}`);
    }

    if (Date.now() > deadline)
      return this.fail(backup, store, `no verified manifest within ${BACKUP_DEADLINE_MS / 60_000} minutes`);

    const blueprintStore = TransferJobs.blueprintStore(store, store.owner.email);
    const job = backupJobManifest({
      store: blueprintStore,
      config: this.engineConfig,
      namespace: store.namespace,
      transferImage: this.settings.transferImage,
      backupId: backup.id,
      prefix: backupPrefix(store.id, backup.id),
      createdAt: backup.createdAt,
    });
    const bucket = this.bucket;
    const outcome = await this.transfers.ensure(blueprintStore, store.namespace, job, () =>
      backupUploadUrls(
        bucket,
        { storeId: store.id, backupId: backup.id },
        backupObjectFiles(store.engine),
        this.settings.urlExpirySeconds,
      ),
    );
    if (outcome.state === 'failed') return this.fail(backup, store, `the backup Job failed: ${outcome.reason}`);
    // Complete but no verified manifest yet: the bucket is eventually consistent at worst; look again.
    return 'waiting';
  }

  /** Fails a running backup whose job is gone for good (the reconciler's repair of a lost job). */
  async failLost(backupId: string, reason: string): Promise<BackupRunOutcome> {
    const backup = await this.prisma.backup.findUnique({ where: { id: backupId }, include: { store: true } });
    if (!backup || backup.status !== 'running') return 'skipped';
    return this.fail(backup, backup.store, reason.slice(0, 1_000));
  }

  /** Removes a deleted backup's objects (manifest first); none left is success. */
  async deleteObjects(storeId: string, backupId: string): Promise<void> {
    if (!this.bucket) return;
    await deleteBackupObjects(this.bucket, storeId, backupId);
  }

  private async complete(backup: Backup, store: Store, manifest: BackupManifest): Promise<BackupRunOutcome> {
    const now = new Date();
    const updated = await this.prisma.$transaction(async (tx) => {
      const moved = await tx.backup.updateMany({
        where: { id: backup.id, status: 'running' },
        data: {
          status: 'completed',
          engineVersion: manifest.engineVersion,
          sizeBytes: BigInt(manifestSize(manifest)),
          objects: manifest.objects.map((o) => ({ ...o })),
          completedAt: now,
        },
      });
      if (moved.count === 0) return false;
      await this.record(
        tx,
        backup,
        store,
        'succeeded',
        `backup completed (${manifestSize(manifest)} bytes, manifest verified)`,
        now,
      );
      await tx.auditLog.create({
        data: {
          action: 'backup.completed',
          outcome: 'success',
          targetType: 'store',
          targetId: store.id,
          details: { backupId: backup.id, sizeBytes: manifestSize(manifest), engineVersion: manifest.engineVersion },
        },
      });
      return true;
    });
    if (!updated) return 'skipped';
    // Its Job is done with: removed with its Secret of presigned PUTs (still valid) and its pod, which count
    // against the store's quota. Were this run killed first, the Job's TTL removes it within the hour.
    await this.transfers.remove(store.namespace, backupJobName(backup.id));
    await this.applyRetention(store);
    return 'completed';
  }

  private async fail(backup: Backup, store: Store, reason: string): Promise<BackupRunOutcome> {
    const now = new Date();
    await this.prisma.$transaction(async (tx) => {
      const moved = await tx.backup.updateMany({
        where: { id: backup.id, status: 'running' },
        data: { status: 'failed', reason, completedAt: now },
      });
      if (moved.count === 0) return;
      await this.record(tx, backup, store, 'failed', `backup failed: ${reason}`, now);
      await tx.auditLog.create({
        data: {
          action: 'backup.failed',
          outcome: 'failure',
          targetType: 'store',
          targetId: store.id,
          details: { backupId: backup.id, reason },
        },
      });
    });
    this.logger.warn({ backupId: backup.id, storeId: store.id, reason }, 'Backup failed');
    return 'failed';
  }

  /** The store's timeline: one event per finished backup. */
  private record(
    tx: Parameters<Parameters<PrismaService['$transaction']>[0]>[0],
    backup: Backup,
    store: Store,
    outcome: 'succeeded' | 'failed',
    message: string,
    finishedAt: Date,
  ) {
    return tx.storeEvent.create({
      data: {
        storeId: store.id,
        attempt: store.provisionAttempts,
        step: 'backup',
        outcome,
        message,
        startedAt: backup.createdAt,
        finishedAt,
        durationMs: finishedAt.getTime() - backup.createdAt.getTime(),
      },
    });
  }

  /** Keep the newest keepLast completed backups: older ones leave the bucket (manifest first), then the table. */
  private async applyRetention(store: Store): Promise<void> {
    if (!this.bucket) return;
    const policy = await this.prisma.backupPolicy.findUnique({ where: { storeId: store.id } });
    const completed = await this.prisma.backup.findMany({
      where: { storeId: store.id, status: 'completed' },
      select: { id: true, createdAt: true },
    });
    for (const old of backupsBeyondRetention(completed, policy?.keepLast ?? DEFAULT_BACKUP_POLICY.keepLast)) {
      await deleteBackupObjects(this.bucket, store.id, old.id);
      await this.prisma.backup.deleteMany({ where: { id: old.id } });
    }
  }
}
