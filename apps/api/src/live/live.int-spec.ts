import { STORE_STREAM_EVENT, type StoreView } from '@storefleet/contracts';
import { StoreLifecycle } from '@storefleet/db';
import { Redis } from 'ioredis';

import { createUser, insertStore, type TestUser } from '../testing/factories.js';
import { openSse, type SseEvent, type SseStream } from '../testing/sse-client.js';
import { apiSuite } from '../testing/suite.js';
import { startTestApi, type TestApi } from '../testing/test-api.js';

const isChangeOf = (storeId: string, status?: string) => (event: SseEvent) => {
  if (event.event !== STORE_STREAM_EVENT) return false;
  const change = JSON.parse(event.data) as StoreView;
  return change.id === storeId && (!status || change.status === status);
};

describe('live store stream', () => {
  const s = apiSuite('live', { SSE_HEARTBEAT_SECONDS: '1' });
  let replica: TestApi;
  let publisher: Redis;
  let alice: TestUser;
  let bob: TestUser;
  let operator: TestUser;
  const limits = { maxLiveStores: 5, maxProvisioningStores: 2, maxCreatesPerHour: 10 };
  const streams: SseStream[] = [];

  /** Opens a stream and waits until the server has answered (so it is subscribed). */
  async function open(api: TestApi, user: TestUser, via: 'header' | 'query' = 'header'): Promise<SseStream> {
    const url = `${api.origin}/api/v1/stores/stream${via === 'query' ? `?access_token=${user.token}` : ''}`;
    const stream = await openSse(url, via === 'header' ? user.auth : {});
    streams.push(stream);
    expect(stream.status).toBe(200);
    return stream;
  }

  beforeAll(async () => {
    // A second replica of the API: same database, same Redis, separate process state.
    replica = await startTestApi({ databaseUrl: s.db.appUrl, prefix: s.prefix });
    publisher = new Redis(process.env.REDIS_URL!);
    alice = await createUser(s.api, s.prisma);
    bob = await createUser(s.api, s.prisma);
    operator = await createUser(s.api, s.prisma, { role: 'operator' });
  });
  afterAll(async () => {
    for (const stream of streams) stream.close();
    publisher.disconnect();
    await replica.close();
  });

  it("delivers a worker's status change to the owner and operators on both replicas within a second, and to no one else", async () => {
    const [aliceOnA, aliceOnB, operatorOnB, bobOnA] = await Promise.all([
      open(s.api, alice),
      open(replica, alice),
      open(replica, operator, 'query'),
      open(s.api, bob),
    ]);
    const store = await insertStore(s.prisma, alice.user.id);

    // What the worker does: its own StoreLifecycle, publishing on its own Redis connection.
    const worker = new StoreLifecycle({ db: s.prisma, publisher, jobs: null, defaultLimits: limits });
    const started = Date.now();
    await worker.admit(store.id, store.provisionAttempts);
    const received = await Promise.all(
      [aliceOnA, aliceOnB, operatorOnB].map((stream) => stream.next(isChangeOf(store.id, 'provisioning'), 1_000)),
    );
    expect(Date.now() - started).toBeLessThan(1_000);
    // The full StoreView, exactly what GET /stores/:id answers now.
    const view = (await s.api.http.get(`/api/v1/stores/${store.id}`).set(alice.auth).expect(200)).body as StoreView;
    for (const event of received) expect(JSON.parse(event.data)).toEqual(view);
    await expect(bobOnA.next(isChangeOf(store.id), 300)).rejects.toThrow('no matching event');
  });

  it("streams the API's own changes: a delete on one replica reaches the owner on the other", async () => {
    const stream = await open(replica, alice);
    const store = await insertStore(s.prisma, alice.user.id, { status: 'ready' });
    await s.api.http.delete(`/api/v1/stores/${store.id}`).set(alice.auth).expect(202);
    await stream.next(isChangeOf(store.id, 'deleting'), 1_000);
  });

  it('sends text/event-stream with heartbeat comments', async () => {
    const stream = await open(s.api, operator);
    expect(stream.headers['content-type']).toContain('text/event-stream');
    expect(stream.headers['cache-control']).toContain('no-cache');
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    expect(stream.comments.some((c) => c.startsWith('heartbeat'))).toBe(true);
  });

  it('refuses a stream without a valid token', async () => {
    const anonymous = await openSse(`${s.api.origin}/api/v1/stores/stream`);
    expect(anonymous.status).toBe(401);
    anonymous.close();
    const forged = await openSse(`${s.api.origin}/api/v1/stores/stream?access_token=forged.token.value`);
    expect(forged.status).toBe(401);
    forged.close();
  });

  it('ends the stream when the access token expires', async () => {
    const shortLived = await startTestApi({ databaseUrl: s.db.appUrl, prefix: s.prefix, env: { JWT_ACCESS_TTL_SECONDS: '5' } });
    try {
      const user = await createUser(shortLived, s.prisma);
      const payload = JSON.parse(Buffer.from(user.token.split('.')[1]!, 'base64url').toString()) as { exp: number; iat: number };
      expect(payload.exp - payload.iat).toBe(5);
      const stream = await openSse(`${shortLived.origin}/api/v1/stores/stream`, user.auth);
      streams.push(stream);
      expect(stream.status).toBe(200);
      await Promise.race([
        stream.ended,
        new Promise((_, reject) => setTimeout(() => reject(new Error('stream still open')), 7_000)),
      ]);
    } finally {
      await shortLived.close();
    }
  });
});
