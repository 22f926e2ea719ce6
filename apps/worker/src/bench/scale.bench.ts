/**
 * Scale benchmark (not a timed test; `npm run bench:scale -- --stores=N`).
 *
 * N ready stores on the local control plane, made by BULK-APPLYING what the
 * pipeline would create for each store of what the reconciler checks (its
 * namespace, database StatefulSet, app Deployment and Ingress, from the real
 * blueprint) rather than running the pipeline N times. Workloads are scaled to 0 replicas so the shared
 * cluster's simulated nodes are not filled, and Services (ClusterIPs) are
 * left out so its Service range is not exhausted. The bench waits until the
 * controllers have observed every workload (the steady state a running
 * platform is in), then starts the worker AS ITS OWN PROCESS (as a pod runs
 * it, authenticated as a ServiceAccount bound to the chart's ClusterRole) and
 * times its passes as the schedule runs them: the first one (a fresh worker)
 * and the next (the steady state), each from the pass job's start until no
 * reconcile job is left. It samples the worker process's RSS throughout and
 * reads its Kubernetes requests from its /metrics. Then the p99 of the API's
 * store list (the built API in a process of its own, on the same database:
 * scripts/bench/scale.sh builds it). Everything is removed afterwards
 * (namespaces, database, queues).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

import { jest } from '@jest/globals';
import { type KubernetesObject, type V1Deployment, type V1StatefulSet } from '@kubernetes/client-node';
import { defaultLimits, loadWorkerConfig } from '@storefleet/config';
import { QueueName } from '@storefleet/contracts';
import { createPrismaClient, type PrismaClient, StoreLifecycle } from '@storefleet/db';
import { blueprintFor, LABELS } from '@storefleet/engines';
import { deploymentReady, KubeClient, RESOURCES, statefulSetReady } from '@storefleet/kube';
import {
  type BenchStack,
  CLUSTER_START_TIMEOUT_MS,
  createWorkerIdentity,
  createWorkerTestDatabase,
  ensureCluster,
  freePort,
  removeWorkerBuild,
  startBenchStack,
  startWorkerProcess,
  type TestDatabase,
  testQueues,
  testWorkerEnv,
  type WorkerIdentity,
  type WorkerProcess,
  writeKubeConfig,
} from '@storefleet/testing';

import { engineConfigFrom } from '../config/engine-config.js';

const STORES = Number(process.env.SCALE_STORES ?? 100);
/** Between the worker's passes; the first (fresh worker) must be over before the second (steady state) starts. */
const INTERVAL_SECONDS = Number(process.env.SCALE_INTERVAL_SECONDS ?? Math.max(60, Math.ceil(STORES / 20)));
const RESULT_FILE = process.env.SCALE_RESULT_FILE ?? '';
jest.setTimeout(4 * 60 * 60_000);

const zeroReplicas = (object: KubernetesObject): KubernetesObject => {
  const workload = object as V1Deployment | V1StatefulSet;
  const scaled: V1Deployment | V1StatefulSet = { ...workload, spec: { ...workload.spec!, replicas: 0 } };
  return scaled;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The resident set of a process now, from /proc (MiB). */
function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
  return line ? Number(line[1]) / 1024 : 0;
}

/** The worker's Kubernetes requests so far, summed over verbs and codes, from its /metrics. */
async function kubeRequests(metricsPort: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith('storefleet_worker_kube_requests_total{'))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

