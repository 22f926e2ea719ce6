/**
 * Teardown on the real control plane: the namespace is deleted and
 * finalised, the store marked deleted; mid-provisioning and twice.
 */
import { CoreV1Api } from '@kubernetes/client-node';
import { jobId, QueueName } from '@storefleet/contracts';
import {
  createOwner,
  READY_AFTER_ANNOTATION,
  requestDeletion,
  requestStore,
  storeName,
  waitForStatus,
  workerTestBed,
} from '@storefleet/testing';

import { startBedWorker, type TestWorker } from '../testing/worker-harness.js';

describe('tearing a store down', () => {
  const bed = workerTestBed('teardown');
  const namespaces = bed.namespaces;
  let core: CoreV1Api;
  let worker: TestWorker;

  beforeAll(async () => {
    core = bed.admin.makeApiClient(CoreV1Api);
    // The database takes 8 s to become ready, so provisioning can be caught in its wait.
    worker = await startBedWorker(bed, {
      engineConfig: (base) => ({ ...base, podAnnotations: { database: { [READY_AFTER_ANNOTATION]: '8s' } } }),
    });
  });

  const namespaceExists = (name: string) =>
    core.readNamespace({ name }).then(
      () => true,
      (error: { code?: number }) => (error.code === 404 ? false : Promise.reject(error as Error)),
    );

  async function newStore(prefix: string) {
    const owner = await createOwner(worker.db);
    const name = storeName(prefix);
    namespaces.push(`store-${name}`);
    return requestStore(worker.db, worker.queues, owner.id, name);
  }

  it('deletes a ready store’s namespace, waits for it to be finalised, marks the store deleted; a second teardown changes nothing', async () => {
    const store = await newStore('gone');
    await waitForStatus(worker.db, store.id, 'ready');
    expect(await namespaceExists(store.namespace)).toBe(true);

    await requestDeletion(worker.db, worker.queues, store.id);
    const deleted = await waitForStatus(worker.db, store.id, 'deleted', 120_000);
    expect(deleted.deletedAt).toBeInstanceOf(Date);
    expect(deleted.liveName).toBeNull();
    expect(await namespaceExists(store.namespace)).toBe(false);

    const events = await worker.db.storeEvent.findMany({
      where: { storeId: store.id, step: { in: ['cancel-provisioning', 'delete-namespace'] } },
      orderBy: { startedAt: 'asc' },
    });
    expect(events.map((e) => [e.step, e.outcome])).toEqual([
      ['cancel-provisioning', 'succeeded'],
      ['delete-namespace', 'succeeded'],
    ]);
    expect(events[1]!.message).toMatch(/deleted and finalised/);
    expect(await worker.db.auditLog.count({ where: { targetId: store.id, action: 'store.deleted' } })).toBe(1);

    await expect(worker.teardown.teardown({ storeId: store.id })).resolves.toBe('already-deleted');
    expect(await worker.db.auditLog.count({ where: { targetId: store.id, action: 'store.deleted' } })).toBe(1);
  }, 180_000);

  it('stops provisioning midway and leaves no namespace behind', async () => {
    const store = await newStore('midway');
    // Wait until the pipeline is waiting for the (slow) database.
    const until = Date.now() + 60_000;
    while (
      Date.now() < until &&
      (await worker.db.storeEvent.count({ where: { storeId: store.id, step: 'wait-ready', outcome: 'running' } })) === 0
    ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await namespaceExists(store.namespace)).toBe(true);

    await requestDeletion(worker.db, worker.queues, store.id);
    await waitForStatus(worker.db, store.id, 'deleted', 120_000);
    expect(await namespaceExists(store.namespace)).toBe(false);

    // The provisioning run stopped instead of finishing (or re-creating anything).
    const provision = await worker.queues.queue(QueueName.Provisioning).getJob(jobId.provision(store.id, 1));
    expect(provision?.returnvalue).toBe('stale');
    const wait = await worker.db.storeEvent.findFirstOrThrow({ where: { storeId: store.id, step: 'wait-ready' } });
    expect(wait).toMatchObject({ outcome: 'failed', message: expect.stringContaining('the store is deleting') });
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(await namespaceExists(store.namespace)).toBe(false);
    expect((await worker.db.store.findUniqueOrThrow({ where: { id: store.id } })).status).toBe('deleted');
  }, 180_000);

  it('removes a store still waiting for its owner’s provisioning slot, and its queued job', async () => {
    const owner = await createOwner(worker.db, { maxProvisioningStores: 0 });
    const name = storeName('queued');
    namespaces.push(`store-${name}`);
    const store = await requestStore(worker.db, worker.queues, owner.id, name);
    const queue = worker.queues.queue(QueueName.Provisioning);
    const until = Date.now() + 30_000;
    while (Date.now() < until && (await (await queue.getJob(jobId.provision(store.id, 1)))?.getState()) !== 'delayed') {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await (await queue.getJob(jobId.provision(store.id, 1)))?.getState()).toBe('delayed');

    await requestDeletion(worker.db, worker.queues, store.id);
    await waitForStatus(worker.db, store.id, 'deleted', 60_000);
    expect(await queue.getJob(jobId.provision(store.id, 1))).toBeUndefined();
    expect(await namespaceExists(store.namespace)).toBe(false);
  }, 120_000);

  it('survives two teardowns of the same store at once', async () => {
    const store = await newStore('twice');
    await waitForStatus(worker.db, store.id, 'ready');
    await worker.db.store.update({ where: { id: store.id }, data: { status: 'deleting' } });
    const outcomes = await Promise.all([
      worker.teardown.teardown({ storeId: store.id }),
      worker.teardown.teardown({ storeId: store.id }),
    ]);
    expect(outcomes.sort()).toEqual(['already-deleted', 'deleted']);
    expect(await namespaceExists(store.namespace)).toBe(false);
    expect(await worker.db.auditLog.count({ where: { targetId: store.id, action: 'store.deleted' } })).toBe(1);
  }, 180_000);
});
