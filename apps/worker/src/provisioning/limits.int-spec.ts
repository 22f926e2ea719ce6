/**
 * The per-user limits end to end, on the real control plane with a running
 * worker: 30 simultaneous creates by a fresh owner with the platform
 * defaults (5 live stores, 2 provisioning at once).
 */
import { randomBytes } from 'node:crypto';

import { LimitExceededError } from '@storefleet/db';
import { createOwner, testLifecycle, waitForStatus, workerTestBed } from '@storefleet/testing';

import { startBedWorker, type TestWorker } from '../testing/worker-harness.js';

describe('per-user limits with a running worker', () => {
  const bed = workerTestBed('limits');
  const namespaces = bed.namespaces;
  let worker: TestWorker;

  beforeAll(async () => {
    worker = await startBedWorker(bed, {
      env: { PROVISIONING_CONCURRENCY: '4', PROVISIONING_LIMIT_RECHECK_SECONDS: '1', DATABASE_POOL_SIZE: '15' },
    });
  });

  it('accepts exactly 5 of 30 simultaneous creates, never provisions more than 2 at a time, and brings all 5 to ready', async () => {
    const owner = await createOwner(worker.db);
    const lifecycle = testLifecycle(worker.db, worker.queues);
    const tag = randomBytes(3).toString('hex');
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) =>
        lifecycle.create({ ownerId: owner.id, name: `lim-${tag}-${i}`, engine: 'woocommerce' }, null),
      ),
    );
    const accepted = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.store] : []));
    expect(accepted).toHaveLength(5);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(LimitExceededError);
    namespaces.push(...accepted.map((s) => s.namespace));

    let most = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        most = Math.max(most, await worker.db.store.count({ where: { ownerId: owner.id, status: 'provisioning' } }));
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    })();
    try {
      for (const store of accepted) await waitForStatus(worker.db, store.id, 'ready', 240_000);
    } finally {
      sampling = false;
      await sampler;
    }
    expect(most).toBeLessThanOrEqual(2);
    // Exactly, from the audit log: at no instant were more than two runs between admission and ready.
    const audit = await worker.db.auditLog.findMany({
      where: { targetId: { in: accepted.map((s) => s.id) }, action: { in: ['store.provisioning', 'store.ready'] } },
    });
    const edges = audit
      .map((a) => [a.at.getTime(), a.action === 'store.provisioning' ? 1 : -1] as const)
      .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let running = 0;
    let peak = 0;
    for (const [, delta] of edges) peak = Math.max(peak, (running += delta));
    expect(peak).toBe(2);
    expect(audit.filter((a) => a.action === 'store.ready')).toHaveLength(5);
  }, 300_000);
});
