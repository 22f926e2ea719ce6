import { randomUUID } from 'node:crypto';

import { Inject, Injectable, Logger } from '@nestjs/common';
import { manifestKey } from '@storefleet/backups';
import {
  type BackupPolicyView,
  type BackupView,
  DEFAULT_BACKUP_POLICY,
  IllegalStoreTransitionError,
  isStaff,
  isUuid,
  jobId,
  JobName,
  type Page,
  ProblemType,
  storeAllows,
  type StoreView,
} from '@storefleet/contracts';
import { type Backup, type Prisma, PrismaService, type Store, StoreLifecycle } from '@storefleet/db';
import { JobQueues } from '@storefleet/queue';

import { AuditService } from '../audit/audit.service.js';
import type { Actor, AuthUser } from '../auth/actor.js';
import { API_CONFIG, type ApiEnv } from '../config/api-config.js';
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor, pageOf } from '../http/pagination.js';
import { ProblemException, problems } from '../problems/problem.js';
import { auditActor } from '../stores/stores.service.js';
import { toBackupPolicyView, toBackupView } from './backup-view.js';
import type { BackupListQueryDto, UpdateBackupPolicyDto } from './dto/backup.dto.js';
import { restorableBackup } from './restorable-backup.js';

type SignedIn = Actor & { user: AuthUser };

const isBackupCursor = (value: unknown[]): value is [string, string] =>
  value.length === 2 && typeof value[0] === 'string' && !Number.isNaN(Date.parse(value[0])) && isUuid(value[1]);

/** Manual backups of a store, their list, their deletion and restore. The work is the worker's (apps/worker/src/backups). */
@Injectable()
export class BackupsService {
  private readonly logger = new Logger(BackupsService.name);

  constructor(
    @Inject(PrismaService) private readonly prisma: PrismaService,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(JobQueues) private readonly queues: JobQueues,
    @Inject(StoreLifecycle) private readonly lifecycle: StoreLifecycle,
    @Inject(API_CONFIG) private readonly config: ApiEnv,
  ) {}

  /**
   * running, in one transaction with its audit row; then the worker's job.
   * Refused: a store that is not ready (409), one that already has a running
   * backup (409), a user over their hourly limit (429 with Retry-After).
   */
  async create(actor: SignedIn, storeId: string): Promise<BackupView> {
    const store = await this.visible(actor, storeId);
    if (!storeAllows(store.status, 'backup')) {
      throw problems.conflict(`A ${store.status} store cannot be backed up; wait until it is ready`);
    }
    const backup = await this.prisma.$transaction(async (tx) => {
      // The user's row lock serialises their concurrent requests: the hourly count cannot be overrun.
      const [user] = await tx.$queryRaw<{ max: number | null }[]>`
        SELECT max_backups_per_hour AS max FROM users WHERE id = ${actor.user.id}::uuid FOR UPDATE`;
      await tx.$queryRaw`SELECT id FROM stores WHERE id = ${storeId}::uuid FOR UPDATE`;
      await this.assertWithinLimit(tx, actor.user.id, user?.max ?? this.config.DEFAULT_MAX_BACKUPS_PER_HOUR);
      const running = await tx.backup.findFirst({ where: { storeId, status: 'running' }, select: { id: true } });
      if (running) throw problems.conflict('A backup of this store is already running', { backupId: running.id });
      const id = randomUUID();
      const created = await tx.backup.create({
        data: {
          id,
          storeId,
          trigger: 'manual',
          requestedById: actor.user.id,
          engine: store.engine,
          manifestKey: manifestKey(storeId, id),
        },
      });
      await this.audit.record(
        actor,
        {
          action: 'backup.create',
          outcome: 'success',
          targetType: 'store',
          targetId: storeId,
          details: { backupId: id, name: store.name },
        },
        tx,
      );
      return created;
    });
    await this.enqueue(backup, actor.requestId);
    return toBackupView(backup);
  }

