/**
 * The worker's side of a restore, against real Postgres, Redis, the local
 * control plane (as the chart's worker ServiceAccount) and the real S3
 * server: the store goes restoring → ready (or failed), its app is scaled to
 * zero while the restore Job runs and back after, the Job and its
 * credentials go. Simulated nodes run no containers, so what the Job's
 * scripts do to the data is proven natively in
 * libs/engines/src/backup/*-roundtrip.int-spec.ts.
 */
import { randomUUID } from 'node:crypto';

import {
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  type KubeConfig,
  type V1Deployment,
  type V1Job,
  type V1Secret,
  Watch,
} from '@kubernetes/client-node';
import { backupPrefix, manifestKey, S3ObjectStore, s3SettingsFromEnv, writeBackup } from '@storefleet/backups';
import { jobId, namespaceForStore, QueueName } from '@storefleet/contracts';
import { CredentialsCipher, StoreLifecycle } from '@storefleet/db';
import { BACKUP_ID_LABEL, blueprintObjects, restoreJobName } from '@storefleet/engines';
import {
  CLUSTER_START_TIMEOUT_MS,
  createOwner,
  createWorkerIdentity,
  createWorkerTestDatabase,
  deleteNamespace,
  type DeleteNamespaceOptions,
  ensureCluster,
  storeName,
  TEST_NAMESPACE_LABEL,
  type TestDatabase,
  testWorkerEnv,
  type WorkerIdentity,
} from '@storefleet/testing';

import { StoreBlueprints } from '../provisioning/blueprints.js';
import { startTestWorker, type TestWorker } from '../testing/worker-harness.js';
import { RestoreRunner } from './restore-runner.js';

const s3 = s3SettingsFromEnv();
if (!s3) throw new Error('S3_ENDPOINT is not set: the integration global setup starts the local S3 server');

