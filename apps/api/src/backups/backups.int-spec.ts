import {
  type BackupPolicyView,
  type BackupView,
  jobId,
  JobName,
  ProblemType,
  QueueName,
  type StoreView,
} from '@storefleet/contracts';
import { Queue } from 'bullmq';

import { createUser, insertStore, type TestUser } from '../testing/factories.js';
import { apiSuite } from '../testing/suite.js';

describe('store backups API', () => {
  const s = apiSuite('backups', { DEFAULT_MAX_BACKUPS_PER_HOUR: '3' });
  let owner: TestUser;
  let other: TestUser;
  let operator: TestUser;
  let queue: Queue;

  beforeAll(async () => {
    owner = await createUser(s.api, s.prisma, { maxBackupsPerHour: 100 });
    other = await createUser(s.api, s.prisma);
    operator = await createUser(s.api, s.prisma, { role: 'operator' });
    // An independent BullMQ client: the job must really be in Redis.
    queue = new Queue(QueueName.Backups, { connection: { url: process.env.REDIS_URL! }, prefix: s.prefix });
  });
  afterAll(() => queue.close());

  const post = (user: TestUser, storeId: string) => s.api.http.post(`/api/v1/stores/${storeId}/backups`).set(user.auth);
  const finish = (id: string) =>
    s.prisma.backup.update({ where: { id }, data: { status: 'completed', completedAt: new Date() } });

  it('POST starts a running backup with 202, audits it and enqueues its job', async () => {
    const store = await insertStore(s.prisma, owner.user.id, { status: 'ready', engine: 'medusa' });
    const res = await post(owner, store.id).set('X-Request-Id', 'backup-1').expect(202);
    const backup = res.body as BackupView;
    expect(backup).toMatchObject({
      storeId: store.id,
      trigger: 'manual',
      status: 'running',
      reason: null,
      engine: 'medusa',
      manifestKey: `stores/${store.id}/backups/${backup.id}/manifest.json`,
      sizeBytes: null,
      completedAt: null,
    });
    const job = await queue.getJob(jobId.runBackup(backup.id));
    expect(job).toMatchObject({ name: JobName.RunBackup, data: { backupId: backup.id, requestId: 'backup-1' } });
    expect(await s.prisma.auditLog.findFirst({ where: { action: 'backup.create', targetId: store.id } })).toMatchObject({
      outcome: 'success',
      actorId: owner.user.id,
      details: { backupId: backup.id, name: store.name },
    });
    // One at a time per store.
    const again = await post(owner, store.id).expect(409);
    expect(again.body).toMatchObject({ type: ProblemType.Conflict, backupId: backup.id });
  });

  it('refuses a store that is not ready with 409, and writes nothing', async () => {
    const store = await insertStore(s.prisma, owner.user.id, { status: 'provisioning' });
    await post(owner, store.id).expect(409);
    expect(await s.prisma.backup.count({ where: { storeId: store.id } })).toBe(0);
  });

  it("is 404 for another user's store and its backups, and audits the denial", async () => {
    const store = await insertStore(s.prisma, owner.user.id, { status: 'ready' });
    const backup = (await post(owner, store.id).expect(202)).body as BackupView;
    await post(other, store.id).expect(404);
    await s.api.http.get(`/api/v1/stores/${store.id}/backups`).set(other.auth).expect(404);
    await s.api.http.get(`/api/v1/stores/${store.id}/backups/${backup.id}`).set(other.auth).expect(404);
    await s.api.http.delete(`/api/v1/stores/${store.id}/backups/${backup.id}`).set(other.auth).expect(404);
    // A backup id of another store, through a store the user owns, is 404 too.
    const mine = await insertStore(s.prisma, other.user.id, { status: 'ready' });
    await s.api.http.get(`/api/v1/stores/${mine.id}/backups/${backup.id}`).set(other.auth).expect(404);
    expect(await s.prisma.auditLog.count({ where: { action: 'backup.create', targetId: store.id, outcome: 'denied' } })).toBe(1);
    // Operators see every store's backups.
    const seen = await s.api.http.get(`/api/v1/stores/${store.id}/backups`).set(operator.auth).expect(200);
    expect((seen.body as { items: BackupView[] }).items.map((b) => b.id)).toEqual([backup.id]);
  });

  it('lists newest first with cursor pagination', async () => {
    const store = await insertStore(s.prisma, owner.user.id, { status: 'ready' });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const backup = (await post(owner, store.id).expect(202)).body as BackupView;
      await finish(backup.id);
      ids.push(backup.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await s.api.http
        .get(`/api/v1/stores/${store.id}/backups`)
        .query({ limit: 2, ...(cursor ? { cursor } : {}) })
        .set(owner.auth)
        .expect(200);
      const page = res.body as { items: BackupView[]; nextCursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((b) => b.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
    await s.api.http.get(`/api/v1/stores/${store.id}/backups`).query({ cursor: 'nonsense' }).set(owner.auth).expect(400);
  });

  it('DELETE removes a finished backup (204), audits it and enqueues the removal of its objects; a running one is 409', async () => {
    const store = await insertStore(s.prisma, owner.user.id, { status: 'ready' });
    const running = (await post(owner, store.id).expect(202)).body as BackupView;
    await s.api.http.delete(`/api/v1/stores/${store.id}/backups/${running.id}`).set(owner.auth).expect(409);
    await finish(running.id);
    await s.api.http.delete(`/api/v1/stores/${store.id}/backups/${running.id}`).set(owner.auth).expect(204);
    expect(await s.prisma.backup.findUnique({ where: { id: running.id } })).toBeNull();
    expect(await queue.getJob(jobId.deleteBackupObjects(running.id))).toMatchObject({
      name: JobName.DeleteBackupObjects,
      data: { storeId: store.id, backupId: running.id },
    });
    expect(await s.prisma.auditLog.count({ where: { action: 'backup.delete', targetId: store.id, outcome: 'success' } })).toBe(1);
    await s.api.http.delete(`/api/v1/stores/${store.id}/backups/${running.id}`).set(owner.auth).expect(404);
  });

  it('limits manual backups per user per hour (429 with Retry-After), counting across stores', async () => {
    const limited = await createUser(s.api, s.prisma); // DEFAULT_MAX_BACKUPS_PER_HOUR=3
    const stores = await Promise.all([1, 2, 3, 4].map(() => insertStore(s.prisma, limited.user.id, { status: 'ready' })));
    for (const store of stores.slice(0, 3)) await post(limited, store.id).expect(202);
    const res = await post(limited, stores[3]!.id).expect(429);
    expect(res.headers['retry-after']).toMatch(/^\d+$/);
    expect(res.body).toMatchObject({ type: ProblemType.LimitExceeded, limit: 'maxBackupsPerHour', max: 3, current: 3 });
    expect(await s.prisma.backup.count({ where: { storeId: stores[3]!.id } })).toBe(0);
  });

  describe('restore', () => {
    // A completed backup row (the worker has verified its manifest) of a store.
    const completedBackup = async (storeId: string, engine: 'woocommerce' | 'medusa' = 'woocommerce') => {
      const backup = await s.prisma.backup.create({
        data: { storeId, trigger: 'manual', engine, manifestKey: 'k', status: 'completed', completedAt: new Date() },
      });
      return backup;
    };
    const restore = (user: TestUser, storeId: string, body: unknown) =>
      s.api.http
        .post(`/api/v1/stores/${storeId}/restore`)
        .set(user.auth)
        .send(body as object);

    it('POST restore moves a ready store to restoring with 202, audits it and enqueues its restore job', async () => {
      const store = await insertStore(s.prisma, owner.user.id, { status: 'ready' });
      const backup = await completedBackup(store.id);
      const res = await restore(owner, store.id, { backupId: backup.id }).set('X-Request-Id', 'restore-1').expect(202);
      expect(res.body as StoreView).toMatchObject({ id: store.id, status: 'restoring' });
      expect(await s.prisma.store.findUniqueOrThrow({ where: { id: store.id } })).toMatchObject({
        status: 'restoring',
        restoreBackupId: backup.id,
      });
      expect(await queue.getJob(jobId.restore(store.id, backup.id))).toMatchObject({
        name: JobName.RestoreStore,
        data: { storeId: store.id, backupId: backup.id, requestId: 'restore-1' },
      });
      expect(await s.prisma.auditLog.findFirst({ where: { action: 'store.restore', targetId: store.id } })).toMatchObject({
        outcome: 'success',
        actorId: owner.user.id,
        details: expect.objectContaining({ backupId: backup.id, from: 'ready' }),
      });
      // Restoring: no second restore, no backup meanwhile.
      expect((await restore(owner, store.id, { backupId: backup.id }).expect(409)).body).toMatchObject({
        type: ProblemType.IllegalTransition,
        currentStatus: 'restoring',
      });
      await post(owner, store.id).expect(409);
      // The backup being restored cannot be deleted.
      await s.api.http.delete(`/api/v1/stores/${store.id}/backups/${backup.id}`).set(owner.auth).expect(409);
    });

    it("is 404 for another user's store, and for a backup of another store; nothing moves", async () => {
      const store = await insertStore(s.prisma, owner.user.id, { status: 'ready' });
      const backup = await completedBackup(store.id);
      const theirs = await insertStore(s.prisma, other.user.id, { status: 'ready' });
      expect((await restore(other, store.id, { backupId: backup.id }).expect(404)).body).toMatchObject({
        type: ProblemType.NotFound,
      });
      // Their own store, with a backup of mine: still 404 (never says the backup exists).
      await restore(other, theirs.id, { backupId: backup.id }).expect(404);
      expect((await s.prisma.store.findUniqueOrThrow({ where: { id: theirs.id } })).status).toBe('ready');
      expect((await s.prisma.store.findUniqueOrThrow({ where: { id: store.id } })).status).toBe('ready');
      expect(await s.prisma.auditLog.count({ where: { action: 'store.restore', targetId: store.id, outcome: 'denied' } })).toBe(
        1,
      );
    });

    it('refuses with problem+json: a backup not completed or running backup (409), a store not ready (409), a bad body (400)', async () => {
      const store = await insertStore(s.prisma, owner.user.id, { status: 'ready' });
      const failed = await s.prisma.backup.create({
        data: { storeId: store.id, trigger: 'manual', engine: 'woocommerce', manifestKey: 'k', status: 'failed', reason: 'x' },
      });
      const notCompleted = await restore(owner, store.id, { backupId: failed.id }).expect(409);
      expect(notCompleted.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(notCompleted.body).toMatchObject({ type: ProblemType.Conflict, backupStatus: 'failed' });
      const good = await completedBackup(store.id);
      const running = (await post(owner, store.id).expect(202)).body as BackupView;
      expect((await restore(owner, store.id, { backupId: good.id }).expect(409)).body).toMatchObject({ backupId: running.id });
      const provisioning = await insertStore(s.prisma, owner.user.id, { status: 'provisioning' });
      const early = await completedBackup(provisioning.id);
      await restore(owner, provisioning.id, { backupId: early.id }).expect(409);
      await restore(owner, store.id, { backupId: 'not-a-uuid' }).expect(400);
      await restore(owner, store.id, {}).expect(400);
      await restore(owner, store.id, { backupId: good.id, wipe: true }).expect(400);
      expect((await s.prisma.store.findUniqueOrThrow({ where: { id: store.id } })).status).toBe('ready');
    });
  });

  describe('backup policy', () => {
    const policyOf = (storeId: string) => `/api/v1/stores/${storeId}/backup-policy`;

    it("GET is the platform's defaults until changed; PATCH changes one field at a time, audited from → to", async () => {
      const store = await insertStore(s.prisma, owner.user.id, { status: 'ready' });
      const fresh = await s.api.http.get(policyOf(store.id)).set(owner.auth).expect(200);
      expect(fresh.body).toEqual({ storeId: store.id, intervalHours: 24, keepLast: 7, isDefault: true, updatedAt: null });

      const weekly = await s.api.http.patch(policyOf(store.id)).set(owner.auth).send({ intervalHours: 168 }).expect(200);
      expect(weekly.body).toMatchObject({ storeId: store.id, intervalHours: 168, keepLast: 7, isDefault: false });
      expect(Date.parse((weekly.body as BackupPolicyView).updatedAt!)).toBeGreaterThan(Date.now() - 60_000);
      // What the worker's schedule and retention read.
      expect(await s.prisma.backupPolicy.findUnique({ where: { storeId: store.id } })).toMatchObject({
        intervalHours: 168,
        keepLast: 7,
      });

      const off = await s.api.http.patch(policyOf(store.id)).set(owner.auth).send({ intervalHours: 0, keepLast: 3 }).expect(200);
      expect(off.body).toMatchObject({ intervalHours: 0, keepLast: 3, isDefault: false });
      expect((await s.api.http.get(policyOf(store.id)).set(owner.auth).expect(200)).body).toEqual(off.body);

      const audits = await s.prisma.auditLog.findMany({
        where: { action: 'backup.policy_update', targetId: store.id },
        orderBy: { id: 'asc' },
      });
      expect(audits.map((a) => ({ outcome: a.outcome, actorId: a.actorId, details: a.details }))).toEqual([
        { outcome: 'success', actorId: owner.user.id, details: { name: store.name, intervalHours: { from: 24, to: 168 } } },
        {
          outcome: 'success',
          actorId: owner.user.id,
          details: { name: store.name, intervalHours: { from: 168, to: 0 }, keepLast: { from: 7, to: 3 } },
        },
      ]);
      // Staff may change any store's policy.
      await s.api.http.patch(policyOf(store.id)).set(operator.auth).send({ keepLast: 10 }).expect(200);
      expect(await s.prisma.backupPolicy.findUnique({ where: { storeId: store.id } })).toMatchObject({ keepLast: 10 });
    });

    it('refuses a bad body with 400 naming the field, and changes nothing', async () => {
      const store = await insertStore(s.prisma, owner.user.id, { status: 'ready' });
      for (const body of [
        {},
        { keepLast: 0 },
        { keepLast: 101 },
        { intervalHours: -1 },
        { intervalHours: 721 },
        { intervalHours: 1.5 },
        { intervalHours: '24' },
        { keepLast: null },
        { keepLast: 3, schedule: 'daily' },
      ]) {
        const res = await s.api.http.patch(policyOf(store.id)).set(owner.auth).send(body);
        expect({ body, status: res.status, type: (res.body as { type?: string }).type }).toEqual({
          body,
          status: 400,
          type: ProblemType.Validation,
        });
      }
      const refused = await s.api.http.patch(policyOf(store.id)).set(owner.auth).send({ keepLast: 0 }).expect(400);
      expect(JSON.stringify(refused.body)).toContain('keepLast');
      expect(await s.prisma.backupPolicy.count({ where: { storeId: store.id } })).toBe(0);
      expect(
        await s.prisma.auditLog.count({ where: { action: 'backup.policy_update', targetId: store.id, outcome: 'success' } }),
      ).toBe(0);
    });

    it("is 404 for another user's store (audited as denied), and nothing changes", async () => {
      const store = await insertStore(s.prisma, owner.user.id, { status: 'ready' });
      await s.api.http.get(policyOf(store.id)).set(other.auth).expect(404);
      await s.api.http.patch(policyOf(store.id)).set(other.auth).send({ intervalHours: 1 }).expect(404);
      expect(await s.prisma.backupPolicy.count({ where: { storeId: store.id } })).toBe(0);
      expect(
        await s.prisma.auditLog.count({ where: { action: 'backup.policy_update', targetId: store.id, outcome: 'denied' } }),
      ).toBe(1);
    });
  });

  describe('clone (POST /stores with fromBackup)', () => {
    const clone = (user: TestUser, body: object) => s.api.http.post('/api/v1/stores').set(user.auth).send(body);
    const name = () => `clone-${Math.random().toString(36).slice(2, 10)}`;

    it("creates a requested store that will take the backup's data, audited with its source, within the owner's limits", async () => {
      const cloner = await createUser(s.api, s.prisma, { maxLiveStores: 2 });
      const source = await insertStore(s.prisma, cloner.user.id, { status: 'ready', engine: 'medusa' });
      const backup = await s.prisma.backup.create({
        data: { storeId: source.id, trigger: 'manual', engine: 'medusa', manifestKey: 'k', status: 'completed' },
      });
      const body = { engine: 'medusa', fromBackup: { storeId: source.id, backupId: backup.id } };
      const res = await clone(cloner, { name: name(), ...body }).expect(202);
      const created = res.body as StoreView;
      expect(created).toMatchObject({ status: 'requested', engine: 'medusa' });
      expect(created.id).not.toBe(source.id);
      expect(await s.prisma.store.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({ restoreBackupId: backup.id });
      expect(await s.prisma.auditLog.findFirst({ where: { action: 'store.create', targetId: created.id } })).toMatchObject({
        details: expect.objectContaining({ fromBackup: { storeId: source.id, backupId: backup.id } }),
      });
      // The same admission as any create: the third live store is refused.
      expect((await clone(cloner, { name: name(), ...body }).expect(409)).body).toMatchObject({
        type: ProblemType.LimitExceeded,
        limit: 'maxLiveStores',
      });
    });

    it("is 404 for another user's backup, 400 for another engine or unknown fields, 409 for a backup not completed; creates nothing", async () => {
      const theirs = await insertStore(s.prisma, other.user.id, { status: 'ready' });
      const theirBackup = await s.prisma.backup.create({
        data: { storeId: theirs.id, trigger: 'manual', engine: 'woocommerce', manifestKey: 'k', status: 'completed' },
      });
      const mine = await insertStore(s.prisma, owner.user.id, { status: 'ready' });
      const running = await s.prisma.backup.create({
        data: { storeId: mine.id, trigger: 'manual', engine: 'woocommerce', manifestKey: 'k' },
      });
      const before = await s.prisma.store.count();
      await clone(owner, {
        name: name(),
        engine: 'woocommerce',
        fromBackup: { storeId: theirs.id, backupId: theirBackup.id },
      }).expect(404);
      // My store id with their backup id: 404 as well.
      await clone(owner, {
        name: name(),
        engine: 'woocommerce',
        fromBackup: { storeId: mine.id, backupId: theirBackup.id },
      }).expect(404);
      const wrongEngine = await clone(other, {
        name: name(),
        engine: 'medusa',
        fromBackup: { storeId: theirs.id, backupId: theirBackup.id },
      }).expect(400);
      expect(wrongEngine.body).toMatchObject({ errors: [{ field: 'engine', message: expect.stringContaining('woocommerce') }] });
      await clone(owner, { name: name(), engine: 'woocommerce', fromBackup: { storeId: mine.id, backupId: running.id } }).expect(
        409,
      );
      await clone(owner, {
        name: name(),
        engine: 'woocommerce',
        fromBackup: { storeId: mine.id, backupId: running.id, x: 1 },
      }).expect(400);
      await clone(owner, { name: name(), engine: 'woocommerce', fromBackup: { storeId: mine.id } }).expect(400);
      expect(await s.prisma.store.count()).toBe(before);
      // Operators may clone any store's backup (the clone is theirs).
      const byOperator = await clone(operator, {
        name: name(),
        engine: 'woocommerce',
        fromBackup: { storeId: theirs.id, backupId: theirBackup.id },
      }).expect(202);
      expect((byOperator.body as StoreView).ownerId).toBe(operator.user.id);
    });
  });
});
