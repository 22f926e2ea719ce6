/**
 * Teardown on the real control plane: the namespace is deleted and
 * finalised, the store marked deleted; mid-provisioning, twice, and with a
 * namespace that takes long to finalise (its slot serves others meanwhile).
 */
import { CoreV1Api, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
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
    // One teardown slot: a namespace that takes long to finalise must not hold it (the burst test below).
    worker = await startBedWorker(bed, {
      env: { TEARDOWN_CONCURRENCY: '1' },
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

  it('gives its slot back while a namespace finalises: another store is deleted meanwhile, and the first finishes when it may', async () => {
    const [slow, quick] = [await newStore('slow'), await newStore('quick')];
    await waitForStatus(worker.db, slow.id, 'ready');
    await waitForStatus(worker.db, quick.id, 'ready');
    // A finaliser of ours holds the slow store's namespace in Terminating (as a stuck controller would).
    const hold = 'storefleet.dev/test-hold';
    const finalizers = (value: string[]) =>
      core.patchNamespace(
        { name: slow.namespace, body: { metadata: { finalizers: value } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
    await finalizers([hold]);
    const requested = Date.now();
    await requestDeletion(worker.db, worker.queues, slow.id);
    const teardown = worker.queues.queue(QueueName.Teardown);
    const until = Date.now() + 60_000;
    while (Date.now() < until && (await (await teardown.getJob(jobId.teardown(slow.id)))?.getState()) !== 'delayed') {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(await (await teardown.getJob(jobId.teardown(slow.id)))?.getState()).toBe('delayed');

    // With the only slot free, the second deletion goes through while the first namespace is still there.
    await requestDeletion(worker.db, worker.queues, quick.id);
    await waitForStatus(worker.db, quick.id, 'deleted', 60_000);
    expect((await worker.db.store.findUniqueOrThrow({ where: { id: slow.id } })).status).toBe('deleting');
    expect((await core.readNamespace({ name: slow.namespace })).metadata?.deletionTimestamp).toBeDefined();
    const waiting = await worker.db.storeEvent.findMany({ where: { storeId: slow.id, step: 'delete-namespace' } });
    expect(waiting.map((e) => [e.outcome, e.message])).toEqual([
      ['running', expect.stringMatching(/Kubernetes is finalising it/)],
    ]);

    await finalizers([]);
    const deleted = await waitForStatus(worker.db, slow.id, 'deleted', 60_000);
    expect(deleted.deletedAt).toBeInstanceOf(Date);
    // One step on the timeline for all the looks it took, and one audit entry.
    const done = await worker.db.storeEvent.findMany({ where: { storeId: slow.id, step: 'delete-namespace' } });
    expect(done.map((e) => [e.outcome, e.message])).toEqual([['succeeded', `namespace ${slow.namespace} deleted and finalised`]]);
    // Its duration spans the whole wait, from the first look (not only the last one's few seconds).
    expect(done[0]!.durationMs).toBeGreaterThan(Date.now() - requested - 10_000);
    expect(await worker.db.auditLog.count({ where: { targetId: slow.id, action: 'store.deleted' } })).toBe(1);
  }, 240_000);

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
