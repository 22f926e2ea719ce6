/**
 * Benchmark (not part of `npm test`): provisions a batch of WooCommerce stores
 * on the local control plane with a real worker (as its least-privilege
 * ServiceAccount), real Postgres and Redis, then tears them down, and prints
 * time to ready, throughput and Kubernetes requests per store.
 * Run: npm run bench:provision  (BENCH_STORES, BENCH_CONCURRENCY to change the shape)
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { CLUSTER_START_TIMEOUT_MS, ensureCluster, type TestDatabase } from '@storefleet/testing';

import { createWorkerTestDatabase } from '../testing/database.js';
import { createOwner, requestDeletion, requestStore, storeName, waitForStatus } from '../testing/fixtures.js';
import { startTestWorker, type TestWorker, testWorkerEnv } from '../testing/worker-harness.js';
import { createWorkerIdentity, type WorkerIdentity } from '../testing/worker-rbac.js';

const STORES = Number(process.env.BENCH_STORES ?? 10);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 2);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
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
        DATABASE_POOL_SIZE: String(CONCURRENCY * 2 + 5),
      }),
      kubeConfig: identity.kubeConfig,
    });
  }, CLUSTER_START_TIMEOUT_MS);

  afterAll(async () => {
    await worker?.close();
    await identity?.remove();
    await database?.drop();
  }, 300_000);

  it(`provisions and tears down ${STORES} stores with concurrency ${CONCURRENCY}`, async () => {
    const owner = await createOwner(worker.db, { maxProvisioningStores: STORES });
    const requestsBefore = worker.kube.requestCount;
    const started = Date.now();
    const stores = await Promise.all(Array.from({ length: STORES }, () => requestStore(worker.db, worker.queues, owner.id, storeName('bench'))));
    const readyAfter = await Promise.all(
      stores.map(async (store) => {
        await waitForStatus(worker.db, store.id, 'ready', 30 * 60_000);
        return Date.now() - started;
      }),
    );
    const provisionWall = Date.now() - started;
    const provisionRequests = worker.kube.requestCount - requestsBefore;

    const teardownStarted = Date.now();
    await Promise.all(stores.map((store) => requestDeletion(worker.db, worker.queues, store.id)));
    await Promise.all(stores.map((store) => waitForStatus(worker.db, store.id, 'deleted', 30 * 60_000)));
    const teardownWall = Date.now() - teardownStarted;

    readyAfter.sort((a, b) => a - b);
    const lines = [
      `provisioning benchmark: ${STORES} WooCommerce stores, worker concurrency ${CONCURRENCY}`,
      `  time to ready   first ${seconds(readyAfter[0]!)}, p50 ${seconds(percentile(readyAfter, 50))}, last ${seconds(readyAfter.at(-1)!)}`,
      `  throughput      ${((STORES / provisionWall) * 60_000).toFixed(1)} stores/min`,
      `  kube requests   ${(provisionRequests / STORES).toFixed(1)} per store provisioned`,
      `  teardown        ${seconds(teardownWall)} for all ${STORES} (namespaces finalised)`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    expect(readyAfter).toHaveLength(STORES);
  }, 60 * 60_000);
});
