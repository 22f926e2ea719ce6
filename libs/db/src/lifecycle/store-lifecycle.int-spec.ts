import { randomUUID } from 'node:crypto';

import { IllegalStoreTransitionError, jobId, QueueName, STORE_CHANGES_CHANNEL, type StoreView } from '@storefleet/contracts';
import { JOB_DEFAULTS, JobQueues, StoreJobs } from '@storefleet/queue';
import { createTestDatabase, type TestDatabase } from '@storefleet/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';

import type { PrismaClient } from '../generated/prisma/client.js';
import { createPrismaClient } from '../prisma-client.js';
import { LimitExceededError, StoreNameTakenError } from './errors.js';
import { StoreLifecycle } from './store-lifecycle.js';
import { toStoreView, transitionStore } from './stores.repository.js';

const DEFAULTS = { maxLiveStores: 5, maxProvisioningStores: 2, maxCreatesPerHour: 100 };

describe('StoreLifecycle', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let lifecycle: StoreLifecycle;

  beforeAll(async () => {
    db = await createTestDatabase('lifecycle');
    prisma = createPrismaClient({ url: db.appUrl, poolSize: 20 });
    lifecycle = new StoreLifecycle({ db: prisma, publisher: null, jobs: null, defaultLimits: DEFAULTS });
  });
  afterAll(async () => {
    await prisma.$disconnect();
    await db.drop();
  });

  const newOwner = (limits: { maxLiveStores?: number; maxProvisioningStores?: number } = {}) =>
    prisma.user.create({ data: { email: `owner-${randomUUID()}@example.com`, passwordHash: 'x', ...limits } });
  const name = (prefix: string) => `${prefix}-${randomUUID().slice(0, 6)}`;
  const create = (ownerId: string, prefix = 'shop') =>
    lifecycle.create({ ownerId, name: name(prefix), engine: 'woocommerce' }, null);
  const audits = (storeId: string, action: string) => prisma.auditLog.count({ where: { targetId: storeId, action } });

  describe('transitions', () => {
    it('refuses an illegal move and leaves the store as it was', async () => {
      const { store } = await create((await newOwner()).id);
      await expect(transitionStore(prisma, store.id, 'ready')).rejects.toThrow('from "requested" to "ready"');
      expect((await prisma.store.findUniqueOrThrow({ where: { id: store.id } })).status).toBe('requested');
    });

    it('lets exactly one of many racing processes make the same move, and audits only that one', async () => {
      const { store } = await create((await newOwner({ maxProvisioningStores: 10 })).id);
      const results = await Promise.allSettled(Array.from({ length: 10 }, () => lifecycle.admit(store.id, 1)));
      expect(results.filter((r) => r.status === 'fulfilled' && 'admitted' in r.value)).toHaveLength(1);
      expect(await audits(store.id, 'store.provisioning')).toBe(1);
    });

    it('writes the status and its audit row in one transaction: neither without the other', async () => {
      const { store } = await create((await newOwner()).id);
      // An action the audit table takes, but an illegal move: nothing may be written.
      await expect(
        lifecycle.transition(store.id, 'ready', { from: ['provisioning'], audit: { action: 'store.ready', outcome: 'success' } }),
      ).rejects.toThrow(IllegalStoreTransitionError);
      expect(await audits(store.id, 'store.ready')).toBe(0);
    });

    it('frees the name when the store is deleted', async () => {
      const owner = await newOwner();
      const { store } = await lifecycle.create({ ownerId: owner.id, name: 'reusable', engine: 'woocommerce' }, null);
      await expect(lifecycle.create({ ownerId: owner.id, name: 'reusable', engine: 'medusa' }, null)).rejects.toThrow(
        StoreNameTakenError,
      );
      await lifecycle.requestDeletion(store.id, null);
      await lifecycle.transition(store.id, 'deleted', {
        from: ['deleting'],
        audit: { action: 'store.deleted', outcome: 'success' },
      });
      await expect(lifecycle.create({ ownerId: owner.id, name: 'reusable', engine: 'woocommerce' }, null)).resolves.toMatchObject(
        {
          store: { name: 'reusable', status: 'requested' },
        },
      );
    });
  });

  describe('limits', () => {
    it('accepts exactly 5 of 30 simultaneous creates by a fresh owner, all as requested', async () => {
      const owner = await newOwner();
      const results = await Promise.allSettled(Array.from({ length: 30 }, () => create(owner.id, 'burst')));
      const accepted = results.filter((r) => r.status === 'fulfilled');
      expect(accepted).toHaveLength(5);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(LimitExceededError);
      expect(await prisma.store.count({ where: { ownerId: owner.id, status: 'requested' } })).toBe(5);
    });

    it('starts at most 2 of an owner’s stores provisioning, however many workers try at once', async () => {
      const owner = await newOwner();
      const stores = await Promise.all(Array.from({ length: 5 }, () => create(owner.id)));
      const admissions = await Promise.all(
        stores.flatMap(({ store }) => [lifecycle.admit(store.id, 1), lifecycle.admit(store.id, 1)]),
      );
      expect(admissions.filter((a) => 'admitted' in a)).toHaveLength(2);
      expect(await prisma.store.count({ where: { ownerId: owner.id, status: 'provisioning' } })).toBe(2);
    });

    it('sends a retried store back through admission: five failed stores retried at once never provision more than two', async () => {
      const owner = await newOwner({ maxProvisioningStores: 5 });
      const stores = await Promise.all(Array.from({ length: 5 }, () => create(owner.id)));
      for (const { store } of stores) {
        await lifecycle.admit(store.id, 1);
        await lifecycle.transition(store.id, 'failed', {
          from: ['provisioning'],
          audit: { action: 'store.failed', outcome: 'failure' },
        });
      }
      await prisma.user.update({ where: { id: owner.id }, data: { maxProvisioningStores: 2 } });
      const retried = await Promise.all(stores.map(({ store }) => lifecycle.retry(store.id, null)));
      expect(retried.map((s) => [s.status, s.provisionAttempts, s.retryCount])).toEqual(Array(5).fill(['requested', 2, 1]));
      const admissions = await Promise.all(retried.map((s) => lifecycle.admit(s.id, 2)));
      expect(admissions.filter((a) => 'admitted' in a)).toHaveLength(2);
    });
  });

  describe('suspension and the limits', () => {
    /** A store of the owner's taken through provisioning to ready, then suspended (as the worker would). */
    async function suspendedStore(ownerId: string) {
      const { store } = await create(ownerId, 'paused');
      await lifecycle.admit(store.id, 1);
      await lifecycle.transition(store.id, 'ready', {
        from: ['provisioning'],
        audit: { action: 'store.ready', outcome: 'success' },
      });
      await lifecycle.requestOperation(store.id, 'suspend', null);
      return lifecycle.transition(store.id, 'suspended', {
        from: ['suspending'],
        audit: { action: 'store.suspended', outcome: 'success' },
      });
    }

    it('counts suspended stores toward the live-store limit', async () => {
      const owner = await newOwner({ maxLiveStores: 2 });
      await suspendedStore(owner.id);
      await suspendedStore(owner.id);
      await expect(create(owner.id)).rejects.toMatchObject({ refusal: { limit: 'maxLiveStores', max: 2, current: 2 } });
    });

    it('gives a suspended (or suspending, resuming) store no provisioning slot: new stores still start', async () => {
      const owner = await newOwner({ maxProvisioningStores: 1 });
      const paused = await suspendedStore(owner.id);
      await lifecycle.requestOperation(paused.id, 'resume', null);
      const { store } = await create(owner.id);
      expect(await lifecycle.admit(store.id, 1)).toHaveProperty('admitted');
    });

    it('audits the request in the same transaction, naming the status it came from', async () => {
      const store = await suspendedStore((await newOwner()).id);
      const audit = await prisma.auditLog.findFirstOrThrow({ where: { targetId: store.id, action: 'store.suspend' } });
      expect(audit.details).toMatchObject({ from: 'ready' });
      await expect(lifecycle.requestOperation(store.id, 'suspend', null)).rejects.toThrow(IllegalStoreTransitionError);
      expect(await audits(store.id, 'store.suspend')).toBe(1);
    });
  });

  describe('deletion', () => {
    it('audits every one of five concurrent DELETEs, and moves the store once', async () => {
      const { store } = await create((await newOwner()).id);
      const results = await Promise.all(
        Array.from({ length: 5 }, () => lifecycle.requestDeletion(store.id, { id: null, requestId: 'r' })),
      );
      expect(results.filter((r) => r.moved)).toHaveLength(1);
      expect(results.every((r) => r.store.status === 'deleting')).toBe(true);
      expect(await audits(store.id, 'store.delete')).toBe(5);
    });
  });

  describe('announcements and jobs', () => {
    const prefix = `test-lifecycle-${randomUUID().slice(0, 8)}`;
    const queues = [QueueName.Provisioning, QueueName.Teardown, QueueName.Reconcile, QueueName.Operations, QueueName.Backups].map(
      (q) => new Queue(q, { connection: { url: process.env.REDIS_URL! }, prefix, defaultJobOptions: JOB_DEFAULTS[q] }),
    );
    afterAll(async () => {
      for (const queue of queues) {
        await queue.obliterate({ force: true });
        await queue.close();
      }
    });

    it('enqueues the provision job after the create commits and announces the full StoreView', async () => {
      const jobQueues = new JobQueues(queues[0]!, queues[1]!, queues[2]!, queues[3]!, queues[4]!);
      const subscriber = new Redis(process.env.REDIS_URL!);
      const publisher = new Redis(process.env.REDIS_URL!);
      try {
        const announcing = new StoreLifecycle({
          db: prisma,
          publisher,
          jobs: new StoreJobs(jobQueues, { timeoutMs: 2_000 }),
          defaultLimits: DEFAULTS,
        });
        await subscriber.subscribe(STORE_CHANGES_CHANNEL);
        const received = new Promise<string>((resolve) => subscriber.once('message', (_c, message: string) => resolve(message)));
        const { store } = await announcing.create(
          { ownerId: (await newOwner()).id, name: name('announced'), engine: 'woocommerce' },
          null,
        );
        const row = await prisma.store.findUniqueOrThrow({ where: { id: store.id } });
        expect(JSON.parse(await received) as StoreView).toEqual(toStoreView(row));
        expect(await queues[0]!.getJob(jobId.provision(store.id, 1))).toMatchObject({ data: { storeId: store.id, attempt: 1 } });
      } finally {
        subscriber.disconnect();
        publisher.disconnect();
      }
    });
  });
});