  /** Newest first, cursor-paginated. */
  async list(actor: SignedIn, storeId: string, query: BackupListQueryDto): Promise<Page<BackupView>> {
    await this.visible(actor, storeId);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = query.cursor ? decodeCursor(query.cursor, isBackupCursor) : null;
    const rows = await this.prisma.backup.findMany({
      where: {
        storeId,
        ...(after
          ? { OR: [{ createdAt: { lt: new Date(after[0]) } }, { createdAt: new Date(after[0]), id: { lt: after[1] } }] }
          : {}),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit + 1,
    });
    const page = pageOf(rows, limit);
    return {
      items: page.items.map(toBackupView),
      nextCursor: page.more && page.last ? encodeCursor([page.last.createdAt.toISOString(), page.last.id]) : null,
    };
  }

  async get(actor: SignedIn, storeId: string, backupId: string): Promise<BackupView> {
    await this.visible(actor, storeId);
    return toBackupView(await this.backupOf(storeId, backupId));
  }

  /**
   * Removes the backup from the list at once (and audits it); the worker then
   * deletes its objects, manifest first. A running backup is refused (409).
   */
  async delete(actor: SignedIn, storeId: string, backupId: string): Promise<void> {
    const store = await this.visible(actor, storeId);
    await this.prisma.$transaction(async (tx) => {
      const restoring = await tx.store.findFirst({
        where: { restoreBackupId: backupId, status: { in: ['requested', 'provisioning', 'restoring'] } },
        select: { id: true },
      });
      if (restoring) throw problems.conflict('A store is being restored from this backup; delete it afterwards');
      const deleted = await tx.backup.deleteMany({ where: { id: backupId, storeId, status: { not: 'running' } } });
      if (deleted.count === 0) {
        const backup = await tx.backup.findFirst({ where: { id: backupId, storeId } });
        if (!backup) throw problems.notFound('Backup');
        throw problems.conflict('A running backup cannot be deleted; wait until it completes or fails');
      }
      await this.audit.record(
        actor,
        {
          action: 'backup.delete',
          outcome: 'success',
          targetType: 'store',
          targetId: storeId,
          details: { backupId, name: store.name },
        },
        tx,
      );
    });
    try {
      await this.queues.enqueue(
        JobName.DeleteBackupObjects,
        { storeId, backupId, ...(actor.requestId ? { requestId: actor.requestId } : {}) },
        { jobId: jobId.deleteBackupObjects(backupId) },
      );
    } catch (error) {
      // The objects stay in the bucket without a row (no restore can name them); logged for the operator.
      this.logger.warn({ err: error, backupId }, 'Could not enqueue the deletion of backup objects');
    }
  }

  /**
   * ready | degraded → restoring: the worker replaces the store's database and
   * files with the backup's (the storefront is in maintenance meanwhile), then
   * marks it ready. 404 for a store or backup the user cannot see; 409 for a
   * backup that is not completed, a store that cannot be restored now, or one
   * with a backup running.
   */
  async restore(actor: SignedIn, storeId: string, backupId: string): Promise<StoreView> {
    const { store } = await restorableBackup(this.prisma, actor.user, storeId, backupId);
    if (!storeAllows(store.status, 'restore')) throw new IllegalStoreTransitionError(store.status, 'restoring');
    const running = await this.prisma.backup.findFirst({ where: { storeId, status: 'running' }, select: { id: true } });
    if (running)
      throw problems.conflict('A backup of this store is running; restore once it has finished', { backupId: running.id });
    const moved = await this.lifecycle.restore(storeId, {
      backupId,
      from: ['ready', 'degraded'],
      audit: { action: 'store.restore', outcome: 'success', details: { name: store.name, from: store.status } },
      actor: auditActor(actor),
    });
    return this.lifecycle.view(moved);
  }

  /** The store's schedule and retention (the platform's defaults while it has no policy of its own). */
  async policy(actor: SignedIn, storeId: string): Promise<BackupPolicyView> {
    await this.visible(actor, storeId);
    return toBackupPolicyView(storeId, await this.prisma.backupPolicy.findUnique({ where: { storeId } }));
  }

  /**
   * Changes one or both fields, in one transaction with its audit row (from →
   * to). The worker reads the policy on each schedule pass and after each
   * completed backup (retention), so it applies from then on.
   */
  async updatePolicy(actor: SignedIn, storeId: string, dto: UpdateBackupPolicyDto): Promise<BackupPolicyView> {
    if (dto.intervalHours === undefined && dto.keepLast === undefined)
      throw problems.validation([], 'Nothing to change: send intervalHours, keepLast or both');
    const store = await this.visible(actor, storeId);
    const updated = await this.prisma.$transaction(async (tx) => {
      // The store's row lock orders concurrent changes, so each audit row's "from" is what the change replaced.
      await tx.$queryRaw`SELECT id FROM stores WHERE id = ${storeId}::uuid FOR UPDATE`;
      const before = (await tx.backupPolicy.findUnique({ where: { storeId } })) ?? DEFAULT_BACKUP_POLICY;
      const change = {
        ...(dto.intervalHours === undefined ? {} : { intervalHours: dto.intervalHours }),
        ...(dto.keepLast === undefined ? {} : { keepLast: dto.keepLast }),
      };
      const after = await tx.backupPolicy.upsert({
        where: { storeId },
        create: { storeId, ...DEFAULT_BACKUP_POLICY, ...change },
        update: change,
      });
      await this.audit.record(
        actor,
        {
          action: 'backup.policy_update',
          outcome: 'success',
          targetType: 'store',
          targetId: storeId,
          details: {
            name: store.name,
            ...Object.fromEntries(
              (Object.keys(change) as (keyof typeof change)[]).map((field) => [field, { from: before[field], to: after[field] }]),
            ),
          },
        },
        tx,
      );
      return after;
    });
    return toBackupPolicyView(storeId, updated);
  }

  private async enqueue(backup: Backup, requestId: string | undefined): Promise<void> {
    try {
      await this.queues.enqueue(
        JobName.RunBackup,
        { backupId: backup.id, ...(requestId ? { requestId } : {}) },
        { jobId: jobId.runBackup(backup.id) },
      );
    } catch (error) {
      // The backup stays running; the reconciler enqueues running backups that have no job.
      this.logger.warn({ err: error, backupId: backup.id }, 'Could not enqueue backup job');
    }
  }

  private async assertWithinLimit(tx: Prisma.TransactionClient, userId: string, max: number): Promise<void> {
    const since = new Date(Date.now() - 3600_000);
    const recent = await tx.backup.findMany({
      where: { requestedById: userId, trigger: 'manual', createdAt: { gt: since } },
      orderBy: { createdAt: 'asc' },
      select: { createdAt: true },
    });
    if (recent.length < max) return;
    const freesAt = (recent[0]?.createdAt.getTime() ?? Date.now()) + 3600_000;
    const retryAfterSeconds = Math.max(1, Math.ceil((freesAt - Date.now()) / 1000));
    throw new ProblemException(
      {
        type: ProblemType.LimitExceeded,
        title: 'Limit exceeded',
        status: 429,
        detail: `maxBackupsPerHour is ${max} and you are at ${recent.length}`,
        limit: 'maxBackupsPerHour',
        max,
        current: recent.length,
      },
      { 'Retry-After': String(retryAfterSeconds) },
    );
  }

  private async backupOf(storeId: string, backupId: string): Promise<Backup> {
    const backup = await this.prisma.backup.findFirst({ where: { id: backupId, storeId } });
    if (!backup) throw problems.notFound('Backup');
    return backup;
  }

  /** Owners see their own stores, operators and admins all; anything else is 404, never 403. */
  private async visible(actor: SignedIn, id: string): Promise<Store> {
    const store = await this.prisma.store.findFirst({
      where: { id, status: { not: 'deleted' }, ...(isStaff(actor.user.role) ? {} : { ownerId: actor.user.id }) },
    });
    if (!store) throw problems.notFound('Store');
    return store;
  }
}
