/**
 * Workers as separate processes, as pods run them: killed with SIGKILL at
 * several steps and restarted, two of them sharing one owner's limit, and a
 * graceful SIGTERM. Real control plane, Postgres and Redis; the workers
 * authenticate as a ServiceAccount bound to the chart's ClusterRole.
 */
import { AppsV1Api, BatchV1Api, CoreV1Api, type KubeConfig, NetworkingV1Api } from '@kubernetes/client-node';
import { jobId, PROVISIONING_STEPS, QueueName } from '@storefleet/contracts';
import { createPrismaClient, type PrismaClient } from '@storefleet/db';
import type { JobQueues } from '@storefleet/queue';
import {
  CLUSTER_START_TIMEOUT_MS,
  deleteNamespace,
  ensureCluster,
  READY_AFTER_ANNOTATION,
  type TestDatabase,
} from '@storefleet/testing';

import { createWorkerTestDatabase } from './testing/database.js';
import { createOwner, requestStore, storeName, waitForStatus } from './testing/fixtures.js';
import { testWorkerEnv } from './testing/worker-harness.js';
import {
  removeWorkerBuild,
  startWorkerProcess,
  testQueues,
  type WorkerProcess,
  writeKubeConfig,
} from './testing/worker-process.js';
import { createWorkerIdentity, type WorkerIdentity } from './testing/worker-rbac.js';

