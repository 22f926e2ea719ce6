/**
 * Workers as separate processes, as pods run them: killed with SIGKILL at
 * several steps and restarted, two of them sharing one owner's limit, and a
 * graceful SIGTERM. Real control plane, Postgres and Redis; the workers
 * authenticate as a ServiceAccount bound to the chart's ClusterRole.
 */
import { AppsV1Api, BatchV1Api, CoreV1Api, type KubeConfig, NetworkingV1Api } from '@kubernetes/client-node';
import { jobId, JobName, PROVISIONING_STEPS, QueueName } from '@storefleet/contracts';
import type { PrismaClient } from '@storefleet/db';
import type { JobQueues } from '@storefleet/queue';
import {
  createOwner,
  READY_AFTER_ANNOTATION,
  storeName,
  testLifecycle,
  waitForStatus,
  type WorkerIdentity,
  type WorkerProcess,
  workerTestBed,
  writeKubeConfig,
} from '@storefleet/testing';

describe('worker processes', () => {
  const bed = workerTestBed('processes', {
    LOG_LEVEL: 'info',
    // Slow enough to be caught at each step: about three requests a second.
    KUBE_QPS: '3',
    KUBE_BURST: '1',
    STORE_POD_ANNOTATIONS: JSON.stringify({ [READY_AFTER_ANNOTATION]: '3s' }),
  });
  let admin: KubeConfig;
  let identity: WorkerIdentity;
  let db: PrismaClient;
  let queues: JobQueues;
  beforeAll(() => {
    ({ admin, identity, db, queues } = bed);
  });

  afterEach(async () => {
    await Promise.all([...bed.workers].map((w) => bed.stopWorker(w, 'SIGKILL')));
  });

  const worker = (extra: Record<string, string> = {}): Promise<WorkerProcess> => bed.startWorker(extra);
  const kill = (process: WorkerProcess, signal: NodeJS.Signals) => bed.stopWorker(process, signal);
  const newStore = (prefix: string, ownerId: string) => bed.newStore(prefix, ownerId);

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
      services: 3, // database, app, paused page
      claims: 2,
      statefulSets: 1,
      deployments: 2, // the app, and the paused page at zero
      replicaSets: 2,
      jobs: 1,
      // default deny, DNS, ingress controller, database both ways, internet, loopback to the ingress controller, paused page
      policies: 8,
      ingresses: 1,
    });
  }, 300_000);

  it('finishes a suspend and a resume whose worker was killed in the middle of a step', async () => {
    const owner = await createOwner(db);
    let current = await worker();
    const store = await newStore('killed-pause', owner.id);
    await waitForStatus(db, store.id, 'ready', 150_000);
    const lifecycle = testLifecycle(db, queues);

    /** Requests the operation, kills the worker once `step` runs, starts another, and waits for `status`. */
    async function killedDuring(operation: 'suspend' | 'resume', step: string, status: 'suspended' | 'ready') {
      await lifecycle.requestOperation(store.id, operation, null);
      const until = Date.now() + 60_000;
      while ((await runningStep(store.id)) !== step) {
        if (Date.now() > until) throw new Error(`${operation} never ran ${step}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      await kill(current, 'SIGKILL');
      current = await worker();
      return waitForStatus(db, store.id, status, 120_000);
    }

    await killedDuring('suspend', 'paused-page', 'suspended');
    const apps = admin.makeApiClient(AppsV1Api);
    const replicas = async () =>
      Object.fromEntries(
        [
          ...(await apps.listNamespacedDeployment({ namespace: store.namespace })).items,
          ...(await apps.listNamespacedStatefulSet({ namespace: store.namespace })).items,
        ].map((w) => [w.metadata!.name!, w.spec!.replicas]),
      );
    expect(await replicas()).toEqual({ mariadb: 0, wordpress: 0, 'paused-page': 1 });

    await killedDuring('resume', 'wait-ready', 'ready');
    expect(await replicas()).toEqual({ mariadb: 1, wordpress: 1, 'paused-page': 0 });
    const ingress = await admin
      .makeApiClient(NetworkingV1Api)
      .readNamespacedIngress({ name: 'storefront', namespace: store.namespace });
    expect(ingress.spec!.rules![0]!.http!.paths.map((p) => p.backend.service!.name)).toEqual(['wordpress']);

    // Each interrupted step is closed as interrupted and ran again to success; nothing is left running.
    const events = await db.storeEvent.findMany({ where: { storeId: store.id, step: { in: ['paused-page', 'wait-ready'] } } });
    expect(events.filter((e) => e.outcome === 'failed').map((e) => e.message)).toEqual([
      expect.stringMatching(/^interrupted/),
      expect.stringMatching(/^interrupted/),
    ]);
    expect(await db.storeEvent.count({ where: { storeId: store.id, outcome: 'running' } })).toBe(0);
    expect(await db.auditLog.count({ where: { targetId: store.id, action: 'store.suspended' } })).toBe(1);
  }, 400_000);

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

  it('stops within 10 s of SIGTERM at any moment of a reconcile over 5,000 stores, leaving unfinished store jobs queued', async () => {
    // 5,000 ready stores whose namespaces are missing (the case that once kept a worker running for
    // more than 13 s). The workers' credentials are refused, so every store job fails fast and
    // nothing is created on the shared cluster; the queue stays busy throughout.
    const owner = await createOwner(db);
    const tag = storeName('many');
    await db.store.createMany({
      data: Array.from({ length: 5_000 }, (_, i) => ({
        name: `${tag}-${i}`,
        liveName: `${tag}-${i}`,
        engine: 'woocommerce' as const,
        ownerId: owner.id,
        namespace: `store-${tag}-${i}`,
        status: 'ready' as const,
        provisionAttempts: 1,
      })),
    });
    const refused = writeKubeConfig(identity.kubeConfigText.replace(/token: .*/, 'token: refused-on-purpose'), 'refused');
    const busy = { KUBECONFIG: refused, RECONCILE_INTERVAL_SECONDS: '10', RECONCILE_CONCURRENCY: '2', DATABASE_POOL_SIZE: '15' };
    const reconcile = queues.queue(QueueName.Reconcile);
    // The earlier tests' workers were SIGKILLed (afterEach), possibly holding a reconcile job: it stays
    // active under their lock until the lock expires and a stalled check hands it back. Start from an
    // empty queue so every active job below is one of this test's workers.
    await reconcile.obliterate({ force: true });
    // A pass due now (the schedule's own would come within 10 s).
    await queues.enqueue(JobName.ReconcileCluster, {}, { jobId: 'pass-now' });
    // Moments to stop at: during start-up's first pass, then twice while store jobs run.
    for (const after of [300, 2_000, 5_000]) {
      const current = await worker(busy);
      await new Promise((resolve) => setTimeout(resolve, after));
      const stoppedAt = Date.now();
      expect(await kill(current, 'SIGTERM')).toBe('SIGTERM');
      expect(Date.now() - stoppedAt).toBeLessThan(10_000);
      // Nothing was left half-taken: no job is active with its worker gone.
      expect((await reconcile.getActive()).map((job) => `${job.name} ${job.id} after ${after} ms`)).toEqual([]);
    }
    // Unfinished work went back to (or stayed in) the queue for the next worker. (Two store jobs at a
    // time, each at least a database read and a refused Kubernetes request: 5,000 of them outlast the
    // few seconds the three workers processed, on any machine.)
    expect(await reconcile.getJobCountByTypes('waiting', 'prioritized', 'delayed')).toBeGreaterThan(0);
  }, 180_000);
});
