import { jobId, JobName, ProblemType, type StoreView } from '@storefleet/contracts';
import { transitionStore } from '@storefleet/db';

import { insertStore, type TestUser } from '../testing/factories.js';
import { apiSuite, operationCast } from '../testing/suite.js';

/** PUT /stores/{id}/domains against the real API, Postgres and Redis. */
describe('custom domains', () => {
  const s = apiSuite('store-domains', {
    STORE_BASE_DOMAIN: 'stores.example.test',
    CUSTOM_DOMAINS_MAX_PER_STORE: '2',
    CUSTOM_DOMAINS_DNS_TARGET: 'ingress.example.net',
  });
  const cast = operationCast(s);

  const put = (user: TestUser, storeId: string, domains: unknown) =>
    s.api.http.put(`/api/v1/stores/${storeId}/domains`).set(user.auth).send({ domains });
  const hostnames = async (storeId: string) =>
    (await s.prisma.storeDomain.findMany({ where: { storeId }, orderBy: { position: 'asc' } })).map((d) => d.hostname);

  it('accepts the list with 202 (configuring), stores it normalised, audits it and enqueues the operation job', async () => {
    const store = await insertStore(s.prisma, cast.owner.user.id, { status: 'ready' });
    const res = await put(cast.owner, store.id, ['Shop.Example.COM', 'www.shop.example.com.'])
      .set('X-Request-Id', 'dom-1')
      .expect(202);
    expect(res.body).toMatchObject({
      id: store.id,
      status: 'configuring',
      domains: [
        { hostname: 'shop.example.com', dnsRecord: { type: 'CNAME', name: 'shop.example.com', value: 'ingress.example.net' } },
        {
          hostname: 'www.shop.example.com',
          dnsRecord: { type: 'CNAME', name: 'www.shop.example.com', value: 'ingress.example.net' },
        },
      ],
    });
    expect(await hostnames(store.id)).toEqual(['shop.example.com', 'www.shop.example.com']);
    const job = await cast.operations.getJob(jobId.operate(store.id));
    expect(job).toMatchObject({ name: JobName.OperateStore, data: { storeId: store.id, requestId: 'dom-1' } });
    const audit = await s.prisma.auditLog.findFirstOrThrow({ where: { action: 'store.domains', targetId: store.id } });
    expect(audit).toMatchObject({ outcome: 'success', actorId: cast.owner.user.id, requestId: 'dom-1' });
    expect(audit.details).toMatchObject({ from: 'ready', domains: ['shop.example.com', 'www.shop.example.com'], previous: [] });
    // Every view of the store carries them: its page and the list.
    const view = await s.api.http.get(`/api/v1/stores/${store.id}`).set(cast.owner.auth).expect(200);
    expect((view.body as StoreView).domains.map((d) => d.hostname)).toEqual(['shop.example.com', 'www.shop.example.com']);
    const list = await s.api.http.get('/api/v1/stores?status=configuring').set(cast.owner.auth).expect(200);
    expect((list.body.items as StoreView[]).find((i) => i.id === store.id)?.domains).toHaveLength(2);
  });

  it('replaces the whole list, and [] removes every custom domain', async () => {
    const store = await insertStore(s.prisma, cast.owner.user.id, { status: 'ready' });
    await put(cast.owner, store.id, ['a.replace.example.com']).expect(202);
    await transitionStore(s.prisma, store.id, 'ready');
    await put(cast.owner, store.id, ['b.replace.example.com', 'a.replace.example.com']).expect(202);
    expect(await hostnames(store.id)).toEqual(['b.replace.example.com', 'a.replace.example.com']);
    await transitionStore(s.prisma, store.id, 'degraded');
    const res = await put(cast.owner, store.id, []).expect(202);
    expect(res.body).toMatchObject({ status: 'configuring', domains: [] });
    expect(await hostnames(store.id)).toEqual([]);
    const audit = await s.prisma.auditLog.findFirstOrThrow({
      where: { action: 'store.domains', targetId: store.id },
      orderBy: { id: 'desc' },
    });
    expect(audit.details).toMatchObject({
      from: 'degraded',
      domains: [],
      previous: ['b.replace.example.com', 'a.replace.example.com'],
    });
  });

  it.each([
    ['a malformed hostname', ['shop_1.example.com'], 'domains[0]', 'not a valid DNS label'],
    ['a single label', ['localhost'], 'domains[0]', 'fully qualified'],
    ['an IP address', ['192.0.2.10'], 'domains[0]', 'not an IP address'],
    ['a wildcard (not allowed by configuration)', ['*.example.com'], 'domains[0]', 'wildcard domains are not allowed'],
    ['the platform domain', ['stores.example.test'], 'domains[0]', "platform's own domain"],
    [
      'a subdomain of the platform domain',
      ['ok.example.com', 'other.Stores.Example.Test'],
      'domains[1]',
      "platform's own domain",
    ],
    ['more than the configured limit', ['a.example.com', 'b.example.com', 'c.example.com'], 'domains', 'at most 2'],
  ])('refuses %s with a 400 problem naming the entry, changing nothing', async (_, domains, field, message) => {
    const store = await insertStore(s.prisma, cast.owner.user.id, { status: 'ready' });
    const res = await put(cast.owner, store.id, domains).expect(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ type: ProblemType.Validation, status: 400 });
    expect(res.body.errors).toEqual(expect.arrayContaining([{ field, message: expect.stringContaining(message) }]));
    expect((await s.prisma.store.findUniqueOrThrow({ where: { id: store.id } })).status).toBe('ready');
    expect(await hostnames(store.id)).toEqual([]);
  });

  it.each([
    ['no list', {}],
    ['a string', 'shop.example.com'],
    ['numbers', [1, 2]],
  ])('refuses a body with %s (400)', async (_, body) => {
    const store = await insertStore(s.prisma, cast.owner.user.id, { status: 'ready' });
    const res = await s.api.http
      .put(`/api/v1/stores/${store.id}/domains`)
      .set(cast.owner.auth)
      .send(typeof body === 'object' && !Array.isArray(body) ? body : { domains: body })
      .expect(400);
    expect(res.body.type).toBe(ProblemType.Validation);
  });

  it('answers 409 for a domain another live store has (whatever its case), changing neither store', async () => {
    const holder = await insertStore(s.prisma, cast.other.user.id, { status: 'ready' });
    await put(cast.other, holder.id, ['taken.example.com']).expect(202);
    const store = await insertStore(s.prisma, cast.owner.user.id, { status: 'ready' });
    await put(cast.owner, store.id, ['mine.example.com']).expect(202);
    await transitionStore(s.prisma, store.id, 'ready');
    const res = await put(cast.owner, store.id, ['mine.example.com', 'TAKEN.example.com']).expect(409);
    expect(res.body).toMatchObject({ type: ProblemType.DomainTaken, status: 409, hostname: 'taken.example.com' });
    // Nothing about the other store beyond the domain itself.
    expect(JSON.stringify(res.body)).not.toContain(holder.id);
    expect(await hostnames(store.id)).toEqual(['mine.example.com']);
    expect(await hostnames(holder.id)).toEqual(['taken.example.com']);
    expect((await s.prisma.store.findUniqueOrThrow({ where: { id: store.id } })).status).toBe('ready');
  });

  it('gives a domain to exactly one of two stores asking for it at the same moment', async () => {
    for (let round = 0; round < 3; round += 1) {
      const a = await insertStore(s.prisma, cast.owner.user.id, { status: 'ready' });
      const b = await insertStore(s.prisma, cast.other.user.id, { status: 'ready' });
      const domain = `race-${round}.example.com`;
      const [ra, rb] = await Promise.all([put(cast.owner, a.id, [domain]), put(cast.other, b.id, [domain])]);
      expect([ra.status, rb.status].sort()).toEqual([202, 409]);
      const loser = ra.status === 409 ? ra : rb;
      expect(loser.body).toMatchObject({ type: ProblemType.DomainTaken, hostname: domain });
      const rows = await s.prisma.storeDomain.findMany({ where: { hostname: domain } });
      expect(rows).toHaveLength(1);
      expect(rows[0]!.storeId).toBe(ra.status === 202 ? a.id : b.id);
      // The loser is untouched.
      const loserId = ra.status === 409 ? a.id : b.id;
      expect((await s.prisma.store.findUniqueOrThrow({ where: { id: loserId } })).status).toBe('ready');
    }
  });

  it('has the database refuse a second store for a hostname, whatever the application checked', async () => {
    const a = await insertStore(s.prisma, cast.owner.user.id, { status: 'ready' });
    const b = await insertStore(s.prisma, cast.other.user.id, { status: 'ready' });
    await s.prisma.storeDomain.create({ data: { storeId: a.id, hostname: 'unique.example.com', position: 0 } });
    await expect(
      s.prisma.storeDomain.create({ data: { storeId: b.id, hostname: 'unique.example.com', position: 0 } }),
    ).rejects.toMatchObject({ code: 'P2002' });
  });

  it('frees the domains of a deleted store for another store', async () => {
    const gone = await insertStore(s.prisma, cast.other.user.id, { status: 'ready' });
    await put(cast.other, gone.id, ['freed.example.com']).expect(202);
    const store = await insertStore(s.prisma, cast.owner.user.id, { status: 'ready' });
    await put(cast.owner, store.id, ['freed.example.com']).expect(409);
    await s.api.http.delete(`/api/v1/stores/${gone.id}`).set(cast.other.auth).expect(202);
    // Still deleting: its Ingress may still serve the host.
    await put(cast.owner, store.id, ['freed.example.com']).expect(409);
    await transitionStore(s.prisma, gone.id, 'deleted');
    await put(cast.owner, store.id, ['freed.example.com']).expect(202);
    expect(await hostnames(gone.id)).toEqual([]);
  });

  it.each([
    'requested',
    'provisioning',
    'failed',
    'suspending',
    'suspended',
    'resuming',
    'configuring',
    'restoring',
    'deleting',
  ] as const)('refuses a change while the store is %s with a 409 problem, audited as denied', async (status) => {
    const store = await insertStore(s.prisma, cast.owner.user.id, { status });
    const res = await put(cast.owner, store.id, ['busy.example.com']).expect(409);
    expect(res.body).toMatchObject({ type: ProblemType.IllegalTransition, currentStatus: status });
    expect(await hostnames(store.id)).toEqual([]);
    const audit = await s.prisma.auditLog.findFirstOrThrow({ where: { action: 'store.domains', targetId: store.id } });
    expect(audit.outcome).toBe('denied');
  });

  it("answers 404 for another owner's store and lets an operator change anyone's", async () => {
    const store = await insertStore(s.prisma, cast.owner.user.id, { status: 'ready' });
    const res = await put(cast.other, store.id, ['sneaky.example.com']).expect(404);
    expect(res.body).toMatchObject({ type: ProblemType.NotFound });
    expect(await hostnames(store.id)).toEqual([]);
    await put(cast.operator, store.id, ['staff.example.com']).expect(202);
    const audit = await s.prisma.auditLog.findFirstOrThrow({
      where: { action: 'store.domains', targetId: store.id, outcome: 'success' },
    });
    expect(audit).toMatchObject({ actorId: cast.operator.user.id, actorRole: 'operator' });
  });
});