describe('worker processes', () => {
  let admin: KubeConfig;
  let database: TestDatabase;
  let identity: WorkerIdentity;
  let db: PrismaClient;
  let env: Record<string, string>;
  let queues: JobQueues;
  let closeQueues: () => Promise<void>;
  const running = new Set<WorkerProcess>();
  const namespaces: string[] = [];

  beforeAll(async () => {
    admin = await ensureCluster();
    database = await createWorkerTestDatabase('processes');
    identity = await createWorkerIdentity(admin);
    env = testWorkerEnv(database.appUrl, {
      KUBECONFIG: writeKubeConfig(identity.kubeConfigText),
      LOG_LEVEL: 'info',
      // Slow enough to be caught at each step: about three requests a second.
      KUBE_QPS: '3',
      KUBE_BURST: '1',
      STORE_POD_ANNOTATIONS: JSON.stringify({ [READY_AFTER_ANNOTATION]: '3s' }),
    });
    db = createPrismaClient({ url: database.appUrl });
    ({ queues, close: closeQueues } = testQueues(env.REDIS_URL!, env.QUEUE_PREFIX!));
  }, CLUSTER_START_TIMEOUT_MS);

  afterEach(async () => {
    await Promise.all([...running].map((w) => w.kill('SIGKILL')));
    running.clear();
  });

  afterAll(async () => {
    await closeQueues?.();
    await db?.$disconnect();
    await Promise.all(namespaces.map((ns) => deleteNamespace(admin, ns).catch(() => undefined)));
    await identity?.remove();
    await database?.drop();
    removeWorkerBuild();
  }, 180_000);

  async function worker(extra: Record<string, string> = {}): Promise<WorkerProcess> {
    const started = await startWorkerProcess({ ...env, ...extra });
    running.add(started);
    return started;
  }

  async function kill(process: WorkerProcess, signal: NodeJS.Signals) {
    const code = await process.kill(signal);
    running.delete(process);
    return code;
  }

  async function newStore(prefix: string, ownerId: string) {
    const name = storeName(prefix);
    namespaces.push(`store-${name}`);
    return requestStore(db, queues, ownerId, name);
  }

  /** The step the store's run is in now, if any. */
  async function runningStep(storeId: string): Promise<string | null> {
    const event = await db.storeEvent.findFirst({ where: { storeId, outcome: 'running' }, orderBy: { startedAt: 'desc' } });
    return event?.step ?? null;
  }

  it('brings a store to ready, with no duplicate objects, after being killed at several steps', async () => {
    const owner = await createOwner(db);
    let current = await worker();
    const store = await newStore('killed', owner.id);
    const killAt = ['secrets', 'application', 'wait-ready'];
    const killedAt: string[] = [];
    const until = Date.now() + 150_000;
    while (killedAt.length < killAt.length && Date.now() < until) {
      const step = await runningStep(store.id);
      if (step && killAt.indexOf(step) >= killedAt.length) {
        await kill(current, 'SIGKILL');
        killedAt.push(step);
        current = await worker();
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(killedAt.length).toBe(3);
    expect(new Set(killedAt).size).toBe(3);

    const ready = await waitForStatus(db, store.id, 'ready', 150_000);
    expect(ready.storefrontUrl).toContain(store.name);

    // The timeline shows each interrupted step; each restart ran the pipeline from
    // the top (every step converges), and the last run completed all nine.
    const events = await db.storeEvent.findMany({ where: { storeId: store.id }, orderBy: { startedAt: 'asc' } });
    const interrupted = events.filter((e) => e.outcome === 'failed');
    expect(interrupted.map((e) => e.step)).toEqual(killedAt);
    for (const e of interrupted) expect(e.message).toMatch(/^interrupted/);
    expect(events.slice(-9).map((e) => [e.step, e.outcome])).toEqual(PROVISIONING_STEPS.map((step) => [step, 'succeeded']));
    expect(events.filter((e) => e.outcome === 'running')).toEqual([]);

    // Exactly one of everything.
    const namespace = store.namespace;
    const core = admin.makeApiClient(CoreV1Api);
    const apps = admin.makeApiClient(AppsV1Api);
    const counts = {
      secrets: (await core.listNamespacedSecret({ namespace })).items.length,
      services: (await core.listNamespacedService({ namespace })).items.length,
      claims: (await core.listNamespacedPersistentVolumeClaim({ namespace })).items.length,
      statefulSets: (await apps.listNamespacedStatefulSet({ namespace })).items.length,
      deployments: (await apps.listNamespacedDeployment({ namespace })).items.length,
      replicaSets: (await apps.listNamespacedReplicaSet({ namespace })).items.length,
      jobs: (await admin.makeApiClient(BatchV1Api).listNamespacedJob({ namespace })).items.length,
      policies: (await admin.makeApiClient(NetworkingV1Api).listNamespacedNetworkPolicy({ namespace })).items.length,
      ingresses: (await admin.makeApiClient(NetworkingV1Api).listNamespacedIngress({ namespace })).items.length,
    };
    expect(counts).toEqual({
      secrets: 1,
      services: 2,
      claims: 2,
      statefulSets: 1,
      deployments: 1,
      replicaSets: 1,
      jobs: 1,
      policies: 6,
      ingresses: 1,
    });
  }, 300_000);

  it('holds one owner’s provisioning limit across two worker processes', async () => {
    const owner = await createOwner(db, { maxProvisioningStores: 1 });
    await Promise.all([
      worker({ PROVISIONING_CONCURRENCY: '2', PROVISIONING_LIMIT_RECHECK_SECONDS: '1' }),
      worker({ PROVISIONING_CONCURRENCY: '2', PROVISIONING_LIMIT_RECHECK_SECONDS: '1' }),
    ]);
    const stores = [];
    for (let i = 0; i < 3; i++) stores.push(await newStore(`limit${i}`, owner.id));

    let most = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        most = Math.max(most, await db.store.count({ where: { ownerId: owner.id, status: 'provisioning' } }));
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    try {
      for (const store of stores) await waitForStatus(db, store.id, 'ready', 240_000);
    } finally {
      sampling = false;
      await sampler;
    }
    expect(most).toBe(1);
    // They took turns: no two provisioning runs overlapped.
    const runs = (await db.store.findMany({ where: { ownerId: owner.id } }))
      .map((s) => [s.provisioningStartedAt!.getTime(), s.readyAt!.getTime()] as const)
      .sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < runs.length; i++) expect(runs[i]![0]).toBeGreaterThanOrEqual(runs[i - 1]![1]);
  }, 300_000);

  it('on SIGTERM, stops waiting, hands the job back and exits cleanly; another worker finishes the store', async () => {
    const owner = await createOwner(db);
    // The database takes 20 s to become ready, so the run is caught waiting.
    const slow = { STORE_POD_ANNOTATIONS: JSON.stringify({ [READY_AFTER_ANNOTATION]: '20s' }) };
    const first = await worker(slow);
    const store = await newStore('sigterm', owner.id);
    const until = Date.now() + 60_000;
    while ((await runningStep(store.id)) !== 'wait-ready' && Date.now() < until)
      await new Promise((resolve) => setTimeout(resolve, 50));

    const stoppedAt = Date.now();
    // Nest closes the application, then re-raises the signal: ending by SIGTERM is the clean exit.
    expect(await kill(first, 'SIGTERM')).toBe('SIGTERM');
    expect(Date.now() - stoppedAt).toBeLessThan(10_000);
    const job = await queues.queue(QueueName.Provisioning).getJob(jobId.provision(store.id, 1));
    expect(['delayed', 'waiting']).toContain(await job!.getState());
    expect(job!.attemptsMade).toBe(0);

    await worker(slow);
    await waitForStatus(db, store.id, 'ready', 120_000);
    const wait = await db.storeEvent.findMany({
      where: { storeId: store.id, step: 'wait-ready' },
      orderBy: { startedAt: 'asc' },
    });
    expect(wait.map((e) => [e.outcome, e.message?.slice(0, 23)])).toEqual([
      ['failed', 'The worker is stopping'],
      ['succeeded', expect.stringMatching(/^database, app and setup/)],
    ]);
  }, 300_000);
});
