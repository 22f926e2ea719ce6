/**
 * A store whose pods never become ready is failed at its deadline with the
 * reason read from the cluster, its timeline kept. KWOK's knobs
 * (storefleet.dev/simulate) make the pods fail the way real ones do.
 */
import type { StoreEvent } from '@storefleet/db';
import { createOwner, requestStore, simulate, storeName, waitForStatus, workerTestBed } from '@storefleet/testing';

import { startBedWorker, type TestWorker } from '../testing/worker-harness.js';

const DEADLINE_SECONDS = 30;

describe('the provisioning deadline', () => {
  const bed = workerTestBed('deadline');
  const namespaces = bed.namespaces;
  let databaseBroken: TestWorker;
  let appBroken: TestWorker;

  beforeAll(async () => {
    const env = { PROVISIONING_DEADLINE_SECONDS: String(DEADLINE_SECONDS) };
    databaseBroken = await startBedWorker(bed, {
      env,
      engineConfig: (base) => ({ ...base, podAnnotations: { database: simulate('image-pull-backoff') } }),
    });
    appBroken = await startBedWorker(bed, {
      env,
      engineConfig: (base) => ({ ...base, podAnnotations: { app: simulate('crashloop') } }),
    });
  });

  async function provisionAndFail(worker: TestWorker, prefix: string, saysWhileWaiting: RegExp) {
    const owner = await createOwner(worker.db);
    const name = storeName(prefix);
    namespaces.push(`store-${name}`);
    const store = await requestStore(worker.db, worker.queues, owner.id, name);
    // While it waits, the timeline already says why (not only the worker's log, not only at the deadline).
    const waiting = await waitForEvent(
      worker,
      store.id,
      (e) => e.step === 'wait-ready' && e.outcome === 'running' && saysWhileWaiting.test(e.message ?? ''),
    );
    const failed = await waitForStatus(worker.db, store.id, 'failed', (DEADLINE_SECONDS + 30) * 1_000);
    const events = await worker.db.storeEvent.findMany({ where: { storeId: store.id }, orderBy: { startedAt: 'asc' } });
    const audit = await worker.db.auditLog.findMany({ where: { targetId: store.id, action: 'store.failed' } });
    return { failed, events, audit, waiting, tookMs: failed.updatedAt.getTime() - failed.provisioningStartedAt!.getTime() };
  }

  async function waitForEvent(worker: TestWorker, storeId: string, match: (event: StoreEvent) => boolean): Promise<StoreEvent> {
    const until = Date.now() + DEADLINE_SECONDS * 1_000;
    while (Date.now() < until) {
      const events = await worker.db.storeEvent.findMany({ where: { storeId } });
      const found = events.find(match);
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error('no such timeline event before the deadline');
  }

  it('fails a store whose database image cannot be pulled, and one whose app crashes, each with the pod’s reason', async () => {
    const [db, app] = await Promise.all([
      provisionAndFail(databaseBroken, 'pullfail', /^waiting: database pod not ready: ImagePullBackOff/),
      provisionAndFail(appBroken, 'crashing', /^waiting: .*app pod not ready: CrashLoopBackOff/),
    ]);

    expect(db.waiting.outcome).toBe('running');
    expect(app.waiting.outcome).toBe('running');
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
      // The failed step itself says why (the pod's reason), not only that the wait timed out.
      expect(outcome.events.at(-1)!.message).toMatch(
        /^Timed out waiting for \w+ \S+: .*pod not ready: (ImagePullBackOff|CrashLoopBackOff)/,
      );
      expect(outcome.events.slice(0, -1).every((e) => e.outcome === 'succeeded')).toBe(true);
      expect(outcome.audit).toHaveLength(1);
      expect(outcome.audit[0]!.details).toMatchObject({ attempt: 1, reason: outcome.failed.statusReason });
    }
  }, 120_000);
});
