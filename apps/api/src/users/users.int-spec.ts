import { randomUUID } from 'node:crypto';

import { type Page, ProblemType, type UserView } from '@storefleet/contracts';
import { createPrismaClient } from '@storefleet/db';
import { createTestDatabase } from '@storefleet/testing';

import { createUser, login, type TestUser, withSession } from '../testing/factories.js';
import { fieldsOf } from '../testing/responses.js';
import { apiSuite } from '../testing/suite.js';
import { startTestApi, TEST_ADMIN } from '../testing/test-api.js';

describe('users', () => {
  const s = apiSuite('users');
  let admin: TestUser;
  let operator: TestUser;

  beforeAll(async () => {
    admin = await createUser(s.api, s.prisma, { role: 'admin' });
    operator = await createUser(s.api, s.prisma, { role: 'operator' });
  });

  it('lets an admin create a user who can then sign in, and audits it', async () => {
    const res = await s.api.http
      .post('/api/v1/users')
      .set(admin.auth)
      .send({ email: 'New.Owner@Example.test', password: 'a-long-enough-password', role: 'owner' })
      .expect(201);
    const view = res.body as UserView;
    expect(view).toMatchObject({
      email: 'new.owner@example.test',
      role: 'owner',
      disabled: false,
      limitOverrides: { maxLiveStores: null },
    });
    expect(res.body.passwordHash).toBeUndefined();
    await login(s.api, 'new.owner@example.test', 'a-long-enough-password');
    const audit = await s.prisma.auditLog.findFirstOrThrow({ where: { action: 'user.create', targetId: view.id } });
    expect(audit).toMatchObject({ actorId: admin.user.id, outcome: 'success' });
    expect(JSON.stringify(audit.details)).not.toContain('a-long-enough-password');
  });

  it('refuses a duplicate email, a short password and an unknown role', async () => {
    await s.api.http
      .post('/api/v1/users')
      .set(admin.auth)
      .send({ email: 'dup@example.test', password: 'a-long-enough-password', role: 'owner' })
      .expect(201);
    const dup = await s.api.http
      .post('/api/v1/users')
      .set(admin.auth)
      .send({ email: 'DUP@example.test', password: 'a-long-enough-password', role: 'owner' })
      .expect(409);
    expect(dup.body.type).toBe(ProblemType.Conflict);
    const bad = await s.api.http
      .post('/api/v1/users')
      .set(admin.auth)
      .send({ email: 'short@example.test', password: 'short', role: 'king' })
      .expect(400);
    expect(fieldsOf(bad).sort()).toEqual(['password', 'role']);
  });

  it('lists users for operators with pagination and filters', async () => {
    for (let i = 0; i < 3; i += 1) await createUser(s.api, s.prisma, { email: `paged-${i}@example.test` });
    const first = await s.api.http.get('/api/v1/users?q=paged-&limit=2').set(operator.auth).expect(200);
    expect(first.body.items).toHaveLength(2);
    const second = await s.api.http
      .get(`/api/v1/users?q=paged-&limit=2&cursor=${first.body.nextCursor}`)
      .set(operator.auth)
      .expect(200);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
    const emails = [...first.body.items, ...second.body.items].map((u: UserView) => u.email).sort();
    expect(emails).toEqual(['paged-0@example.test', 'paged-1@example.test', 'paged-2@example.test']);
    const operators = await s.api.http.get('/api/v1/users?role=operator').set(operator.auth).expect(200);
    expect((operators.body as Page<UserView>).items.every((u) => u.role === 'operator')).toBe(true);
  });

  it('lets operators set limits but only admins change role or disabled', async () => {
    const target = await createUser(s.api, s.prisma);
    const limits = await s.api.http
      .patch(`/api/v1/users/${target.user.id}`)
      .set(operator.auth)
      .send({ maxLiveStores: 9, maxCreatesPerHour: 0 })
      .expect(200);
    expect(limits.body).toMatchObject({
      limits: { maxLiveStores: 9, maxCreatesPerHour: 0, maxProvisioningStores: 2 },
      limitOverrides: { maxLiveStores: 9 },
    });
    const audit = await s.prisma.auditLog.findFirstOrThrow({ where: { action: 'user.update_limits', targetId: target.user.id } });
    expect(audit.details).toEqual({ maxLiveStores: { from: null, to: 9 }, maxCreatesPerHour: { from: null, to: 0 } });

    const denied = await s.api.http
      .patch(`/api/v1/users/${target.user.id}`)
      .set(operator.auth)
      .send({ role: 'admin' })
      .expect(403);
    expect(denied.body.type).toBe(ProblemType.Forbidden);
    expect((await s.prisma.user.findUniqueOrThrow({ where: { id: target.user.id } })).role).toBe('owner');

    await s.api.http.patch(`/api/v1/users/${target.user.id}`).set(admin.auth).send({ role: 'operator' }).expect(200);
    await s.api.http.patch(`/api/v1/users/${target.user.id}`).set(admin.auth).send({ maxLiveStores: -1 }).expect(400);
    await s.api.http.patch(`/api/v1/users/${target.user.id}`).set(admin.auth).send({}).expect(400);
    await s.api.http.patch(`/api/v1/users/${randomUUID()}`).set(admin.auth).send({ disabled: true }).expect(404);
  });

  it('disabling a user ends their sessions: access tokens and refresh tokens stop working', async () => {
    const target = await createUser(s.api, s.prisma);
    const session = await login(s.api, target.user.email, target.password);
    await s.api.http.patch(`/api/v1/users/${target.user.id}`).set(admin.auth).send({ disabled: true }).expect(200);
    await s.api.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${session.accessToken}`).expect(401);
    await withSession(s.api, 'refresh', session.cookie).expect(401);
  });

  it('never leaves the platform without an active admin', async () => {
    const self = await s.api.http.patch(`/api/v1/users/${admin.user.id}`).set(admin.auth).send({ role: 'owner' }).expect(409);
    expect(self.body.detail).toContain('yourself');
    // Disable every other admin, then the last one cannot be disabled by anyone.
    const others = await s.prisma.user.findMany({ where: { role: 'admin', id: { not: admin.user.id } } });
    for (const other of others)
      await s.api.http.patch(`/api/v1/users/${other.id}`).set(admin.auth).send({ disabled: true }).expect(200);
    const second = await createUser(s.api, s.prisma, { role: 'admin' });
    await s.api.http.patch(`/api/v1/users/${admin.user.id}`).set(second.auth).send({ disabled: true }).expect(200);
    const last = await s.api.http.patch(`/api/v1/users/${second.user.id}`).set(second.auth).send({ disabled: true }).expect(409);
    expect(last.body.detail).toContain('yourself');
  });
});

describe('first admin', () => {
  it('is created once from ADMIN_EMAIL/ADMIN_PASSWORD, even when two replicas start together', async () => {
    const db = await createTestDatabase('first_admin_env');
    const prefix = `test-first-admin-${randomUUID().slice(0, 8)}`;
    const [a, b] = await Promise.all([
      startTestApi({ databaseUrl: db.appUrl, prefix }),
      startTestApi({ databaseUrl: db.appUrl, prefix }),
    ]);
    try {
      const prisma = createPrismaClient({ url: db.appUrl });
      expect(await prisma.user.findMany({ where: { role: 'admin' }, select: { email: true } })).toEqual([
        { email: TEST_ADMIN.email },
      ]);
      await prisma.$disconnect();
      await login(a, TEST_ADMIN.email, TEST_ADMIN.password);
    } finally {
      await a.close();
      await b.close();
      await db.drop();
    }
  });

  it('without ADMIN_PASSWORD, generates a strong password, prints it once, and never again', async () => {
    const db = await createTestDatabase('first_admin_generated');
    const prefix = `test-first-admin-${randomUUID().slice(0, 8)}`;
    const printed: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = (chunk: string | Uint8Array, ...rest: never[]) => {
      printed.push(String(chunk));
      return write(chunk, ...rest);
    };
    try {
      const env = { ADMIN_EMAIL: '', ADMIN_PASSWORD: '' };
      const first = await startTestApi({ databaseUrl: db.appUrl, prefix, env });
      const notice = printed.join('');
      const password = /password: (\S+)/.exec(notice)?.[1];
      expect(notice).toContain('admin@storefleet.local');
      expect(password).toMatch(/^[A-Za-z0-9]{24}$/);
      await login(first, 'admin@storefleet.local', password!);
      await first.close();

      printed.length = 0;
      const second = await startTestApi({ databaseUrl: db.appUrl, prefix, env });
      expect(printed.join('')).not.toContain('password:');
      await second.close();
    } finally {
      process.stdout.write = write;
      await db.drop();
    }
  });
});