describe(`the reconciler over ${STORES} stores`, () => {
  let database: TestDatabase;
  let identity: WorkerIdentity;
  let workerProcess: WorkerProcess | undefined;
  let db: PrismaClient;
  let api: BenchStack;
  let kube: KubeClient;
  let queues: ReturnType<typeof testQueues>;
  const instance = `bench-${randomBytes(3).toString('hex')}`;
  const namespaces: string[] = [];
  let env: Record<string, string>;

  beforeAll(async () => {
    const admin = await ensureCluster();
    database = await createWorkerTestDatabase('scale');
    identity = await createWorkerIdentity(admin);
    env = testWorkerEnv(database.appUrl, {
      KUBECONFIG: writeKubeConfig(identity.kubeConfigText, `scale-${instance}`),
      PLATFORM_INSTANCE: instance,
      LOG_LEVEL: 'warn',
      METRICS_PORT: String(await freePort()),
      RECONCILE_INTERVAL_SECONDS: String(INTERVAL_SECONDS),
      RECONCILE_CONCURRENCY: '10',
      DATABASE_POOL_SIZE: '20',
      // No store is due for its periodic full re-apply in the measured passes (that would apply Services).
      RECONCILE_FULL_REPAIR_PASSES: '1000',
    });
    db = createPrismaClient({ url: database.appUrl });
    queues = testQueues(env.REDIS_URL!, env.QUEUE_PREFIX!);
    // The bench's own client, for setup only: fast, and not counted in the worker's requests.
    kube = new KubeClient(admin, { qps: 200, burst: 400, fieldManager: 'storefleet-bench', requestTimeoutMs: 30_000 });
    api = await startBenchStack('scale', { database });
  }, CLUSTER_START_TIMEOUT_MS);

  afterAll(async () => {
    const started = Date.now();
    await workerProcess?.kill('SIGTERM');
    // Everything the bench made goes: the namespaces (all labelled with this bench's instance), the database, the queues.
    for (let i = 0; i < namespaces.length; i += 100) {
      await Promise.all(
        namespaces.slice(i, i + 100).map((name) => kube.delete({ ...RESOURCES.Namespace, name }).catch(() => undefined)),
      );
    }
    await api?.close();
    await queues?.close();
    await db?.$disconnect();
    await identity?.remove();
    await database?.drop();
    removeWorkerBuild();
    console.log(`cleanup: ${namespaces.length} namespaces deleted in ${Math.round((Date.now() - started) / 1000)} s`);
  }, 60 * 60_000);

  it('reconciles every store in one pass', async () => {
    const config = loadWorkerConfig(env);
    const engineConfig = engineConfigFrom(config);
    const owner = await db.user.create({
      data: {
        email: `bench-${instance}@example.com`,
        passwordHash: 'x',
        role: 'operator',
        maxLiveStores: STORES,
        maxCreatesPerHour: STORES,
      },
    });
    // Store rows through the lifecycle (as POST /stores), then ready as the worker would leave them.
    const lifecycle = new StoreLifecycle({ db, publisher: null, jobs: null, defaultLimits: defaultLimits(config) });
    const setupStarted = Date.now();
    for (let i = 0; i < STORES; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, STORES - i) }, (_, j) =>
          lifecycle.create({ ownerId: owner.id, name: `${instance}-${i + j}`, engine: 'woocommerce' }, null),
        ),
      );
    }
    await db.store.updateMany({
      where: { ownerId: owner.id },
      data: { status: 'ready', provisioningStartedAt: new Date(), readyAt: new Date() },
    });
    const stores = await db.store.findMany({ where: { ownerId: owner.id } });
    // Bulk-apply what the pipeline would create of what converge checks (namespace, StatefulSet, Deployment, Ingress), 20 stores at a time.
    for (let i = 0; i < stores.length; i += 20) {
      await Promise.all(
        stores.slice(i, i + 20).map(async (store) => {
          const bp = blueprintFor({ ...store, ownerEmail: owner.email }, engineConfig);
          namespaces.push(bp.namespace);
          await kube.apply(bp.manifests.namespace.objects[0]!);
          for (const object of [...bp.manifests.database.objects, ...bp.manifests.application.objects]) {
            if (object.kind === 'StatefulSet' || object.kind === 'Deployment') await kube.apply(zeroReplicas(object));
          }
          for (const object of Object.values(bp.manifests).flatMap((step) => step.objects)) {
            if (object.kind === 'Ingress') await kube.apply(object);
          }
        }),
      );
    }
    expect(namespaces).toHaveLength(STORES);
    console.log(`setup: ${STORES} stores bulk-applied in ${Math.round((Date.now() - setupStarted) / 1000)} s`);

    // The steady state: every workload observed by its controller and ready (at 0 replicas), as the worker judges it.
    const observeStarted = Date.now();
    const selector = `${LABELS.platformInstance}=${instance}`;
    for (;;) {
      const [{ items: deployments }, { items: statefulSets }] = await Promise.all([
        kube.list<V1Deployment>(RESOURCES.Deployment, { labelSelector: selector }),
        kube.list<V1StatefulSet>(RESOURCES.StatefulSet, { labelSelector: selector }),
      ]);
      const waiting =
        deployments.filter((d) => !deploymentReady(d)).length + statefulSets.filter((s) => !statefulSetReady(s)).length;
      if (waiting === 0 && deployments.length + statefulSets.length === 2 * STORES) break;
      if (Date.now() - observeStarted > 30 * 60_000) throw new Error(`${waiting} workloads still not observed after 30 minutes`);
      await sleep(2_000);
    }
    console.log(
      `observe: controllers saw all ${2 * STORES} workloads ready in ${Math.round((Date.now() - observeStarted) / 1000)} s`,
    );

    // The worker, as its own process; its schedule runs a pass at start and then every INTERVAL_SECONDS.
    const reconcile = queues.queues.queue(QueueName.Reconcile);
    // Not 'delayed': the schedule's next pass always waits there as a delayed job.
    const busy = async () => reconcile.getJobCountByTypes('waiting', 'active', 'prioritized');
    let peakRss = 0;
    const passes: { seconds: number; requests: number; peakRss: number }[] = [];
    const metricsPort = Number(env.METRICS_PORT);
    const workerStarted = Date.now();
    workerProcess = await startWorkerProcess(env);
    const pid = workerProcess.child.pid!;
    for (let n = 0; n < 2; n++) {
      // A pass starts when its job (or the store jobs it enqueues) is in the queue...
      const deadline = Date.now() + (INTERVAL_SECONDS + 120) * 1_000;
      while ((await busy()) === 0) {
        if (Date.now() > deadline) throw new Error(`pass ${n + 1} did not start within ${INTERVAL_SECONDS + 120} s`);
        await sleep(50);
      }
      const started = n === 0 ? workerStarted : Date.now();
      const requestsBefore = n === 0 ? 0 : await kubeRequests(metricsPort);
      peakRss = 0;
      // ... and ends when no reconcile job is left to run.
      while ((await busy()) > 0) {
        peakRss = Math.max(peakRss, rssMiB(pid));
        await sleep(100);
      }
      passes.push({
        seconds: (Date.now() - started) / 1000,
        requests: (await kubeRequests(metricsPort)) - requestsBefore,
        peakRss: Math.max(peakRss, rssMiB(pid)),
      });
    }
    const [first, steady] = passes as [(typeof passes)[0], (typeof passes)[0]];
    const statuses = await db.store.groupBy({ by: ['status'], where: { ownerId: owner.id }, _count: true });
    console.log(
      [
        `first pass (worker start to drained): ${first.seconds.toFixed(1)} s, ${first.requests} Kubernetes requests, peak worker RSS ${Math.round(first.peakRss)} MiB`,
        `steady pass: ${steady.seconds.toFixed(1)} s, ${steady.requests} Kubernetes requests, peak worker RSS ${Math.round(steady.peakRss)} MiB`,
        `stores after: ${statuses.map((s) => `${s.status} ${s._count}`).join(', ')}`,
      ].join('\n'),
    );
    expect(statuses).toEqual([{ status: 'ready', _count: STORES }]);

    // The API's store list (an operator's first page), 200 requests one after another,
    // as staff (the stack's admin), who lists every owner's stores.
    const times: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t = process.hrtime.bigint();
      const response = await fetch(`${api.apiUrl}/stores?limit=20`, { headers: { authorization: `Bearer ${api.token}` } });
      expect(response.status).toBe(200);
      await response.arrayBuffer();
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    times.sort((a, b) => a - b);
    const p99 = times[Math.ceil(times.length * 0.99) - 1]!;

    const line = `scale: ${STORES} stores, reconcile pass ${steady.seconds.toFixed(1)} s, worker rss ${Math.round(steady.peakRss)} MiB, api list p99 ${p99.toFixed(1)} ms`;
    console.log(line);
    if (RESULT_FILE) writeFileSync(RESULT_FILE, `${line}\n`);
  });
});
