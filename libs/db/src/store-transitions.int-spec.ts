import { IllegalStoreTransitionError, STORE_CHANGES_CHANNEL } from '@storefleet/contracts';
import { createTestDatabase, type TestDatabase } from '@storefleet/testing';
import { Redis } from 'ioredis';

import type { PrismaClient } from './generated/prisma/client.js';
import { createPrismaClient } from './prisma-client.js';
import { publishStoreChange, transitionStore } from './store-transitions.js';

describe('transitionStore', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let ownerId: string;

  beforeAll(async () => {
    db = await createTestDatabase('transitions');
    prisma = createPrismaClient({ url: db.appUrl });
    ({ id: ownerId } = await prisma.user.create({ data: { email: 'owner@example.com', passwordHash: 'x' } }));
  });
  afterAll(async () => {
    await prisma.$disconnect();
    await db.drop();
  });

  const newStore = (name: string) =>
    prisma.store.create({ data: { name, liveName: name, engine: 'woocommerce', ownerId, namespace: `store-${name}` } });

  it('moves a store along a legal path and records the fields that change with it', async () => {
    const store = await newStore('legal-path');
    await transitionStore(prisma, store.id, 'provisioning');
    const ready = await transitionStore(prisma, store.id, 'ready', { storefrontUrl: 'http://legal-path.example', readyAt: new Date() });
    expect(ready.status).toBe('ready');
    expect(ready.storefrontUrl).toBe('http://legal-path.example');
  });

  it('refuses an illegal move and leaves the store as it was', async () => {
    const store = await newStore('illegal-move');
    await expect(transitionStore(prisma, store.id, 'ready')).rejects.toThrow(IllegalStoreTransitionError);
    await expect(transitionStore(prisma, store.id, 'ready')).rejects.toThrow('from "requested" to "ready"');
    expect((await prisma.store.findUniqueOrThrow({ where: { id: store.id } })).status).toBe('requested');
  });

  it('lets exactly one of many racing processes make the same move', async () => {
    const store = await newStore('racing');
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => transitionStore(prisma, store.id, 'provisioning', {}, { from: ['requested'] })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('frees the name when the store is deleted', async () => {
    const store = await newStore('reusable');
    await transitionStore(prisma, store.id, 'deleting');
    const deleted = await transitionStore(prisma, store.id, 'deleted', { deletedAt: new Date() });
    expect(deleted.liveName).toBeNull();
    await expect(newStore('reusable')).resolves.toMatchObject({ name: 'reusable', status: 'requested' });
  });

  it('refuses a second live store with the same name', async () => {
    await newStore('unique-name');
    await expect(newStore('unique-name')).rejects.toThrow(/Unique constraint/);
  });

  it('publishes the change for live streams', async () => {
    const store = await newStore('published');
    const subscriber = new Redis(process.env.REDIS_URL!);
    const publisher = new Redis(process.env.REDIS_URL!);
    try {
      await subscriber.subscribe(STORE_CHANGES_CHANNEL);
      const received = new Promise<string>((resolve) => subscriber.once('message', (_channel, message: string) => resolve(message)));
      await publishStoreChange(publisher, await transitionStore(prisma, store.id, 'provisioning'));
      expect(JSON.parse(await received)).toMatchObject({ storeId: store.id, ownerId, status: 'provisioning', name: 'published' });
    } finally {
      subscriber.disconnect();
      publisher.disconnect();
    }
  });
});
