/**
 * A store whose pods never become ready is failed at its deadline with the
 * reason read from the cluster, its timeline kept. KWOK's knobs
 * (storefleet.dev/simulate) make the pods fail the way real ones do.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { CLUSTER_START_TIMEOUT_MS, deleteNamespace, ensureCluster, simulate, type TestDatabase } from '@storefleet/testing';

import { createWorkerTestDatabase } from '../testing/database.js';
import { createOwner, requestStore, storeName, waitForStatus } from '../testing/fixtures.js';
import { startTestWorker, type TestWorker, testWorkerEnv } from '../testing/worker-harness.js';
import { createWorkerIdentity, type WorkerIdentity } from '../testing/worker-rbac.js';

const DEADLINE_SECONDS = 30;

describe('the provisioning deadline', () => {
  let admin: KubeConfig;
  let database: TestDatabase;
  let identity: WorkerIdentity;
  let databaseBroken: TestWorker;
  let appBroken: TestWorker;
  const namespaces: string[] = [];

  beforeAll(async () => {
    admin = await ensureCluster();
    database = await createWorkerTestDatabase('deadline');
    identity = await createWorkerIdentity(admin);
    const env = () => testWorkerEnv(database.appUrl, { PROVISIONING_DEADLINE_SECONDS: String(DEADLINE_SECONDS) });
    databaseBroken = await startTestWorker({
      env: env(),
      kubeConfig: identity.kubeConfig,
      engineConfig: (base) => ({ ...base, podAnnotations: { database: simulate('image-pull-backoff') } }),
    });
    appBroken = await startTestWorker({
      env: env(),
      kubeConfig: identity.kubeConfig,
      engineConfig: (base) => ({ ...base, podAnnotations: { app: simulate('crashloop') } }),
    });
  }, CLUSTER_START_TIMEOUT_MS);

  afterAll(async () => {
    await databaseBroken?.close();
    await appBroken?.close();
    await Promise.all(namespaces.map((ns) => deleteNamespace(admin, ns).catch(() => undefined)));
    await identity?.remove();
    await database?.drop();
  }, 180_000);

  async function provisionAndFail(worker: TestWorker, prefix: string) {
    const owner = await createOwner(worker.db);
    const name = storeName(prefix);
    namespaces.push(`store-${name}`);
    const store = await requestStore(worker.db, worker.queues, owner.id, name);
    const failed = await waitForStatus(worker.db, store.id, 'failed', (DEADLINE_SECONDS + 30) * 1_000);
    const events = await worker.db.storeEvent.findMany({ where: { storeId: store.id }, orderBy: { startedAt: 'asc' } });
    const audit = await worker.db.auditLog.findMany({ where: { targetId: store.id, action: 'store.failed' } });
    return { failed, events, audit, tookMs: failed.updatedAt.getTime() - failed.provisioningStartedAt!.getTime() };
  }

  it('fails a store whose database image cannot be pulled, and one whose app crashes, each with the pod’s reason', async () => {
    const [db, app] = await Promise.all([provisionAndFail(databaseBroken, 'pullfail'), provisionAndFail(appBroken, 'crashing')]);

    expect(db.failed.statusReason).toMatch(/^database pod not ready: ImagePullBackOff/);
    expect(app.failed.statusReason).toMatch(/^app pod not ready: CrashLoopBackOff/);
    for (const outcome of [db, app]) {
      expect(outcome.failed.statusReason).toContain(`not ready within the ${DEADLINE_SECONDS} s deadline`);
      // Failed at the deadline, not long after it.
      expect(outcome.tookMs).toBeGreaterThanOrEqual(DEADLINE_SECONDS * 1_000);
      expect(outcome.tookMs).toBeLessThan((DEADLINE_SECONDS + 10) * 1_000);
      // The timeline is kept: every step up to the wait, which failed.
      expect(outcome.events.map((e) => e.step)).toEqual([
        'namespace',
        'quota',
        'network-policies',
        'secrets',
        'database',
        'application',
        'ingress',
        'setup-job',
        'wait-ready',
      ]);
      expect(outcome.events.at(-1)).toMatchObject({ step: 'wait-ready', outcome: 'failed' });
      expect(outcome.events.slice(0, -1).every((e) => e.outcome === 'succeeded')).toBe(true);
      expect(outcome.audit).toHaveLength(1);
      expect(outcome.audit[0]!.details).toMatchObject({ attempt: 1, reason: outcome.failed.statusReason });
    }
  }, 120_000);
});
