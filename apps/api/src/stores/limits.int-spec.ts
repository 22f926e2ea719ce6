import { randomUUID } from 'node:crypto';

import { type LimitProblem, ProblemType, type StoreView } from '@storefleet/contracts';
import type { Response } from 'supertest';

import { createUser, insertStore, type TestUser } from '../testing/factories.js';
import { apiSuite } from '../testing/suite.js';

describe('store limits and idempotency', () => {
  const s = apiSuite('limits');
  const roomy = { maxLiveStores: 1000, maxProvisioningStores: 1000, maxCreatesPerHour: 1000 };

  const create = (user: TestUser, name: string, headers: Record<string, string> = {}) =>
    s.api.http.post('/api/v1/stores').set(user.auth).set(headers).send({ name, engine: 'woocommerce' });

  async function burst(user: TestUser, count: number): Promise<Response[]> {
    const tag = randomUUID().slice(0, 6);
    return Promise.all(Array.from({ length: count }, (_, i) => create(user, `burst-${tag}-${i}`)));
  }

  function expectRefusals(responses: Response[], status: number, limit: string, max: number) {
    const refused = responses.filter((r) => r.status !== 202);
    expect(refused.map((r) => r.status)).toEqual(refused.map(() => status));
    for (const r of refused) {
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.body as LimitProblem).toMatchObject({ type: ProblemType.LimitExceeded, limit, max });
    }
  }

  it('accepts exactly 5 of 30 simultaneous creates when the live-store limit is 5', async () => {
    const user = await createUser(s.api, s.prisma, { ...roomy, maxLiveStores: 5 });
    const responses = await burst(user, 30);
    expect(responses.filter((r) => r.status === 202)).toHaveLength(5);
    expectRefusals(responses, 409, 'maxLiveStores', 5);
    expect(await s.prisma.store.count({ where: { ownerId: user.user.id } })).toBe(5);
    expect(await s.prisma.auditLog.count({ where: { actorId: user.user.id, action: 'store.create', outcome: 'denied' } })).toBe(
      25,
    );
  });

  it('accepts exactly 5 of 30 simultaneous creates by a fresh owner with the default limits: none refused for provisioning', async () => {
    const user = await createUser(s.api, s.prisma); // defaults: 5 live, 2 provisioning at once, 10 per hour
    const responses = await burst(user, 30);
    const accepted = responses.filter((r) => r.status === 202);
    expect(accepted).toHaveLength(5);
    // The provisioning limit queues: all five are accepted as requested and wait for a slot.
    expect(accepted.map((r) => (r.body as StoreView).status)).toEqual(Array(5).fill('requested'));
    expectRefusals(responses, 409, 'maxLiveStores', 5);
  });

  it('accepts exactly 3 of 30 simultaneous creates with an hourly limit of 3; the rest get 429 with Retry-After', async () => {
    const user = await createUser(s.api, s.prisma, { ...roomy, maxCreatesPerHour: 3 });
    const responses = await burst(user, 30);
    expect(responses.filter((r) => r.status === 202)).toHaveLength(3);
    expectRefusals(responses, 429, 'maxCreatesPerHour', 3);
    const retryAfter = Number(responses.find((r) => r.status === 429)!.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(3500);
    expect(retryAfter).toBeLessThanOrEqual(3600);
  });

  it('counts stores created in the last hour even when they were deleted since', async () => {
    const user = await createUser(s.api, s.prisma, { ...roomy, maxCreatesPerHour: 2 });
    await insertStore(s.prisma, user.user.id, { status: 'deleted', requestedAt: new Date(Date.now() - 30 * 60_000) });
    await insertStore(s.prisma, user.user.id, { status: 'deleted', requestedAt: new Date(Date.now() - 50 * 60_000) });
    await insertStore(s.prisma, user.user.id, { status: 'deleted', requestedAt: new Date(Date.now() - 61 * 60_000) });
    const res = await create(user, `hourly-${randomUUID().slice(0, 6)}`).expect(429);
    // The older of the two recent creates leaves the window in about 10 minutes.
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(500);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(600);
  });

  it('applies the platform defaults until an operator overrides a limit, and again after it is cleared', async () => {
    const user = await createUser(s.api, s.prisma); // defaults: 5 live, 2 provisioning at once, 10 per hour
    const operator = await createUser(s.api, s.prisma, { role: 'operator' });
    await create(user, `dflt-${randomUUID().slice(0, 6)}`).expect(202);

    const patched = await s.api.http
      .patch(`/api/v1/users/${user.user.id}`)
      .set(operator.auth)
      .send({ maxLiveStores: 1 })
      .expect(200);
    expect(patched.body.limits.maxLiveStores).toBe(1);
    const refused = await create(user, `dflt-${randomUUID().slice(0, 6)}`).expect(409);
    expect(refused.body).toMatchObject({ limit: 'maxLiveStores', max: 1, current: 1 });

    await s.api.http.patch(`/api/v1/users/${user.user.id}`).set(operator.auth).send({ maxLiveStores: null }).expect(200);
    await create(user, `dflt-${randomUUID().slice(0, 6)}`).expect(202);
  });

  describe('Idempotency-Key', () => {
    it('returns the first response to a repeated request and creates one store', async () => {
      const user = await createUser(s.api, s.prisma, roomy);
      const key = { 'Idempotency-Key': randomUUID() };
      const first = await create(user, 'idem-once', key).expect(202);
      const again = await create(user, 'idem-once', key).expect(202);
      expect(again.body).toEqual(first.body);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      expect(await s.prisma.store.count({ where: { name: 'idem-once' } })).toBe(1);
    });

    it('refuses the same key with another body', async () => {
      const user = await createUser(s.api, s.prisma, roomy);
      const key = { 'Idempotency-Key': randomUUID() };
      await create(user, 'idem-body-a', key).expect(202);
      const res = await create(user, 'idem-body-b', key).expect(422);
      expect(res.body.type).toBe(ProblemType.IdempotencyMismatch);
      expect(await s.prisma.store.count({ where: { name: 'idem-body-b' } })).toBe(0);
    });

    it('creates one store for 10 simultaneous requests with the same key', async () => {
      const user = await createUser(s.api, s.prisma, roomy);
      const key = { 'Idempotency-Key': randomUUID() };
      const responses = await Promise.all(Array.from({ length: 10 }, () => create(user, 'idem-race', key)));
      expect(responses.map((r) => r.status)).toEqual(Array(10).fill(202));
      expect(new Set(responses.map((r) => (r.body as StoreView).id)).size).toBe(1);
      expect(await s.prisma.store.count({ where: { name: 'idem-race' } })).toBe(1);
    });

    it('keeps keys per user, and does not remember refused requests', async () => {
      const a = await createUser(s.api, s.prisma, { ...roomy, maxLiveStores: 0 });
      const b = await createUser(s.api, s.prisma, roomy);
      const key = { 'Idempotency-Key': 'shared-key' };
      await create(a, 'idem-user-a', key).expect(409);
      await create(b, 'idem-user-b', key).expect(202);
      await s.prisma.user.update({ where: { id: a.user.id }, data: { maxLiveStores: 5 } });
      await create(a, 'idem-user-a', key).expect(202);
    });

    it('refuses a malformed key', async () => {
      const user = await createUser(s.api, s.prisma, roomy);
      const res = await create(user, 'idem-bad-key', { 'Idempotency-Key': 'x'.repeat(300) }).expect(400);
      expect(res.body.errors[0].field).toBe('Idempotency-Key');
    });
  });
});
