/**
 * The worker's side of a backup, against real Postgres, Redis, the local
 * control plane (as the chart's worker ServiceAccount) and the real S3 server.
 * Simulated nodes run no containers, so the test writes what the backup Job
 * would (libs/backups writeBackup: objects, then the manifest); the Job's own
 * scripts are proven natively in libs/engines/src/backup/*-roundtrip.int-spec.ts.
 */
import { createHash, randomUUID } from 'node:crypto';

import { BatchV1Api, CoreV1Api, type KubeConfig, NetworkingV1Api } from '@kubernetes/client-node';
import { backupPrefix, listBackupIds, manifestKey, S3ObjectStore, s3SettingsFromEnv, writeBackup } from '@storefleet/backups';
import { jobId, JobName, QueueName } from '@storefleet/contracts';
import { backupJobName, TRANSFER_JOB_DEADLINE_SECONDS } from '@storefleet/engines';
import {
  CLUSTER_START_TIMEOUT_MS,
  createOwner,
  createTestNamespace,
  createWorkerIdentity,
  createWorkerTestDatabase,
  ensureCluster,
  storeName,
  type TestDatabase,
  type TestNamespace,
  testWorkerEnv,
  type WorkerIdentity,
} from '@storefleet/testing';
import { Queue } from 'bullmq';

import { ReconcileService } from '../reconcile/reconcile.service.js';
import { startTestWorker, type TestWorker } from '../testing/worker-harness.js';
import { BackupSchedule } from './backup-schedule.js';

const s3 = s3SettingsFromEnv();
if (!s3) throw new Error('S3_ENDPOINT is not set: the integration global setup starts the local S3 server');

