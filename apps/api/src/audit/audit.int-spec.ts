import { type AuditEntryView, ProblemType } from '@storefleet/contracts';

import { createUser, type TestUser } from '../testing/factories.js';
import { fieldsOf } from '../testing/responses.js';
import { apiSuite } from '../testing/suite.js';

describe('audit log', () => {
  const s = apiSuite('audit');
  let operator: TestUser;
  let owner: TestUser;

  beforeAll(async () => {
    operator = await createUser(s.api, s.prisma, { role: 'operator' });
    owner = await createUser(s.api, s.prisma);
    const at = (minute: number) => new Date(Date.UTC(2026, 5, 1, 12, minute));
    await s.prisma.auditLog.createMany({
      data: [
        {
          at: at(0),
          actorId: owner.user.id,
          action: 'store.create',
          targetType: 'store',
          targetId: 'store-a',
          outcome: 'success',
        },
        {
          at: at(1),
          actorId: owner.user.id,
          action: 'store.delete',
          targetType: 'store',
          targetId: 'store-a',
          outcome: 'success',
        },
        {
          at: at(2),
          actorId: operator.user.id,
          action: 'store.retry',
          targetType: 'store',
          targetId: 'store-b',
          outcome: 'success',
        },
        {
          at: at(3),
          actorId: owner.user.id,
          action: 'store.create',
          targetType: 'store',
          targetId: 'store-c',
          outcome: 'denied',
          details: { limit: 'maxLiveStores' },
        },
      ],
    });
  });

  const get = (query: string) =>
    s.api.http
      .get(`/api/v1/audit?${query}`)
      .set(operator.auth)
      .expect(200)
      .then((r) => r.body as { items: AuditEntryView[]; nextCursor: string | null });

  it('filters by actor, action, target and time range', async () => {
    expect((await get(`actorId=${owner.user.id}`)).items.map((e) => e.targetId)).toEqual(['store-c', 'store-a', 'store-a']);
    expect((await get('action=store.create')).items.map((e) => e.targetId)).toEqual(['store-c', 'store-a']);
    expect((await get('targetId=store-a')).items.map((e) => e.action)).toEqual(['store.delete', 'store.create']);
    const range = await get('from=2026-06-01T12:01:00Z&to=2026-06-01T12:03:00Z');
    expect(range.items.map((e) => e.action)).toEqual(['store.retry', 'store.delete']);
    expect(range.items[0]).toMatchObject({ actorId: operator.user.id, outcome: 'success', at: '2026-06-01T12:02:00.000Z' });
  });

  it('pages newest first with a cursor', async () => {
    const first = await get('targetId=store-a&limit=1');
    expect(first.items.map((e) => e.action)).toEqual(['store.delete']);
    const second = await get(`targetId=store-a&limit=1&cursor=${first.nextCursor}`);
    expect(second.items.map((e) => e.action)).toEqual(['store.create']);
    expect(second.nextCursor).toBeNull();
  });

  it('refuses owners and malformed filters', async () => {
    await s.api.http.get('/api/v1/audit').set(owner.auth).expect(403);
    const bad = await s.api.http.get('/api/v1/audit?from=yesterday&actorId=me').set(operator.auth).expect(400);
    expect(bad.body.type).toBe(ProblemType.Validation);
    expect(fieldsOf(bad).sort()).toEqual(['actorId', 'from']);
  });

  it('is append-only for the application role', async () => {
    await expect(s.prisma.auditLog.deleteMany({})).rejects.toThrow();
    await expect(s.prisma.auditLog.updateMany({ data: { outcome: 'failure' } })).rejects.toThrow();
  });
});