describe('restores in the worker', () => {
  let admin: KubeConfig;
  let database: TestDatabase;
  let identity: WorkerIdentity;
  let worker: TestWorker;
  const namespaces: { remove(options?: DeleteNamespaceOptions): Promise<unknown> }[] = [];
  const bucket = new S3ObjectStore(s3);

  beforeAll(async () => {
    admin = await ensureCluster();
    database = await createWorkerTestDatabase('restores');
    identity = await createWorkerIdentity(admin);
    process.env.BACKUP_POLL_SECONDS = '1';
    process.env.BACKUP_SCHEDULE_SECONDS = '0';
    worker = await startTestWorker({ env: testWorkerEnv(database.appUrl), kubeConfig: identity.kubeConfig });
  }, CLUSTER_START_TIMEOUT_MS);

  afterAll(async () => {
    await worker?.close();
    bucket.destroy();
    for (const namespace of namespaces) await namespace.remove({ wait: false }).catch(() => undefined);
    await identity?.remove();
    await database?.drop();
  }, 180_000);

  /** A ready Medusa store in its own namespace, with one completed backup written as the backup Job writes it. */
  async function readyStoreWithBackup(options: { alter?: boolean } = {}) {
    const owner = await createOwner(worker.db);
    const name = storeName('rs');
    // The store's own namespace (the blueprint's), marked as a test namespace for the clean-up of stale ones.
    await admin.makeApiClient(CoreV1Api).createNamespace({
      body: { metadata: { name: namespaceForStore(name), labels: { [TEST_NAMESPACE_LABEL]: 'true' } } },
    });
    const namespace = {
      name: namespaceForStore(name),
      remove: (o?: DeleteNamespaceOptions) => deleteNamespace(admin, namespaceForStore(name), o),
    };
    namespaces.push(namespace);
    const store = await worker.db.store.create({
      data: {
        name,
        liveName: name,
        engine: 'medusa',
        ownerId: owner.id,
        namespace: namespace.name,
        status: 'ready',
        provisionAttempts: 1,
        readyAt: new Date(),
      },
    });
    // The claims the restore pod mounts (the uploaded files), as provisioning made them.
    const blueprint = await worker.app.get(StoreBlueprints).forStore(store);
    for (const claim of blueprintObjects(blueprint).filter((o) => o.kind === 'PersistentVolumeClaim'))
      await worker.kube.apply(claim);
    const backupId = randomUUID();
    const createdAt = new Date();
    const manifest = await writeBackup(
      bucket,
      { storeId: store.id, backupId, engine: 'medusa', engineVersion: '17.5', createdAt: createdAt.toISOString() },
      [{ part: 'database', name: 'database.pgdump', body: Buffer.from(`dump of ${name}`) }],
    );
    if (options.alter) await bucket.put(`${backupPrefix(store.id, backupId)}database.pgdump`, Buffer.from(`DUMP OF ${name}`));
    await worker.db.backup.create({
      data: {
        id: backupId,
        storeId: store.id,
        trigger: 'manual',
        engine: 'medusa',
        manifestKey: manifestKey(store.id, backupId),
        status: 'completed',
        objects: manifest.objects.map((o) => ({ ...o })),
        createdAt,
        completedAt: new Date(),
      },
    });
    return { store, backupId, namespace: namespace.name };
  }

  /** The replicas of every Deployment of the namespace, in the order the API server reported them. */
  async function watchReplicas(namespace: string): Promise<{ seen: Map<string, number[]>; stop: () => void }> {
    const seen = new Map<string, number[]>();
    const request = await new Watch(admin).watch(
      `/apis/apps/v1/namespaces/${namespace}/deployments`,
      {},
      (_type, object: V1Deployment) => {
        const name = object.metadata!.name!;
        const replicas = object.spec?.replicas ?? 1;
        const list = seen.get(name) ?? [];
        if (list.at(-1) !== replicas) list.push(replicas);
        seen.set(name, list);
      },
      () => undefined,
    );
    return { seen, stop: () => request.abort() };
  }

  const waitForStatus = async (id: string, status: string, timeoutMs = 90_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const store = await worker.db.store.findUniqueOrThrow({ where: { id } });
      if (store.status === status) return store;
      if (Date.now() > deadline) {
        const job = store.restoreBackupId
          ? await worker.queues.queue(QueueName.Backups).getJob(jobId.restore(id, store.restoreBackupId))
          : undefined;
        const state = job ? `${await job.getState()} ${job.failedReason ?? ''}` : 'no restore job';
        throw new Error(`store ${id} is ${store.status}, not ${status} (${state})`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  };

  it('restoring → ready: the app in maintenance while the restore Job runs (its Secret: presigned GETs, no key), then back; the Job and its Secret removed; audited, on the timeline', async () => {
    const { store, backupId, namespace } = await readyStoreWithBackup();
    const watch = await watchReplicas(namespace);
    const batch = admin.makeApiClient(BatchV1Api);
    const jobName = restoreJobName(backupId);
    const jobs: string[] = [];
    const jobAdded: V1Job[] = [];
    const jobWatch = await new Watch(admin).watch(
      `/apis/batch/v1/namespaces/${namespace}/jobs`,
      {},
      (type, object: V1Job) => {
        jobs.push(`${type} ${object.metadata?.name}`);
        if (type === 'ADDED') jobAdded.push(object);
      },
      () => undefined,
    );
    const secrets = new Map<string, V1Secret>();
    const secretWatch = await new Watch(admin).watch(
      `/api/v1/namespaces/${namespace}/secrets`,
      {},
      (type, object: V1Secret) => {
        if (type === 'ADDED') secrets.set(object.metadata!.name!, object);
      },
      () => undefined,
    );
    try {
      await worker.app.get(StoreLifecycle).restore(store.id, {
        backupId,
        from: ['ready', 'degraded'],
        audit: { action: 'store.restore', outcome: 'success' },
      });
      const ready = await waitForStatus(store.id, 'ready');
      expect(ready).toMatchObject({ restoreBackupId: null, statusReason: null });
      // Maintenance: every app Deployment went to 0 and came back to 1 (the database StatefulSet is left alone).
      expect([...watch.seen.keys()].sort()).toEqual(['medusa', 'storefront']);
      for (const replicas of watch.seen.values()) expect(replicas).toEqual([0, 1]);
      // The restore Job ran and is gone, its credentials Secret with it (owner reference).
      expect(jobs).toEqual(expect.arrayContaining([`ADDED ${jobName}`, `DELETED ${jobName}`]));
      await expect(batch.readNamespacedJob({ name: jobName, namespace })).rejects.toMatchObject({ code: 404 });
      const deployments = await admin.makeApiClient(AppsV1Api).listNamespacedDeployment({ namespace });
      expect(deployments.items.map((d) => d.spec?.replicas)).toEqual([1, 1]);
    } finally {
      watch.stop();
      jobWatch.abort();
      secretWatch.abort();
    }
    // The Job's only access to the bucket: a presigned GET of each object of the verified manifest, no key.
    const secret = secrets.get(`${jobName}-urls`);
    expect(secret?.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'Job', name: jobName });
    const urls = Object.entries(secret?.data ?? {}).map(([file, v]) => [file, Buffer.from(v, 'base64').toString('utf8')]);
    expect(urls.map(([file]) => file)).toEqual(['database.pgdump']);
    const url = new URL(urls[0]![1]!);
    expect(url.pathname).toBe(`/${s3.bucket}/${backupPrefix(store.id, backupId)}database.pgdump`);
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(await (await fetch(url)).text()).toBe(`dump of ${store.name}`);
    expect((await fetch(url, { method: 'PUT', body: 'overwrite' })).status).toBe(403);
    expect(JSON.stringify(urls)).not.toContain(s3.secretAccessKey);
    const [restoreJob] = jobAdded;
    expect(JSON.stringify(restoreJob)).not.toContain(s3.secretAccessKey);
    expect(JSON.stringify(restoreJob)).not.toContain(s3.accessKeyId);
    expect(await worker.db.storeEvent.findFirst({ where: { storeId: store.id, step: 'restore' } })).toMatchObject({
      outcome: 'succeeded',
      message: `restored backup ${backupId}`,
    });
    expect(await worker.db.auditLog.findFirst({ where: { action: 'store.restored', targetId: store.id } })).toMatchObject({
      outcome: 'success',
      details: expect.objectContaining({ backupId }),
    });
    // Level-driven: another run of the same restore changes nothing.
    expect(await worker.app.get(RestoreRunner).run(store.id, backupId)).toBe('skipped');
  });

  it('a backup that no longer matches its manifest fails the store with the reason; the app comes back, no Job is left', async () => {
    const { store, backupId, namespace } = await readyStoreWithBackup({ alter: true });
    await worker.app.get(StoreLifecycle).restore(store.id, {
      backupId,
      from: ['ready'],
      audit: { action: 'store.restore', outcome: 'success' },
    });
    const failed = await waitForStatus(store.id, 'failed');
    expect(failed.statusReason).toMatch(
      /^restore failed: the backup cannot be restored: database: sha256 [0-9a-f]{64}, manifest says/,
    );
    const deployments = await admin.makeApiClient(AppsV1Api).listNamespacedDeployment({ namespace });
    expect(deployments.items.map((d) => d.spec?.replicas)).toEqual([1, 1]);
    const jobs = await admin.makeApiClient(BatchV1Api).listNamespacedJob({ namespace });
    expect(jobs.items.filter((j) => !j.metadata?.deletionTimestamp)).toEqual([]);
    expect(await worker.db.auditLog.findFirst({ where: { action: 'store.restore_failed', targetId: store.id } })).toMatchObject({
      outcome: 'failure',
    });
    expect(await worker.db.storeEvent.findFirst({ where: { storeId: store.id, step: 'restore' } })).toMatchObject({
      outcome: 'failed',
    });
  });

  it('the reconciler re-adds the restore job of a restoring store whose job was lost', async () => {
    const { store, backupId } = await readyStoreWithBackup();
    // The transition committed but the job never reached Redis (no jobs port).
    const lifecycle = new StoreLifecycle({
      db: worker.db,
      publisher: null,
      jobs: null,
      defaultLimits: { maxLiveStores: 5, maxProvisioningStores: 2, maxCreatesPerHour: 10 },
    });
    await lifecycle.restore(store.id, { backupId, from: ['ready'], audit: { action: 'store.restore', outcome: 'success' } });
    expect(await worker.reconciler.reconcileStore(store.id)).toMatchObject({ status: 'restoring', action: 'job', job: 'added' });
    await waitForStatus(store.id, 'ready');
  });

  /**
   * A clone of `engine` through the lifecycle, as POST /stores makes it, from a
   * completed backup of a ready source store (whose revealed admin login is
   * `sourceLogin`); returns the clone once ready and its one restore Job as
   * the API server first stored it.
   */
  async function cloneFromBackup(engine: 'woocommerce' | 'medusa', sourceLogin: { username: string; password: string }) {
    const owner = await createOwner(worker.db);
    const sourceName = storeName('src');
    const cipher = worker.app.get(CredentialsCipher);
    const source = await worker.db.store.create({
      data: {
        name: sourceName,
        liveName: sourceName,
        engine,
        ownerId: owner.id,
        namespace: namespaceForStore(sourceName),
        status: 'ready',
        provisionAttempts: 1,
        storefrontUrl: `http://${sourceName}.stores.localtest.me/`,
      },
    });
    await worker.db.store.update({
      where: { id: source.id },
      data: { adminCredentials: cipher.encrypt(source.id, sourceLogin) },
    });
    const backupId = randomUUID();
    const manifest = await writeBackup(
      bucket,
      {
        storeId: source.id,
        backupId,
        engine,
        engineVersion: engine === 'medusa' ? '17.5' : '11.4.8-MariaDB',
        createdAt: new Date().toISOString(),
      },
      [{ part: 'database', name: engine === 'medusa' ? 'database.pgdump' : 'database.sql.gz', body: Buffer.from('dump') }],
    );
    await worker.db.backup.create({
      data: {
        id: backupId,
        storeId: source.id,
        trigger: 'manual',
        engine,
        manifestKey: manifestKey(source.id, backupId),
        status: 'completed',
        objects: manifest.objects.map((o) => ({ ...o })),
      },
    });
    // Every restore Job of this backup, as the API server first stored it.
    const added: V1Job[] = [];
    const jobWatch = await new Watch(admin).watch(
      '/apis/batch/v1/jobs',
      { labelSelector: `${BACKUP_ID_LABEL}=${backupId}` },
      (type, object: V1Job) => {
        if (type === 'ADDED') added.push(object);
      },
      () => undefined,
    );
    const name = storeName('cl');
    namespaces.push({ remove: (o) => deleteNamespace(admin, namespaceForStore(name), o) });
    const seen = new Set<string>();
    try {
      const { store } = await worker.app
        .get(StoreLifecycle)
        .create({ ownerId: owner.id, name, engine, fromBackup: { storeId: source.id, backupId } }, null);
      for (const deadline = Date.now() + 180_000; ;) {
        const now = await worker.db.store.findUniqueOrThrow({ where: { id: store.id } });
        seen.add(now.status);
        if (now.status === 'ready' || now.status === 'failed' || Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const ready = await waitForStatus(store.id, 'ready', 1_000);
      expect([...seen]).toEqual(expect.arrayContaining(['restoring', 'ready']));
      expect(ready).toMatchObject({ storefrontUrl: `http://${name}.stores.localtest.me/`, restoreBackupId: null });
      expect(added).toHaveLength(1);
      expect(added[0]!.metadata!.namespace).toBe(namespaceForStore(name));
      return { ready, job: added[0]!, name, sourceName, owner, cipher };
    } finally {
      jobWatch.abort();
    }
  }

  const envOf = (job: V1Job, container: string) =>
    Object.fromEntries(
      (job.spec!.template.spec!.containers.find((c) => c.name === container)?.env ?? []).map((e) => [
        e.name,
        e.value ?? e.valueFrom,
      ]),
    );

  it("a clone provisions like any store, then restores its source's backup with the source's address rewritten to its own", async () => {
    const { job, name, sourceName } = await cloneFromBackup('woocommerce', {
      username: 'storeadmin',
      password: 'source-password',
    });
    expect(envOf(job, 'rewrite')).toMatchObject({
      REWRITE_FROM: `//${sourceName}.stores.localtest.me`,
      REWRITE_TO: `//${name}.stores.localtest.me`,
    });
    const events = await worker.db.storeEvent.findMany({
      where: { storeId: (await worker.db.store.findFirstOrThrow({ where: { name } })).id },
    });
    expect(events.map((e) => e.step)).toEqual(expect.arrayContaining(['namespace', 'setup-job', 'restore']));
    expect(events.find((e) => e.step === 'restore')?.message).toContain(`URLs rewritten to //${name}.stores.localtest.me`);
  }, 240_000);

  it("a Medusa clone's restore ends by giving its own admin login the clone's password and locking the source's; it reveals its own login", async () => {
    const sourceLogin = { username: 'source-owner@example.com', password: 'source-password' };
    const { ready, job, owner, cipher } = await cloneFromBackup('medusa', sourceLogin);
    expect(job.spec!.template.spec!.initContainers!.map((c) => c.name)).toEqual(['download', 'restore']);
    expect(envOf(job, 'admin-login')).toMatchObject({
      MEDUSA_ADMIN_EMAIL: owner.email.toLowerCase(),
      MEDUSA_SOURCE_ADMIN_EMAIL: sourceLogin.username,
      MEDUSA_ADMIN_PASSWORD: { secretKeyRef: { name: 'medusa-credentials', key: 'admin-password' } },
    });
    const revealed = cipher.decrypt<{ username: string; password: string }>(ready.id, ready.adminCredentials!);
    expect(revealed.username).toBe(owner.email.toLowerCase());
    expect(revealed.password).not.toBe(sourceLogin.password);
    expect(revealed.password.length).toBeGreaterThanOrEqual(24);
  }, 240_000);
});
