import { randomUUID } from 'node:crypto';

import { jest } from '@jest/globals';
import { ProblemType, STORE_CHANGES_CHANNEL } from '@storefleet/contracts';
import { createPrismaClient, type PrismaClient, toStoreView } from '@storefleet/db';
import { createTestDatabase, type TestDatabase } from '@storefleet/testing';
import { Redis } from 'ioredis';
import type { Response } from 'supertest';

import { createUser, insertStore, type TestUser } from '../testing/factories.js';
import { openSse } from '../testing/sse-client.js';
import { TcpProxy } from '../testing/tcp-proxy.js';
import { clearRedisPrefix, startTestApi, type TestApi } from '../testing/test-api.js';

jest.setTimeout(90_000);

/** Polls until `check` passes (the API recovering by itself), failing after `ms`. */
async function eventually(check: () => Promise<void>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

function expectUnavailable(res: Response, startedAt: number, withinMs: number) {
  expect(Date.now() - startedAt).toBeLessThan(withinMs);
  expect(res.status).toBe(503);
  expect(res.headers['content-type']).toContain('application/problem+json');
  expect(res.body.type).toBe(ProblemType.Unavailable);
  expect(res.body.stack).toBeUndefined();
}

/**
 * An API instance whose Postgres and Redis are reached through proxies this
 * test controls, so the shared servers keep running for every other suite.
 */
describe('when Postgres or Redis goes away', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let pg: TcpProxy;
  let redis: TcpProxy;
  let api: TestApi;
  let owner: TestUser;

  beforeAll(async () => {
    db = await createTestDatabase('outage');
    prisma = createPrismaClient({ url: db.appUrl });
    const pgUrl = new URL(db.appUrl);
    const redisUrl = new URL(process.env.REDIS_URL!);
    pg = new TcpProxy('127.0.0.1', Number(pgUrl.port));
    redis = new TcpProxy('127.0.0.1', Number(redisUrl.port));
    await pg.start();
    await redis.start();
    api = await startTestApi({
      databaseUrl: pg.url(db.appUrl),
      prefix: `test-outage-${randomUUID().slice(0, 8)}`,
      env: {
        REDIS_URL: redis.url(process.env.REDIS_URL!),
        DATABASE_CONNECT_TIMEOUT_MS: '1000',
        DATABASE_QUERY_TIMEOUT_MS: '1500',
        REDIS_COMMAND_TIMEOUT_MS: '1000',
        ENQUEUE_TIMEOUT_MS: '1000',
      },
    });
    owner = await createUser(api, prisma);
  });
  afterAll(async () => {
    await pg.restore();
    await redis.restore();
    await clearRedisPrefix(api);
    await api.close();
    await pg.stop();
    await redis.stop();
    await prisma.$disconnect();
    await db.drop();
  });

  const stores = () => api.http.get('/api/v1/stores').set(owner.auth);

  it('answers 503 problem+json quickly while Postgres is down, and recovers by itself', async () => {
    await stores().expect(200);
    await pg.cut();

    let t = Date.now();
    const ready = await api.http.get('/api/v1/ready');
    expectUnavailable(ready, t, 3_000);
    expect(ready.body.checks).toEqual({ postgres: false, redis: true });
    t = Date.now();
    expectUnavailable(await stores(), t, 3_000);
    t = Date.now();
    expectUnavailable(await api.http.post('/api/v1/stores').set(owner.auth).send({ name: 'no-db', engine: 'medusa' }), t, 3_000);
    t = Date.now();
    expectUnavailable(
      await api.http.post('/api/v1/auth/login').send({ email: owner.user.email, password: owner.password }),
      t,
      3_000,
    );
    await api.http.get('/api/v1/health').expect(200);

    await pg.restore();
    await eventually(async () => {
      await api.http.get('/api/v1/ready').expect(200);
      await stores().expect(200);
    });
  });

  it('answers 503 instead of hanging when Postgres stops answering mid-connection', async () => {
    await stores().expect(200);
    pg.stall();
    const t = Date.now();
    const [ready, list] = await Promise.all([api.http.get('/api/v1/ready'), stores()]);
    expectUnavailable(ready, t, 4_000);
    expectUnavailable(list, t, 4_000);
    await pg.restore();
    await eventually(async () => {
      await stores().expect(200);
    });
  });

  it('answers 503 quickly while Redis is down (nothing is half-created), and recovers by itself', async () => {
    await stores().expect(200);
    const before = await prisma.store.count();
    await redis.cut();

    let t = Date.now();
    const ready = await api.http.get('/api/v1/ready');
    expectUnavailable(ready, t, 3_000);
    expect(ready.body.checks).toEqual({ postgres: true, redis: false });
    t = Date.now();
    expectUnavailable(await stores(), t, 3_000);
    t = Date.now();
    expectUnavailable(
      await api.http.post('/api/v1/stores').set(owner.auth).send({ name: 'no-redis', engine: 'medusa' }),
      t,
      3_000,
    );
    expect(await prisma.store.count()).toBe(before);

    await redis.restore();
    await eventually(async () => {
      await api.http.get('/api/v1/ready').expect(200);
      await stores().expect(200);
    });
    await api.http.post('/api/v1/stores').set(owner.auth).send({ name: 'after-redis', engine: 'medusa' }).expect(202);
  });

  it('answers 503 instead of hanging when Redis stops answering', async () => {
    redis.stall();
    const t = Date.now();
    expectUnavailable(await stores(), t, 4_000);
    await redis.restore();
    await eventually(async () => {
      await stores().expect(200);
    });
  });

  it('resubscribes the live stream after Redis comes back', async () => {
    await redis.cut();
    await redis.restore();
    await eventually(async () => {
      await api.http.get('/api/v1/ready').expect(200);
    });
    const stream = await openSse(`${api.origin}/api/v1/stores/stream`, owner.auth);
    expect(stream.status).toBe(200);
    const store = await insertStore(prisma, owner.user.id);
    const publisher = new Redis(process.env.REDIS_URL!);
    try {
      // Publish until the re-made subscription hears it (ioredis resubscribes in the background).
      await eventually(async () => {
        // What StoreLifecycle.announce publishes: the store's full view.
        await publisher.publish(STORE_CHANGES_CHANNEL, JSON.stringify(toStoreView(store)));
        await stream.next((e) => e.data.includes(store.id), 300);
      }, 10_000);
    } finally {
      stream.close();
      publisher.disconnect();
    }
  });
});
