/**
 * Benchmark (not part of `npm test`): provisions a batch of WooCommerce stores
 * on the local control plane with a real worker (as its least-privilege
 * ServiceAccount), real Postgres and Redis, then tears them down, and prints
 * time to ready, throughput and Kubernetes requests per store.
 * Run: npm run bench:provision  (BENCH_STORES, BENCH_CONCURRENCY to change the shape)
 */
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { LABELS } from '@storefleet/engines';
import {
  CLUSTER_START_TIMEOUT_MS,
  createOwner,
  createWorkerIdentity,
  createWorkerTestDatabase,
  ensureCluster,
  requestDeletion,
  requestStore,
  storeName,
  type TestDatabase,
  testWorkerEnv,
  waitForStatus,
  type WorkerIdentity,
} from '@storefleet/testing';

import { startTestWorker, type TestWorker } from '../testing/worker-harness.js';

const STORES = Number(process.env.BENCH_STORES ?? 10);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 2);

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

describe('provisioning benchmark', () => {
  let admin: KubeConfig;
  let database: TestDatabase;
  let identity: WorkerIdentity;
  let worker: TestWorker;

  beforeAll(async () => {
    admin = await ensureCluster();
    database = await createWorkerTestDatabase('bench');
    identity = await createWorkerIdentity(admin);
    worker = await startTestWorker({
      env: testWorkerEnv(database.appUrl, {
        PROVISIONING_CONCURRENCY: String(CONCURRENCY),
        TEARDOWN_CONCURRENCY: String(CONCURRENCY),
        // Room for both pools of this bench plus the operations and reconcile workers at their defaults.
        DATABASE_POOL_SIZE: String(CONCURRENCY * 2 + 20),
      }),
      kubeConfig: identity.kubeConfig,
    });
  }, CLUSTER_START_TIMEOUT_MS);

  afterAll(async () => {
    await worker?.close();
    await identity?.remove();
    await database?.drop();
  }, 300_000);

  it(
    `provisions and tears down ${STORES} stores with concurrency ${CONCURRENCY}`,
    async () => {
      const owner = await createOwner(worker.db, {
        maxLiveStores: STORES,
        maxProvisioningStores: STORES,
        maxCreatesPerHour: STORES,
      });
      const requestsBefore = worker.kube.requestCount;
      const started = Date.now();
      const stores = await Promise.all(
        Array.from({ length: STORES }, () => requestStore(worker.db, worker.queues, owner.id, storeName('bench'))),
      );
      const readyAfter = await Promise.all(
        stores.map(async (store) => {
          await waitForStatus(worker.db, store.id, 'ready', 30 * 60_000);
          return Date.now() - started;
        }),
      );
      const provisionWall = Date.now() - started;
      const provisionRequests = worker.kube.requestCount - requestsBefore;

      // Teardown, and where its time goes: per store, the wait in the queue, the worker's own steps
      // (from the timeline), and inside the namespace's deletion when its last pod went and when
      // the namespace controller finished (sampled every 250 ms).
      const namespaces = new Map(stores.map((store) => [store.namespace, store.id]));
      const podsGoneAt = new Map<string, number>();
      const namespaceGoneAt = new Map<string, number>();
      const core = admin.makeApiClient(CoreV1Api);
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          const [pods, live] = await Promise.all([
            core.listPodForAllNamespaces({ labelSelector: `${LABELS.platformInstance}=${worker.config.PLATFORM_INSTANCE}` }),
            core.listNamespace({ labelSelector: `${LABELS.platformInstance}=${worker.config.PLATFORM_INSTANCE}` }),
          ]);
          const withPods = new Set(pods.items.map((pod) => pod.metadata!.namespace!));
          const existing = new Set(live.items.map((ns) => ns.metadata!.name!));
          for (const ns of namespaces.keys()) {
            if (!withPods.has(ns) && !podsGoneAt.has(ns)) podsGoneAt.set(ns, Date.now());
            if (!existing.has(ns) && !namespaceGoneAt.has(ns)) namespaceGoneAt.set(ns, Date.now());
          }
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      })();
      const teardownStarted = Date.now();
      await Promise.all(stores.map((store) => requestDeletion(worker.db, worker.queues, store.id)));
      await Promise.all(stores.map((store) => waitForStatus(worker.db, store.id, 'deleted', 30 * 60_000)));
      const teardownWall = Date.now() - teardownStarted;
      sampling = false;
      await sampler;
      const events = await worker.db.storeEvent.findMany({
        where: { storeId: { in: stores.map((s) => s.id) }, step: { in: ['cancel-provisioning', 'delete-namespace'] } },
      });
      const stepStart = (storeId: string, step: string) =>
        events.find((e) => e.storeId === storeId && e.step === step && e.outcome === 'succeeded');
      const phases = stores.map((store) => {
        const cancel = stepStart(store.id, 'cancel-provisioning')!;
        const remove = stepStart(store.id, 'delete-namespace')!;
        const deleteIssued = remove.startedAt.getTime();
        return {
          queued: cancel.startedAt.getTime() - teardownStarted,
          cancel: cancel.durationMs ?? 0,
          podsGone: (podsGoneAt.get(store.namespace) ?? deleteIssued) - deleteIssued,
          namespaceGone: (namespaceGoneAt.get(store.namespace) ?? remove.finishedAt!.getTime()) - deleteIssued,
          step: remove.durationMs ?? 0,
        };
      });
      const column = (pick: (p: (typeof phases)[0]) => number) => {
        const sorted = phases.map(pick).sort((a, b) => a - b);
        return `p50 ${seconds(percentile(sorted, 50))}, max ${seconds(sorted.at(-1)!)}`;
      };
      expect(namespaces.size).toBe(STORES);

      readyAfter.sort((a, b) => a - b);
      const lines = [
        `provisioning benchmark: ${STORES} WooCommerce stores, worker concurrency ${CONCURRENCY}`,
        `  time to ready   first ${seconds(readyAfter[0]!)}, p50 ${seconds(percentile(readyAfter, 50))}, last ${seconds(readyAfter.at(-1)!)}`,
        `  throughput      ${((STORES / provisionWall) * 60_000).toFixed(1)} stores/min`,
        `  kube requests   ${(provisionRequests / STORES).toFixed(1)} per store provisioned`,
        `  teardown        ${seconds(teardownWall)} for all ${STORES} (namespaces finalised)`,
        `    waiting in the teardown queue          ${column((p) => p.queued)}`,
        `    cancel-provisioning step               ${column((p) => p.cancel)}`,
        `    delete-namespace step                  ${column((p) => p.step)}`,
        `      of which: until the last pod went    ${column((p) => p.podsGone)}`,
        `      until the namespace was finalised    ${column((p) => p.namespaceGone)}`,
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
      expect(readyAfter).toHaveLength(STORES);
    },
    60 * 60_000,
  );
});