describe('backups in the worker', () => {
  let admin: KubeConfig;
  let database: TestDatabase;
  let identity: WorkerIdentity;
  let worker: TestWorker;
  let namespace: TestNamespace;
  let queue: Queue;
  const bucket = new S3ObjectStore(s3);

  beforeAll(async () => {
    admin = await ensureCluster();
    database = await createWorkerTestDatabase('backups');
    identity = await createWorkerIdentity(admin);
    namespace = await createTestNamespace(admin, 'backups');
    process.env.BACKUP_POLL_SECONDS = '1';
    process.env.BACKUP_SCHEDULE_SECONDS = '0'; // the test runs passes itself
    worker = await startTestWorker({ env: testWorkerEnv(database.appUrl), kubeConfig: identity.kubeConfig });
    queue = new Queue(QueueName.Backups, { connection: { url: process.env.REDIS_URL! }, prefix: worker.config.QUEUE_PREFIX });
  }, CLUSTER_START_TIMEOUT_MS);

  afterAll(async () => {
    await queue?.obliterate({ force: true }).catch(() => undefined);
    await queue?.close();
    await worker?.close();
    bucket.destroy();
    await namespace?.remove({ wait: false }).catch(() => undefined);
    await identity?.remove();
    await database?.drop();
  }, 180_000);

  async function readyStoreWithBackup(keepLast?: number) {
    const owner = await createOwner(worker.db);
    const name = storeName('bk');
    const store = await worker.db.store.create({
      data: {
        name,
        liveName: name,
        engine: 'medusa',
        ownerId: owner.id,
        namespace: namespace.name,
        status: 'ready',
        provisionAttempts: 1,
      },
    });
    if (keepLast) await worker.db.backupPolicy.create({ data: { storeId: store.id, keepLast } });
    return { store, owner };
  }

  async function startBackup(storeId: string, ownerId: string, createdAt = new Date(), enqueue = true) {
    const id = randomUUID();
    const backup = await worker.db.backup.create({
      data: {
        id,
        storeId,
        trigger: 'manual',
        requestedById: ownerId,
        engine: 'medusa',
        manifestKey: manifestKey(storeId, id),
        createdAt,
      },
    });
    if (enqueue) await queue.add(JobName.RunBackup, { backupId: id }, { jobId: jobId.runBackup(id) });
    return backup;
  }

  const waitForBackup = async (id: string, status: 'completed' | 'failed', timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const backup = await worker.db.backup.findUniqueOrThrow({ where: { id } });
      if (backup.status === status) return backup;
      if (Date.now() > deadline) throw new Error(`backup ${id} is ${backup.status}, not ${status}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  };

  it('creates the backup Job with a Secret of presigned URLs (no key) and network policies, and completes once the manifest verifies', async () => {
    const { store, owner } = await readyStoreWithBackup();
    const backup = await startBackup(store.id, owner.id);
    const batch = admin.makeApiClient(BatchV1Api);
    const core = admin.makeApiClient(CoreV1Api);
    const name = backupJobName(backup.id);

    // The worker creates the Job; on simulated nodes it never finishes, so the backup waits.
    let job;
    for (const deadline = Date.now() + 30_000; !job;) {
      job = await batch.readNamespacedJob({ name, namespace: namespace.name }).catch(() => undefined);
      if (!job && Date.now() > deadline) throw new Error('no backup Job');
      await new Promise((r) => setTimeout(r, 250));
    }
    const secret = await core.readNamespacedSecret({ name: `${name}-urls`, namespace: namespace.name });
    expect(secret.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'Job', name, uid: job.metadata?.uid });
    // The Secret holds presigned PUTs, one per object of this backup and its manifest, valid as long as the Job may run.
    const urls = Object.fromEntries(
      Object.entries(secret.data ?? {}).map(([file, value]) => [file, Buffer.from(value, 'base64').toString('utf8')]),
    );
    expect(Object.keys(urls).sort()).toEqual(['database.pgdump', 'files.tar.gz', 'manifest.json']);
    const prefix = backupPrefix(store.id, backup.id);
    for (const [file, url] of Object.entries(urls)) {
      const parsed = new URL(url);
      expect(parsed.pathname).toBe(`/${s3.bucket}/${prefix}${file}`);
      expect(parsed.searchParams.get('X-Amz-Expires')).toBe(String(TRANSFER_JOB_DEADLINE_SECONDS));
      expect(parsed.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    }
    // No key anywhere: not in the Job (spec, env of every container), not in its Secret. A presigned URL names the
    // access key id as its credential scope (X-Amz-Credential), so that id appears there and nowhere else.
    const containers = [...job.spec!.template.spec!.initContainers!, ...job.spec!.template.spec!.containers];
    expect(JSON.stringify(job)).not.toContain(s3.secretAccessKey);
    expect(JSON.stringify(job)).not.toContain(s3.accessKeyId);
    expect(JSON.stringify(containers.map((c) => c.env))).not.toMatch(/AWS_|ACCESS_KEY|SECRET_KEY|S3_CREDENTIALS/);
    expect(JSON.stringify(urls)).not.toContain(s3.secretAccessKey);
    expect(JSON.stringify(secret)).not.toContain(Buffer.from(s3.secretAccessKey).toString('base64'));
    for (const url of Object.values(urls))
      expect(url.replace(`X-Amz-Credential=${encodeURIComponent(`${s3.accessKeyId}/`)}`, '')).not.toContain(s3.accessKeyId);
    const policies = await admin.makeApiClient(NetworkingV1Api).listNamespacedNetworkPolicy({ namespace: namespace.name });
    expect(policies.items.map((p) => p.metadata?.name).sort()).toEqual(['allow-backup-egress', 'allow-backup-to-database']);
    expect((await worker.db.backup.findUniqueOrThrow({ where: { id: backup.id } })).status).toBe('running');

    // What the Job's upload container does, with nothing but those URLs: the object first, the manifest last.
    const dump = Buffer.from('dump');
    const manifest = {
      format: 1,
      storeId: store.id,
      backupId: backup.id,
      engine: 'medusa',
      engineVersion: '17.5',
      createdAt: backup.createdAt.toISOString(),
      objects: [
        { part: 'database', key: `${prefix}database.pgdump`, size: 4, sha256: createHash('sha256').update(dump).digest('hex') },
      ],
    };
    for (const [file, body] of [
      ['database.pgdump', dump],
      ['manifest.json', Buffer.from(JSON.stringify(manifest))],
    ] as const)
      expect((await fetch(urls[file]!, { method: 'PUT', body })).status).toBe(200);
    const done = await waitForBackup(backup.id, 'completed');
    expect(done).toMatchObject({ engineVersion: '17.5', sizeBytes: 4n, objects: manifest.objects });
    expect(done.completedAt).toBeInstanceOf(Date);
    const event = await worker.db.storeEvent.findFirstOrThrow({ where: { storeId: store.id, step: 'backup' } });
    expect(event).toMatchObject({ outcome: 'succeeded', message: expect.stringContaining('manifest verified') });
    expect(await worker.db.auditLog.findFirst({ where: { action: 'backup.completed', targetId: store.id } })).toMatchObject({
      outcome: 'success',
      details: expect.objectContaining({ backupId: backup.id }),
    });
    // Done with: the Job goes (its Secret of presigned PUTs with it, by owner reference).
    for (const deadline = Date.now() + 30_000; ;) {
      const left = await batch.readNamespacedJob({ name, namespace: namespace.name }).catch(() => undefined);
      if (!left || left.metadata?.deletionTimestamp) break;
      if (Date.now() > deadline) throw new Error('the completed backup Job was not removed');
      await new Promise((r) => setTimeout(r, 250));
    }
  });

  it('fails a backup whose manifest does not match the bucket, with the reason, on the timeline', async () => {
    const { store, owner } = await readyStoreWithBackup();
    // Enqueued once the bucket holds the altered backup, so the run cannot see it before the alteration.
    const backup = await startBackup(store.id, owner.id, new Date(), false);
    await writeBackup(
      bucket,
      {
        storeId: store.id,
        backupId: backup.id,
        engine: 'medusa',
        engineVersion: '17.5',
        createdAt: backup.createdAt.toISOString(),
      },
      [{ part: 'database', name: 'database.pgdump', body: Buffer.from('dump') }],
    );
    await bucket.put(`${backupPrefix(store.id, backup.id)}database.pgdump`, Buffer.from('DUMP'));
    await queue.add(JobName.RunBackup, { backupId: backup.id }, { jobId: jobId.runBackup(backup.id) });
    const failed = await waitForBackup(backup.id, 'failed');
    expect(failed.reason).toMatch(/^the backup does not match its manifest: database: sha256 [0-9a-f]{64}, manifest says/);
    expect(await worker.db.storeEvent.findFirst({ where: { storeId: store.id, step: 'backup' } })).toMatchObject({
      outcome: 'failed',
    });
  });

  it('keeps the newest keepLast completed backups and deletes older ones from the bucket and the table', async () => {
    const { store, owner } = await readyStoreWithBackup(2);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const backup = await startBackup(store.id, owner.id, new Date(Date.now() - (3 - i) * 60_000));
      await writeBackup(
        bucket,
        {
          storeId: store.id,
          backupId: backup.id,
          engine: 'medusa',
          engineVersion: '17.5',
          createdAt: backup.createdAt.toISOString(),
        },
        [{ part: 'database', name: 'database.pgdump', body: Buffer.from(`dump ${i}`) }],
      );
      await waitForBackup(backup.id, 'completed');
      ids.push(backup.id);
    }
    // Retention runs right after the third completes: wait for it.
    const kept = async () =>
      (await worker.db.backup.findMany({ where: { storeId: store.id }, orderBy: { createdAt: 'asc' } })).map((b) => b.id);
    for (const deadline = Date.now() + 20_000; (await kept()).length > 2 && Date.now() < deadline;)
      await new Promise((r) => setTimeout(r, 200));
    expect(await kept()).toEqual(ids.slice(1));
    expect(await listBackupIds(bucket, store.id)).toEqual(ids.slice(1).sort());
  });

  it('starts scheduled backups of due stores only (daily by default, policy 0 = off), once; the reconciler re-enqueues a lost job', async () => {
    const schedule = worker.app.get(BackupSchedule);
    const due = (await readyStoreWithBackup()).store;
    const off = (await readyStoreWithBackup()).store;
    await worker.db.backupPolicy.create({ data: { storeId: off.id, intervalHours: 0 } });
    const { store: recent, owner } = await readyStoreWithBackup();
    const earlier = await startBackup(recent.id, owner.id, new Date(Date.now() - 3600_000));
    await worker.db.backup.update({ where: { id: earlier.id }, data: { status: 'completed' } });
    const notReady = await worker.db.store.update({
      where: { id: (await readyStoreWithBackup()).store.id },
      data: { status: 'provisioning' },
    });

    const first = await schedule.pass();
    const startedFor = await worker.db.backup.findMany({
      where: { id: { in: first.started } },
      select: { storeId: true, trigger: true },
    });
    const mine = startedFor.filter((b) => [due.id, off.id, recent.id, notReady.id].includes(b.storeId));
    expect(mine).toEqual([{ storeId: due.id, trigger: 'scheduled' }]);
    expect(
      await queue.getJob(jobId.runBackup(first.started.find((id) => startedFor.some((b) => b.storeId === due.id) && id)!)),
    ).toBeDefined();
    // Running now: the next pass does not start another.
    const second = await schedule.pass();
    expect(await worker.db.backup.count({ where: { storeId: due.id } })).toBe(1);
    expect(second.started).not.toEqual(expect.arrayContaining(first.started));

    // A running backup whose job never reached Redis is enqueued again by the store's reconcile job (the one repairer).
    const failedStore = await worker.db.store.update({ where: { id: off.id }, data: { status: 'failed' } });
    const lost = randomUUID();
    await worker.db.backup.create({
      data: {
        id: lost,
        storeId: failedStore.id,
        trigger: 'manual',
        engine: 'medusa',
        manifestKey: manifestKey(off.id, lost),
        createdAt: new Date(Date.now() - 5 * 60_000),
      },
    });
    expect(await queue.getJob(jobId.runBackup(lost))).toBeUndefined();
    await worker.app.get(ReconcileService).reconcileStore(failedStore.id);
    expect(await queue.getJob(jobId.runBackup(lost))).toBeDefined();
    // Its run then finds the store failed and fails the backup with that reason.
    expect((await waitForBackup(lost, 'failed')).reason).toBe('the store became failed');
  });
});
