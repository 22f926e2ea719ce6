import { jobId, JobName, ProblemType, QueueName, type StoreView } from '@storefleet/contracts';
import { CredentialsCipher, transitionStore } from '@storefleet/db';
import { Queue } from 'bullmq';

import { createUser, insertStore, type TestUser } from '../testing/factories.js';
import { fieldsOf, namesOf } from '../testing/responses.js';
import { apiSuite } from '../testing/suite.js';

describe('stores', () => {
  const s = apiSuite('stores');
  let owner: TestUser;
  let other: TestUser;
  let operator: TestUser;
  let provisioning: Queue;
  let teardown: Queue;

  beforeAll(async () => {
    // Generous limits: this file is about behaviour, limits.int-spec.ts about limits.
    const roomy = { maxLiveStores: 100, maxProvisioningStores: 100, maxCreatesPerHour: 100 };
    owner = await createUser(s.api, s.prisma, roomy);
    other = await createUser(s.api, s.prisma, roomy);
    operator = await createUser(s.api, s.prisma, { role: 'operator' });
    // Independent BullMQ clients: the jobs must really be in Redis, not just in the API's memory.
    const connection = { url: process.env.REDIS_URL! };
    provisioning = new Queue(QueueName.Provisioning, { connection, prefix: s.prefix });
    teardown = new Queue(QueueName.Teardown, { connection, prefix: s.prefix });
  });
  afterAll(async () => {
    await provisioning.close();
    await teardown.close();
  });

  const create = (user: TestUser, body: object) => s.api.http.post('/api/v1/stores').set(user.auth).send(body);

  describe('create', () => {
    it('accepts a store with 202, records it as requested and enqueues a typed provisioning job', async () => {
      const res = await create(owner, { name: 'first-shop', engine: 'woocommerce' }).set('X-Request-Id', 'create-1').expect(202);
      const store = res.body as StoreView;
      expect(store).toMatchObject({
        name: 'first-shop',
        engine: 'woocommerce',
        plan: 'small',
        status: 'requested',
        ownerId: owner.user.id,
        namespace: 'store-first-shop',
        provisionAttempts: 1,
        retryCount: 0,
        storefrontUrl: null,
      });
      const job = await provisioning.getJob(jobId.provision(store.id, 1));
      expect(job?.name).toBe(JobName.ProvisionStore);
      expect(job?.data).toEqual({ storeId: store.id, attempt: 1, requestId: 'create-1' });
      expect(job?.opts.attempts).toBe(5);

      const audit = await s.prisma.auditLog.findFirstOrThrow({ where: { action: 'store.create', targetId: store.id } });
      expect(audit).toMatchObject({
        outcome: 'success',
        actorId: owner.user.id,
        actorRole: 'owner',
        requestId: 'create-1',
        targetType: 'store',
      });
      expect(audit.ip).toBeTruthy();
    });

    it.each([
      ['ab', 'characters long'],
      ['x'.repeat(41), 'characters long'],
      ['My-Shop', 'lowercase'],
      ['-shop', 'start and end'],
      ['shop-', 'start and end'],
      ['shop_1', 'lowercase'],
      ['café', 'lowercase'],
      ['admin', 'reserved'],
      [42, 'must be a string'],
    ])('refuses the name %p with a validation problem (%s) and writes nothing', async (name, message) => {
      const before = await s.prisma.store.count();
      const res = await create(owner, { name, engine: 'medusa' }).expect(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.type).toBe(ProblemType.Validation);
      expect(res.body.errors).toEqual([{ field: 'name', message: expect.stringContaining(message) }]);
      expect(await s.prisma.store.count()).toBe(before);
    });

    it('refuses unknown engines and plans, naming each field', async () => {
      const res = await create(owner, { name: 'bad-engine', engine: 'magento', plan: 'huge' }).expect(400);
      expect(fieldsOf(res).sort()).toEqual(['engine', 'plan']);
      expect(await s.prisma.store.count({ where: { name: 'bad-engine' } })).toBe(0);
    });

    it('audits a refused create too', async () => {
      await create(owner, { name: 'A', engine: 'medusa' }).set('X-Request-Id', 'create-refused').expect(400);
      const row = await s.prisma.auditLog.findFirstOrThrow({ where: { requestId: 'create-refused' } });
      expect(row).toMatchObject({
        action: 'store.create',
        outcome: 'failure',
        actorId: owner.user.id,
        details: expect.objectContaining({ status: 400 }),
      });
    });

    it('refuses a second live store with the same name with 409, for any owner', async () => {
      await create(owner, { name: 'taken-name', engine: 'medusa' }).expect(202);
      const res = await create(other, { name: 'taken-name', engine: 'woocommerce' }).expect(409);
      expect(res.body).toMatchObject({ type: ProblemType.NameTaken, name: 'taken-name' });
      expect(await s.prisma.store.count({ where: { name: 'taken-name' } })).toBe(1);
    });

    it("lets a deleted store's name be used again", async () => {
      await insertStore(s.prisma, owner.user.id, { name: 'reborn', status: 'deleted', deletedAt: new Date() });
      await create(owner, { name: 'reborn', engine: 'medusa' }).expect(202);
    });
  });

  describe('tenancy', () => {
    it("answers 404 on every route for another owner's store and changes nothing", async () => {
      const store = await insertStore(s.prisma, owner.user.id, { status: 'failed', statusReason: 'boom' });
      const base = `/api/v1/stores/${store.id}`;
      const attempts = [
        s.api.http.get(base),
        s.api.http.get(`${base}/events`),
        s.api.http.delete(base),
        s.api.http.post(`${base}/retry`),
        s.api.http.post(`${base}/credentials`),
        s.api.http.post(`${base}/suspend`),
        s.api.http.post(`${base}/resume`),
      ];
      for (const attempt of attempts) {
        const res = await attempt.set(other.auth);
        expect(res.status).toBe(404);
        expect(res.body).toMatchObject({ type: ProblemType.NotFound, detail: 'Store not found' });
      }
      expect(await s.prisma.store.findUniqueOrThrow({ where: { id: store.id } })).toMatchObject({
        status: 'failed',
        retryCount: 0,
      });
      const list = await s.api.http.get('/api/v1/stores').set(other.auth).expect(200);
      expect((list.body.items as StoreView[]).map((i) => i.id)).not.toContain(store.id);
    });

    it('answers 404 (not 400) for ids that are not UUIDs', async () => {
      await s.api.http.get('/api/v1/stores/not-a-uuid').set(owner.auth).expect(404);
    });

    it("lets operators see and act on anyone's store but not reveal its credentials", async () => {
      const store = await insertStore(s.prisma, owner.user.id, {
        status: 'ready',
        adminCredentials: new CredentialsCipher(process.env.CREDENTIALS_KEY!).encrypt('x', {}),
      });
      await s.api.http.get(`/api/v1/stores/${store.id}`).set(operator.auth).expect(200);
      const res = await s.api.http.post(`/api/v1/stores/${store.id}/credentials`).set(operator.auth).expect(403);
      expect(res.body.type).toBe(ProblemType.Forbidden);
    });
  });

  describe('list', () => {
    let mine: TestUser;
    beforeAll(async () => {
      mine = await createUser(s.api, s.prisma);
      for (let i = 0; i < 7; i += 1) {
        await insertStore(s.prisma, mine.user.id, {
          name: `list-${i}`,
          engine: i % 2 === 0 ? 'woocommerce' : 'medusa',
          status: i === 6 ? 'deleted' : i === 5 ? 'ready' : 'requested',
          requestedAt: new Date(Date.UTC(2026, 0, 1, 0, i)),
        });
      }
    });

    it("pages through an owner's live stores newest first with a cursor", async () => {
      const page1 = await s.api.http.get('/api/v1/stores?limit=4').set(mine.auth).expect(200);
      expect(namesOf(page1)).toEqual(['list-5', 'list-4', 'list-3', 'list-2']);
      const page2 = await s.api.http.get(`/api/v1/stores?limit=4&cursor=${page1.body.nextCursor}`).set(mine.auth).expect(200);
      expect(namesOf(page2)).toEqual(['list-1', 'list-0']);
      expect(page2.body.nextCursor).toBeNull();
    });

    it('filters by status (deleted on request), engine and name', async () => {
      const q = (query: string) => s.api.http.get(`/api/v1/stores?${query}`).set(mine.auth).expect(200).then(namesOf);
      expect(await q('status=deleted')).toEqual(['list-6']);
      expect(await q('status=ready,deleted')).toEqual(['list-6', 'list-5']);
      expect(await q('engine=medusa')).toEqual(['list-5', 'list-3', 'list-1']);
      expect(await q('q=list-3')).toEqual(['list-3']);
    });

    it('lets operators filter by owner, and keeps owners to their own stores whatever they ask', async () => {
      const byOwner = await s.api.http.get(`/api/v1/stores?ownerId=${mine.user.id}&limit=100`).set(operator.auth).expect(200);
      expect(byOwner.body.items).toHaveLength(6);
      const snooping = await s.api.http.get(`/api/v1/stores?ownerId=${mine.user.id}`).set(other.auth).expect(200);
      expect(snooping.body.items).toEqual([]);
    });

    it('takes the name filter as plain text: % and _ are not wildcards', async () => {
      const q = (text: string) =>
        s.api.http
          .get(`/api/v1/stores?q=${encodeURIComponent(text)}`)
          .set(mine.auth)
          .expect(200)
          .then(namesOf);
      expect(await q('%')).toEqual([]);
      expect(await q('list_3')).toEqual([]);
      expect(await q('LIST-4')).toEqual(['list-4']);
    });

    it('pages stores requested in the same millisecond without losing or repeating one', async () => {
      const tied = await createUser(s.api, s.prisma);
      const at = new Date(Date.UTC(2026, 1, 1));
      for (let i = 0; i < 5; i += 1) await insertStore(s.prisma, tied.user.id, { name: `tie-${i}`, requestedAt: at });
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { nextCursor: string | null } } = await s.api.http
          .get(`/api/v1/stores?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
          .set(tied.auth)
          .expect(200);
        seen.push(...namesOf(page));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen.toSorted()).toEqual(['tie-0', 'tie-1', 'tie-2', 'tie-3', 'tie-4']);
    });

    it('lists each store exactly as GET /stores/{id} shows it, custom domains in order', async () => {
      const owner = await createUser(s.api, s.prisma);
      // Times with milliseconds, one in a year's first days (the page query has Postgres write them as ISO text).
      const store = await insertStore(s.prisma, owner.user.id, {
        name: 'listed-with-domains',
        status: 'ready',
        readyAt: new Date('2027-01-02T03:04:05.006Z'),
        updatedAt: new Date('2027-01-02T03:04:05.060Z'),
      });
      await s.prisma.storeDomain.createMany({
        data: [
          { storeId: store.id, hostname: 'b.example.com', position: 0 },
          { storeId: store.id, hostname: 'a.example.com', position: 1 },
        ],
      });
      const list = await s.api.http.get('/api/v1/stores').set(owner.auth).expect(200);
      const one = await s.api.http.get(`/api/v1/stores/${store.id}`).set(owner.auth).expect(200);
      expect(list.body.items).toEqual([one.body]);
      expect(list.body.items[0]).toMatchObject({ readyAt: '2027-01-02T03:04:05.006Z', updatedAt: '2027-01-02T03:04:05.060Z' });
      const { domains } = one.body as StoreView;
      expect(domains.map((d) => d.hostname)).toEqual(['b.example.com', 'a.example.com']);
    });

    it('refuses a cursor it did not issue and a bad status', async () => {
      await s.api.http.get('/api/v1/stores?cursor=garbage').set(mine.auth).expect(400);
      const forged = Buffer.from(JSON.stringify([new Date().toISOString(), '-'.repeat(36)])).toString('base64url');
      await s.api.http.get(`/api/v1/stores?cursor=${forged}`).set(mine.auth).expect(400);
      const res = await s.api.http.get('/api/v1/stores?status=happy').set(mine.auth).expect(400);
      expect(res.body.errors[0].field).toBe('status');
    });
  });

  describe('events', () => {
    it('returns the provisioning timeline oldest first', async () => {
      const store = await insertStore(s.prisma, owner.user.id, { status: 'provisioning' });
      const t = Date.UTC(2026, 0, 1);
      await s.prisma.storeEvent.createMany({
        data: [
          { storeId: store.id, attempt: 1, step: 'secrets', outcome: 'running', startedAt: new Date(t + 2000) },
          {
            storeId: store.id,
            attempt: 1,
            step: 'namespace',
            outcome: 'succeeded',
            startedAt: new Date(t),
            finishedAt: new Date(t + 1500),
            durationMs: 1500,
          },
        ],
      });
      const res = await s.api.http.get(`/api/v1/stores/${store.id}/events`).set(owner.auth).expect(200);
      expect(res.body).toEqual([
        expect.objectContaining({
          step: 'namespace',
          outcome: 'succeeded',
          durationMs: 1500,
          attempt: 1,
          finishedAt: new Date(t + 1500).toISOString(),
        }),
        expect.objectContaining({ step: 'secrets', outcome: 'running', durationMs: null, finishedAt: null }),
      ]);
    });
  });

  describe('delete', () => {
    it('moves the store to deleting, enqueues teardown, drops its waiting provisioning job, and is safe to repeat', async () => {
      const created = (await create(owner, { name: 'doomed', engine: 'medusa' }).expect(202)).body as StoreView;
      expect(await provisioning.getJob(jobId.provision(created.id, 1))).toBeDefined();

      const first = await s.api.http.delete(`/api/v1/stores/${created.id}`).set(owner.auth).expect(202);
      expect(first.body).toMatchObject({ id: created.id, status: 'deleting' });
      const job = await teardown.getJob(jobId.teardown(created.id));
      expect(job?.name).toBe(JobName.TeardownStore);
      expect(job?.data).toMatchObject({ storeId: created.id });
      expect(await provisioning.getJob(jobId.provision(created.id, 1))).toBeUndefined();

      const second = await s.api.http.delete(`/api/v1/stores/${created.id}`).set(owner.auth).expect(202);
      expect(second.body).toMatchObject({ id: created.id, status: 'deleting' });
      expect(await teardown.getJobs(['waiting'])).toEqual(
        expect.arrayContaining([expect.objectContaining({ id: jobId.teardown(created.id) })]),
      );
      expect((await teardown.getJobs(['waiting'])).filter((j) => j.data.storeId === created.id)).toHaveLength(1);
      expect(await s.prisma.auditLog.count({ where: { action: 'store.delete', targetId: created.id, outcome: 'success' } })).toBe(
        2,
      );
    });

    it('answers 202 with the current state for a store that is already deleted', async () => {
      const gone = await insertStore(s.prisma, owner.user.id, { status: 'deleted', deletedAt: new Date() });
      const res = await s.api.http.delete(`/api/v1/stores/${gone.id}`).set(owner.auth).expect(202);
      expect(res.body.status).toBe('deleted');
    });

    it('lets three simultaneous deletes all succeed with one transition, and audits every one of them', async () => {
      const store = await insertStore(s.prisma, owner.user.id, { status: 'ready' });
      const results = await Promise.all([1, 2, 3].map(() => s.api.http.delete(`/api/v1/stores/${store.id}`).set(owner.auth)));
      expect(results.map((r) => r.status)).toEqual([202, 202, 202]);
      expect(results.map((r) => (r.body as StoreView).status)).toEqual(['deleting', 'deleting', 'deleting']);
      const audits = await s.prisma.auditLog.findMany({ where: { action: 'store.delete', targetId: store.id } });
      expect(audits.map((a) => a.outcome)).toEqual(['success', 'success', 'success']);
      // One transition: exactly one row records the move from ready; the others found it already deleting.
      expect(audits.filter((a) => (a.details as { from?: string }).from === 'ready')).toHaveLength(1);
      expect(audits.filter((a) => (a.details as { alreadyStatus?: string }).alreadyStatus === 'deleting')).toHaveLength(2);
    });
  });

  describe('retry', () => {
    it('refuses to retry a store that has not failed', async () => {
      const store = await insertStore(s.prisma, owner.user.id, { status: 'ready' });
      const res = await s.api.http.post(`/api/v1/stores/${store.id}/retry`).set(owner.auth).expect(409);
      expect(res.body).toMatchObject({ type: ProblemType.IllegalTransition, currentStatus: 'ready' });
      const audit = await s.prisma.auditLog.findFirstOrThrow({ where: { action: 'store.retry', targetId: store.id } });
      expect(audit.outcome).toBe('denied');
    });

    it('moves a failed store back to requested (to wait for a provisioning slot) and enqueues the next attempt', async () => {
      const created = (await create(owner, { name: 'flaky', engine: 'woocommerce' }).expect(202)).body as StoreView;
      await transitionStore(s.prisma, created.id, 'provisioning');
      await transitionStore(s.prisma, created.id, 'failed', { statusReason: 'database pod not ready: ImagePullBackOff' });

      const res = await s.api.http.post(`/api/v1/stores/${created.id}/retry`).set(owner.auth).expect(202);
      expect(res.body).toMatchObject({ status: 'requested', provisionAttempts: 2, retryCount: 1, statusReason: null });
      const job = await provisioning.getJob(jobId.provision(created.id, 2));
      expect(job?.data).toMatchObject({ storeId: created.id, attempt: 2 });
      const audit = await s.prisma.auditLog.findFirstOrThrow({
        where: { action: 'store.retry', targetId: created.id, outcome: 'success' },
      });
      expect(audit.details).toMatchObject({ attempt: 2, previousReason: 'database pod not ready: ImagePullBackOff' });

      await s.api.http.post(`/api/v1/stores/${created.id}/retry`).set(owner.auth).expect(409);
    });
  });

  describe('suspend and resume', () => {
    let operations: Queue;
    beforeAll(() => {
      operations = new Queue(QueueName.Operations, { connection: { url: process.env.REDIS_URL! }, prefix: s.prefix });
    });
    afterAll(() => operations.close());

    it('suspends a ready store with 202 (suspending), audits it and enqueues the operation job', async () => {
      const store = await insertStore(s.prisma, owner.user.id, { status: 'ready' });
      const res = await s.api.http
        .post(`/api/v1/stores/${store.id}/suspend`)
        .set(owner.auth)
        .set('X-Request-Id', 'suspend-1')
        .expect(202);
      expect(res.body).toMatchObject({ id: store.id, status: 'suspending', statusReason: null });
      const job = await operations.getJob(jobId.operate(store.id));
      expect(job).toMatchObject({ name: JobName.OperateStore, data: { storeId: store.id, requestId: 'suspend-1' } });
      const audit = await s.prisma.auditLog.findFirstOrThrow({ where: { action: 'store.suspend', targetId: store.id } });
      expect(audit).toMatchObject({ outcome: 'success', actorId: owner.user.id, requestId: 'suspend-1' });
      expect(audit.details).toMatchObject({ from: 'ready' });
    });

    it('resumes a suspended store with 202 (resuming)', async () => {
      const store = await insertStore(s.prisma, owner.user.id, { status: 'suspended' });
      const res = await s.api.http.post(`/api/v1/stores/${store.id}/resume`).set(owner.auth).expect(202);
      expect(res.body).toMatchObject({ status: 'resuming' });
      expect(await s.prisma.auditLog.count({ where: { action: 'store.resume', targetId: store.id, outcome: 'success' } })).toBe(
        1,
      );
    });

    it.each([
      ['suspend', 'failed'],
      ['suspend', 'provisioning'],
      ['suspend', 'suspended'],
      ['suspend', 'deleting'],
      ['resume', 'ready'],
      ['resume', 'suspending'],
      ['resume', 'failed'],
    ] as const)('refuses to %s a %s store with a 409 problem, audited as denied, changing nothing', async (action, status) => {
      const store = await insertStore(s.prisma, owner.user.id, { status });
      const res = await s.api.http.post(`/api/v1/stores/${store.id}/${action}`).set(owner.auth).expect(409);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({ type: ProblemType.IllegalTransition, status: 409, currentStatus: status });
      expect((await s.prisma.store.findUniqueOrThrow({ where: { id: store.id } })).status).toBe(status);
      const audit = await s.prisma.auditLog.findFirstOrThrow({ where: { action: `store.${action}`, targetId: store.id } });
      expect(audit.outcome).toBe('denied');
    });

    it("lets an operator suspend anyone's store; another owner gets 404", async () => {
      const store = await insertStore(s.prisma, owner.user.id, { status: 'degraded', statusReason: 'app pod not ready' });
      await s.api.http.post(`/api/v1/stores/${store.id}/suspend`).set(other.auth).expect(404);
      const res = await s.api.http.post(`/api/v1/stores/${store.id}/suspend`).set(operator.auth).expect(202);
      expect(res.body).toMatchObject({ status: 'suspending', statusReason: null });
      const audit = await s.prisma.auditLog.findFirstOrThrow({
        where: { action: 'store.suspend', targetId: store.id, outcome: 'success' },
      });
      expect(audit).toMatchObject({ actorId: operator.user.id, actorRole: 'operator' });
    });

    it('lets exactly one of three simultaneous suspends move the store; the others are 409', async () => {
      const store = await insertStore(s.prisma, owner.user.id, { status: 'ready' });
      const codes = await Promise.all(
        [1, 2, 3].map(async () => (await s.api.http.post(`/api/v1/stores/${store.id}/suspend`).set(owner.auth)).status),
      );
      expect(codes.sort()).toEqual([202, 409, 409]);
    });

    it('deletes a suspended store like any other', async () => {
      const store = await insertStore(s.prisma, owner.user.id, { status: 'suspended' });
      const res = await s.api.http.delete(`/api/v1/stores/${store.id}`).set(owner.auth).expect(202);
      expect(res.body).toMatchObject({ status: 'deleting' });
    });
  });

  describe('credentials', () => {
    it('reveals the decrypted admin login to the owner, uncached, and audits it without the secret', async () => {
      const store = await insertStore(s.prisma, owner.user.id, { status: 'ready', adminUrl: 'http://shop.example/wp-admin' });
      const sealed = new CredentialsCipher(process.env.CREDENTIALS_KEY!).encrypt(store.id, {
        username: 'admin',
        password: 's3cret-pass',
      });
      await s.prisma.store.update({ where: { id: store.id }, data: { adminCredentials: sealed } });

      const res = await s.api.http.post(`/api/v1/stores/${store.id}/credentials`).set(owner.auth).expect(200);
      expect(res.body).toEqual({ username: 'admin', password: 's3cret-pass', adminUrl: 'http://shop.example/wp-admin' });
      expect(res.headers['cache-control']).toBe('no-store');
      const audit = await s.prisma.auditLog.findFirstOrThrow({
        where: { action: 'store.reveal_credentials', targetId: store.id },
      });
      expect(JSON.stringify({ ...audit, id: audit.id.toString() })).not.toContain('s3cret-pass');
    });

    it('answers 409 while the store has no admin login yet', async () => {
      const store = await insertStore(s.prisma, owner.user.id, { status: 'provisioning' });
      const res = await s.api.http.post(`/api/v1/stores/${store.id}/credentials`).set(owner.auth).expect(409);
      expect(res.body.type).toBe(ProblemType.CredentialsUnavailable);
    });
  });
});
