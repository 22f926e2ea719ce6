import { jobId, JobName, ProblemType, type StoreView } from '@storefleet/contracts';

import { insertStore, type TestUser } from '../testing/factories.js';
import { apiSuite, operationCast } from '../testing/suite.js';

const WOO_OLD = '6.8.3-php8.3-apache/10.2.2';
const WOO_NEW = '6.9.0-php8.3-apache/10.3.0';

describe('engine upgrades (POST /stores/:id/upgrade)', () => {
  const s = apiSuite('upgrades', { WOOCOMMERCE_VERSIONS: `${WOO_OLD},${WOO_NEW}`, MEDUSA_VERSIONS: '0.1.0,0.2.0' });
  const cast = operationCast(s);

  const upgrade = (user: TestUser, id: string, body: object) =>
    s.api.http.post(`/api/v1/stores/${id}/upgrade`).set(user.auth).send(body);

  it('offers the configured versions per engine, the first being the version new stores get', async () => {
    const res = await s.api.http.get('/api/v1/platform/engine-versions').set(cast.owner.auth).expect(200);
    expect(res.body).toEqual({ woocommerce: [WOO_OLD, WOO_NEW], medusa: ['0.1.0', '0.2.0'] });
    await s.api.http.get('/api/v1/platform/engine-versions').expect(401);
    const created = await s.api.http
      .post('/api/v1/stores')
      .set(cast.owner.auth)
      .send({ name: `new-${Date.now().toString(36)}`, engine: 'medusa' })
      .expect(202);
    expect(created.body).toMatchObject({ engineVersion: '0.1.0', targetEngineVersion: null });
  });

  it('moves a ready store to an offered version with 202 (upgrading), audits it and enqueues the operation job', async () => {
    const store = await insertStore(s.prisma, cast.owner.user.id, { status: 'ready', engineVersion: WOO_OLD });
    const res = await upgrade(cast.owner, store.id, { version: WOO_NEW }).set('X-Request-Id', 'upgrade-1').expect(202);
    expect(res.body as StoreView).toMatchObject({
      id: store.id,
      status: 'upgrading',
      engineVersion: WOO_OLD,
      targetEngineVersion: WOO_NEW,
      statusReason: null,
    });
    const job = await cast.operations.getJob(jobId.operate(store.id));
    expect(job).toMatchObject({ name: JobName.OperateStore, data: { storeId: store.id, requestId: 'upgrade-1' } });
    const audit = await s.prisma.auditLog.findFirstOrThrow({ where: { action: 'store.upgrade', targetId: store.id } });
    expect(audit).toMatchObject({ outcome: 'success', actorId: cast.owner.user.id, requestId: 'upgrade-1' });
    expect(audit.details).toMatchObject({ from: 'ready', fromVersion: WOO_OLD, toVersion: WOO_NEW });
    // A second request while it runs is an illegal transition.
    const again = await upgrade(cast.owner, store.id, { version: WOO_OLD }).expect(409);
    expect(again.body).toMatchObject({ type: ProblemType.IllegalTransition, currentStatus: 'upgrading' });
  });

  it.each([
    ['a version not offered', { version: '7.0.0-php8.4-apache/11.0.0' }],
    ['a version written wrongly', { version: 'latest' }],
    ['no version', {}],
    ['an unknown field', { version: WOO_NEW, force: true }],
  ])('refuses %s with a 400 problem naming the field, changing nothing', async (_what, body) => {
    const store = await insertStore(s.prisma, cast.owner.user.id, { status: 'ready', engineVersion: WOO_OLD });
    const res = await upgrade(cast.owner, store.id, body).expect(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ type: ProblemType.Validation, status: 400 });
    expect(JSON.stringify(res.body)).toMatch(/version|force/);
    const after = await s.prisma.store.findUniqueOrThrow({ where: { id: store.id } });
    expect(after).toMatchObject({ status: 'ready', engineVersion: WOO_OLD, targetEngineVersion: null });
  });

  it("refuses a version offered only for the other engine with a 409 problem (it conflicts with the store's engine)", async () => {
    const store = await insertStore(s.prisma, cast.owner.user.id, { status: 'ready', engineVersion: WOO_OLD });
    const res = await upgrade(cast.owner, store.id, { version: '0.2.0' }).expect(409);
    expect(res.body).toMatchObject({ type: ProblemType.Conflict, status: 409 });
    expect((res.body as { detail: string }).detail).toContain('not a woocommerce version');
  });

  it('lists the offered versions in the served OpenAPI document, so others are requests it forbids', async () => {
    const doc = await s.api.http.get('/api/docs-json').expect(200);
    const schema = (doc.body as { components: { schemas: Record<string, { properties: Record<string, { enum?: string[] }> }> } })
      .components.schemas.UpgradeStoreDto;
    expect(schema?.properties.version?.enum).toEqual([WOO_OLD, WOO_NEW, '0.1.0', '0.2.0']);
  });

  it.each(['failed', 'provisioning', 'suspended', 'deleting', 'restoring'] as const)(
    'refuses to upgrade a %s store with a 409 problem, audited as denied',
    async (status) => {
      const store = await insertStore(s.prisma, cast.owner.user.id, { status, engineVersion: WOO_OLD });
      const res = await upgrade(cast.owner, store.id, { version: WOO_NEW }).expect(409);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({ type: ProblemType.IllegalTransition, status: 409, currentStatus: status });
      expect((await s.prisma.store.findUniqueOrThrow({ where: { id: store.id } })).status).toBe(status);
      const audit = await s.prisma.auditLog.findFirstOrThrow({ where: { action: 'store.upgrade', targetId: store.id } });
      expect(audit.outcome).toBe('denied');
    },
  );

  it('refuses the version a ready store already runs (409), but lets a degraded store roll back to it', async () => {
    const ready = await insertStore(s.prisma, cast.owner.user.id, { status: 'ready', engineVersion: WOO_OLD });
    const res = await upgrade(cast.owner, ready.id, { version: WOO_OLD }).expect(409);
    expect(res.body).toMatchObject({ type: ProblemType.Conflict, currentVersion: WOO_OLD });
    const degraded = await insertStore(s.prisma, cast.owner.user.id, {
      status: 'degraded',
      statusReason: `upgrade to ${WOO_NEW} failed`,
      engineVersion: WOO_OLD,
    });
    const back = await upgrade(cast.owner, degraded.id, { version: WOO_OLD }).expect(202);
    expect(back.body).toMatchObject({ status: 'upgrading', statusReason: null, targetEngineVersion: WOO_OLD });
  });

  it("lets an operator upgrade anyone's store; another owner cannot see it (404)", async () => {
    const store = await insertStore(s.prisma, cast.owner.user.id, { status: 'ready', engine: 'medusa', engineVersion: '0.1.0' });
    const hidden = await upgrade(cast.other, store.id, { version: '0.2.0' }).expect(404);
    expect(hidden.headers['content-type']).toContain('application/problem+json');
    expect((await s.prisma.store.findUniqueOrThrow({ where: { id: store.id } })).status).toBe('ready');
    const res = await upgrade(cast.operator, store.id, { version: '0.2.0' }).expect(202);
    expect(res.body).toMatchObject({ status: 'upgrading', targetEngineVersion: '0.2.0' });
    const audit = await s.prisma.auditLog.findFirstOrThrow({
      where: { action: 'store.upgrade', targetId: store.id, outcome: 'success' },
    });
    expect(audit).toMatchObject({ actorId: cast.operator.user.id, actorRole: 'operator' });
  });

  it('lets exactly one of three simultaneous upgrades move the store; the others are 409', async () => {
    const store = await insertStore(s.prisma, cast.owner.user.id, { status: 'ready', engineVersion: WOO_OLD });
    const codes = await Promise.all(
      [1, 2, 3].map(async () => (await upgrade(cast.owner, store.id, { version: WOO_NEW })).status),
    );
    expect(codes.sort()).toEqual([202, 409, 409]);
  });
});
