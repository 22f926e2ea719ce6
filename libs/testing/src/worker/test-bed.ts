import type { KubeConfig } from '@kubernetes/client-node';
import type { StoreEngine } from '@storefleet/contracts';
import { createPrismaClient, type PrismaClient, type Store } from '@storefleet/db';
import type { JobQueues } from '@storefleet/queue';

import { CLUSTER_START_TIMEOUT_MS, deleteNamespace, ensureCluster, type TestDatabase } from '../index.js';
import { createWorkerTestDatabase } from './database.js';
import { requestStore, storeName, waitForStatus } from './fixtures.js';
import {
  removeWorkerBuild,
  startWorkerProcess,
  testQueues,
  testWorkerEnv,
  type WorkerProcess,
  writeKubeConfig,
} from './worker-process.js';
import { createWorkerIdentity, type WorkerIdentity } from './worker-rbac.js';

/** What a worker integration test runs against; every field is set once the bed's beforeAll has run. */
export interface WorkerTestBed {
  /** The local control plane's admin (for checking what the worker made). */
  admin: KubeConfig;
  database: TestDatabase;
  /** The worker's identity: a ServiceAccount bound to the chart's ClusterRole. */
  identity: WorkerIdentity;
  /** The test database, as the application role. */
  db: PrismaClient;
  /** A worker's environment: this database, the identity's kubeconfig, a queue prefix and instance of its own. */
  env: Record<string, string>;
  /** The queues under env's prefix, as the API enqueues into them. */
  queues: JobQueues;
  /** Store namespaces deleted after the file's tests (newStore adds its own). */
  namespaces: string[];
  /** Worker processes started by startWorker and not yet stopped. */
  workers: Set<WorkerProcess>;
  /** A worker process with env plus `extra`; stopped after the file's tests at the latest. */
  startWorker: (extra?: Record<string, string>, options?: { waitForStart?: boolean }) => Promise<WorkerProcess>;
  /** Stops a worker process (and forgets it); resolves with its exit code or signal. */
  stopWorker: (worker: WorkerProcess, signal: NodeJS.Signals) => Promise<number | string>;
  /** Runs `stop` first when the bed is taken down (e.g. closing an in-process worker before its database goes). */
  onTeardown: (stop: () => Promise<void>) => void;
  /** POST /stores as the API does it (through StoreLifecycle), its namespace deleted afterwards. */
  newStore: (prefix: string, ownerId: string, engine?: StoreEngine) => Promise<Store>;
  /**
   * newStore, then waits until the store is ready. `queues`: those of the worker that
   * provisions it when it is not on the bed's (startBedWorker's worker has a prefix of its own).
   */
  readyStore: (prefix: string, ownerId: string, options?: ReadyStoreOptions) => Promise<Store & { namespace: string }>;
}

export interface ReadyStoreOptions {
  engine?: StoreEngine;
  engineVersion?: string;
  queues?: JobQueues;
  timeoutMs?: number;
}

/**
 * The setup every worker integration test repeats, once: the control plane,
 * a worker test database, the worker's ServiceAccount, a database client and
 * queues under a prefix of the file's own, then (afterAll) the workers
 * stopped, the namespaces, identity, queues, database and worker build removed.
 * Call it at the top of a describe block; `envExtra` goes into every worker's env.
 * A worker in the test's own process (apps/worker's startTestWorker) takes
 * `env` and `identity.kubeConfig`, and is closed through onTeardown.
 */
export function workerTestBed(label: string, envExtra: Record<string, string> = {}): WorkerTestBed {
  const bed = { namespaces: [] as string[], workers: new Set<WorkerProcess>() } as WorkerTestBed;
  let closeQueues: (() => Promise<void>) | undefined;
  const teardown: (() => Promise<void>)[] = [];
  bed.onTeardown = (stop) => teardown.push(stop);

  bed.startWorker = async (extra = {}, options = {}) => {
    const worker = await startWorkerProcess({ ...bed.env, ...extra }, options);
    bed.workers.add(worker);
    return worker;
  };
  bed.stopWorker = async (worker, signal) => {
    const code = await worker.kill(signal);
    bed.workers.delete(worker);
    return code;
  };
  bed.newStore = (prefix, ownerId, engine = 'woocommerce') => {
    const name = storeName(prefix);
    bed.namespaces.push(`store-${name}`);
    return requestStore(bed.db, bed.queues, ownerId, name, engine);
  };

  bed.readyStore = async (prefix, ownerId, options = {}) => {
    const name = storeName(prefix);
    bed.namespaces.push(`store-${name}`);
    const { engine = 'woocommerce', queues = bed.queues, timeoutMs = 150_000 } = options;
    const requested = await requestStore(bed.db, queues, ownerId, name, engine, {
      ...(options.engineVersion ? { engineVersion: options.engineVersion } : {}),
    });
    const store = await waitForStatus(bed.db, requested.id, 'ready', timeoutMs);
    return { ...store, namespace: `store-${name}` };
  };

  beforeAll(async () => {
    bed.admin = await ensureCluster();
    bed.database = await createWorkerTestDatabase(label);
    bed.identity = await createWorkerIdentity(bed.admin);
    bed.env = testWorkerEnv(bed.database.appUrl, { KUBECONFIG: writeKubeConfig(bed.identity.kubeConfigText), ...envExtra });
    bed.db = createPrismaClient({ url: bed.database.appUrl });
    const queues = testQueues(bed.env.REDIS_URL!, bed.env.QUEUE_PREFIX!);
    bed.queues = queues.queues;
    closeQueues = () => queues.close();
  }, CLUSTER_START_TIMEOUT_MS);

  afterAll(async () => {
    for (const stop of teardown) await stop();
    await Promise.all([...bed.workers].map((worker) => bed.stopWorker(worker, 'SIGTERM')));
    await closeQueues?.();
    await bed.db?.$disconnect();
    if (bed.admin) await Promise.all(bed.namespaces.map((ns) => deleteNamespace(bed.admin, ns).catch(() => undefined)));
    await bed.identity?.remove();
    await bed.database?.drop();
    removeWorkerBuild();
  }, 180_000);

  return bed;
}
