import { JwtService } from '@nestjs/jwt';
import { CSRF_HEADER, ProblemType, SESSION_COOKIE, type TokenResponse } from '@storefleet/contracts';

import { createUser, login, sessionCookieFrom, withSession } from '../testing/factories.js';
import { fieldsOf } from '../testing/responses.js';
import { apiSuite } from '../testing/suite.js';
import { startTestApi, TEST_ADMIN, type TestApi } from '../testing/test-api.js';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('authentication', () => {
  const s = apiSuite('auth');

  /** A token with the right shape, signed as the test says. */
  function token(
    userId: string,
    {
      secret = s.api.config.JWT_SECRET,
      audience = s.api.config.JWT_AUDIENCE,
      issuer = s.api.config.JWT_ISSUER,
      exp = Math.floor(Date.now() / 1000) + 600,
    } = {},
  ) {
    return new JwtService().sign(
      { sub: userId, role: 'admin', typ: 'access', exp },
      { secret, algorithm: 'HS256', audience, issuer },
    );
  }

  describe('login', () => {
    it('signs in the first admin created from ADMIN_EMAIL/ADMIN_PASSWORD and returns tokens and the user', async () => {
      const res = await s.api.http
        .post('/api/v1/auth/login')
        .send({ email: TEST_ADMIN.email.toUpperCase(), password: TEST_ADMIN.password })
        .expect(200);
      const body = res.body as TokenResponse;
      expect(body).toMatchObject({
        tokenType: 'Bearer',
        expiresIn: 900,
        user: { email: TEST_ADMIN.email, role: 'admin', disabled: false },
      });
      expect(body.accessToken.split('.')).toHaveLength(3);
      expect(body).not.toHaveProperty('refreshToken');
      const me = await s.api.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${body.accessToken}`).expect(200);
      expect(me.body).toMatchObject({
        email: TEST_ADMIN.email,
        role: 'admin',
        limits: { maxLiveStores: 5, maxProvisioningStores: 2, maxCreatesPerHour: 10 },
      });
    });

    it('stores passwords only as argon2id hashes', async () => {
      const admin = await s.prisma.user.findUniqueOrThrow({ where: { email: TEST_ADMIN.email } });
      expect(admin.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(admin.passwordHash).not.toContain(TEST_ADMIN.password);
    });

    it("audits a successful login with actor, IP, user agent and the caller's request id", async () => {
      const requestId = `login-ok-${Date.now()}`;
      await s.api.http
        .post('/api/v1/auth/login')
        .set('X-Request-Id', requestId)
        .set('User-Agent', 'auth-test/1')
        .send(TEST_ADMIN)
        .expect(200)
        .expect('X-Request-Id', requestId);
      const row = await s.prisma.auditLog.findFirstOrThrow({ where: { requestId } });
      expect(row).toMatchObject({
        action: 'auth.login',
        outcome: 'success',
        actorEmail: TEST_ADMIN.email,
        actorRole: 'admin',
        userAgent: 'auth-test/1',
      });
      expect(row.actorId).toMatch(/^[0-9a-f-]{36}$/);
      expect(row.ip).toMatch(/127\.0\.0\.1/);
    });

    it('refuses a wrong password and an unknown account alike, and audits both', async () => {
      const wrong = await s.api.http
        .post('/api/v1/auth/login')
        .set('X-Request-Id', 'login-wrong')
        .send({ email: TEST_ADMIN.email, password: 'not-the-password' })
        .expect(401);
      const unknown = await s.api.http
        .post('/api/v1/auth/login')
        .set('X-Request-Id', 'login-unknown')
        .send({ email: 'nobody@example.test', password: 'whatever-password' })
        .expect(401);
      expect(wrong.headers['content-type']).toContain('application/problem+json');
      expect(wrong.body).toMatchObject({
        type: ProblemType.Unauthorized,
        status: 401,
        detail: unknown.body.detail,
        requestId: 'login-wrong',
      });
      const rows = await s.prisma.auditLog.findMany({
        where: { requestId: { in: ['login-wrong', 'login-unknown'] } },
        orderBy: { id: 'asc' },
      });
      expect(rows.map((r) => [r.action, r.outcome, r.actorEmail, (r.details as { reason: string }).reason])).toEqual([
        ['auth.login_failed', 'failure', TEST_ADMIN.email, 'wrong_password'],
        ['auth.login_failed', 'failure', 'nobody@example.test', 'unknown_account'],
      ]);
      expect(rows.every((r) => r.ip !== null)).toBe(true);
    });

    it('refuses a disabled user at login and with a token issued before they were disabled', async () => {
      const u = await createUser(s.api, s.prisma);
      const admin = await createUser(s.api, s.prisma, { role: 'admin' });
      await s.api.http.get('/api/v1/auth/me').set(u.auth).expect(200);
      await s.api.http.patch(`/api/v1/users/${u.user.id}`).set(admin.auth).send({ disabled: true }).expect(200);
      await s.api.http.get('/api/v1/auth/me').set(u.auth).expect(401);
      await s.api.http.post('/api/v1/auth/login').send({ email: u.user.email, password: u.password }).expect(401);
      const row = await s.prisma.auditLog.findFirstOrThrow({ where: { action: 'auth.login_failed', actorId: u.user.id } });
      expect(row).toMatchObject({ outcome: 'denied', details: { reason: 'disabled' } });
    });

    it('answers a malformed login with a validation problem naming the fields, and audits the attempt', async () => {
      const res = await s.api.http
        .post('/api/v1/auth/login')
        .set('X-Request-Id', 'login-malformed')
        .send({ email: 'not-an-email', password: '' })
        .expect(400);
      expect(res.body.type).toBe(ProblemType.Validation);
      expect(fieldsOf(res).sort()).toEqual(['email', 'password']);
      expect(await s.prisma.auditLog.count({ where: { requestId: 'login-malformed', action: 'auth.login_failed' } })).toBe(1);
    });
  });

  describe('the user cache across replicas', () => {
    let replica: TestApi;
    beforeAll(async () => {
      // A second API process on the same database and Redis prefix, as a second pod would be.
      replica = await startTestApi({ databaseUrl: s.db.appUrl, prefix: s.prefix });
    });
    afterAll(async () => {
      await replica.close();
    });

    /**
     * A change reaches the other replica as a Redis message, handled there a moment after the PATCH returns
     * (milliseconds; on a loaded machine more): asked until it answers `status`, for at most 2 s. Without the
     * message the replica would answer from its cache until the entry's 60 s TTL.
     */
    async function replicaAnswers(status: number, request: () => Promise<{ status: number; body: unknown }>) {
      const deadline = Date.now() + 2_000;
      for (;;) {
        const res = await request();
        if (res.status === status || Date.now() > deadline) return res;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }

    it('refuses a user disabled through one replica on every other replica within moments, and sees role changes', async () => {
      const u = await createUser(s.api, s.prisma);
      const admin = await createUser(s.api, s.prisma, { role: 'admin' });
      // Both replicas have the user cached as active.
      for (const api of [s.api, replica]) {
        for (let i = 0; i < 3; i += 1) await api.http.get('/api/v1/auth/me').set(u.auth).expect(200);
      }
      await replica.http.get('/api/v1/users').set(u.auth).expect(403);
      await s.api.http.patch(`/api/v1/users/${u.user.id}`).set(admin.auth).send({ role: 'operator' }).expect(200);
      expect((await replicaAnswers(200, () => replica.http.get('/api/v1/users').set(u.auth))).status).toBe(200);

      await s.api.http.patch(`/api/v1/users/${u.user.id}`).set(admin.auth).send({ disabled: true }).expect(200);
      // The replica that made the change forgets the user before it answers: refused at once there.
      await s.api.http.get('/api/v1/auth/me').set(u.auth).expect(401);
      const refused = await replicaAnswers(401, () => replica.http.get('/api/v1/auth/me').set(u.auth));
      expect({ status: refused.status, type: (refused.body as { type?: string }).type }).toEqual({
        status: 401,
        type: ProblemType.Unauthorized,
      });
    });
  });

  describe('access tokens', () => {
    let userId: string;
    beforeAll(async () => {
      userId = (await createUser(s.api, s.prisma, { role: 'admin' })).user.id;
    });

    it('accepts a correctly signed token', async () => {
      await s.api.http
        .get('/api/v1/auth/me')
        .set('Authorization', `Bearer ${token(userId)}`)
        .expect(200);
    });

    it.each([
      ['an expired token', () => token(userId, { exp: Math.floor(Date.now() / 1000) - 60 }), 'expired'],
      ['a token signed with another secret', () => token(userId, { secret: 'x'.repeat(48) }), 'not valid'],
      ['a token for another audience', () => token(userId, { audience: 'someone-else' }), 'not valid'],
      ['a token from another issuer', () => token(userId, { issuer: 'evil' }), 'not valid'],
      [
        'an unsigned (alg "none") token',
        () =>
          `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: userId, role: 'admin', typ: 'access', aud: 'storefleet-api', iss: 'storefleet', exp: Math.floor(Date.now() / 1000) + 600 })}.`,
        'not valid',
      ],
      ['garbage', () => 'not.a.jwt', 'not valid'],
    ])('refuses %s with 401 problem+json', async (_, make, detail) => {
      const res = await s.api.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${make()}`).expect(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.headers['www-authenticate']).toBe('Bearer');
      expect(res.body).toMatchObject({ type: ProblemType.Unauthorized });
      expect(res.body.detail).toContain(detail);
    });

    it('refuses a token whose user no longer exists', async () => {
      await s.api.http
        .get('/api/v1/auth/me')
        .set('Authorization', `Bearer ${token('00000000-0000-4000-8000-000000000000')}`)
        .expect(401);
    });

    it('does not accept the access token as a query parameter outside the live stream', async () => {
      await s.api.http.get(`/api/v1/auth/me?access_token=${token(userId)}`).expect(401);
    });
  });

  describe('the session cookie', () => {
    const refresh = (cookie: string | null) => withSession(s.api, 'refresh', cookie);
    const logout = (cookie: string | null) => withSession(s.api, 'logout', cookie);

    it('keeps the refresh token in an HttpOnly, SameSite=Strict cookie scoped to the auth routes, not in the body', async () => {
      const res = await s.api.http.post('/api/v1/auth/login').send(TEST_ADMIN).expect(200);
      const [cookie] = (res.headers['set-cookie'] as unknown as string[]).filter((c) => c.startsWith(`${SESSION_COOKIE}=`));
      const attributes = cookie!.split(';').map((a) => a.trim().toLowerCase());
      expect(cookie!.split(';')[0]!.length).toBeGreaterThan(SESSION_COOKIE.length + 30);
      expect(attributes).toEqual(expect.arrayContaining(['httponly', 'samesite=strict', 'path=/api/v1/auth']));
      // Plain HTTP: a Secure cookie would never come back.
      expect(attributes).not.toContain('secure');
      expect(attributes.some((a) => a.startsWith('expires=') || a.startsWith('max-age='))).toBe(false);
      expect(JSON.stringify(res.body)).not.toContain(cookie!.split('=')[1]);
    });

    it('marks the cookie Secure when the request came over TLS through a trusted proxy', async () => {
      const res = await s.api.http.post('/api/v1/auth/login').set('X-Forwarded-Proto', 'https').send(TEST_ADMIN).expect(200);
      const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
      expect(cookie.split(';').map((a) => a.trim().toLowerCase())).toContain('secure');
    });

    it('refuses refresh and logout without the CSRF header, or sent from another site, and the session survives', async () => {
      const session = await login(s.api, TEST_ADMIN.email, TEST_ADMIN.password);
      for (const route of ['refresh', 'logout']) {
        const bare = await s.api.http.post(`/api/v1/auth/${route}`).set('Cookie', session.cookie).expect(403);
        expect(bare.headers['content-type']).toContain('application/problem+json');
        expect(bare.body).toMatchObject({ type: ProblemType.Forbidden });
        expect(bare.body.detail).toContain(CSRF_HEADER);
        const crossSite = await withSession(s.api, route as 'refresh', session.cookie).set('Sec-Fetch-Site', 'cross-site');
        expect(crossSite.status).toBe(403);
      }
      await refresh(session.cookie).expect(200);
    });

    it('rotates the cookie on refresh, and a reused one revokes every token of its family', async () => {
      const first = await login(s.api, TEST_ADMIN.email, TEST_ADMIN.password);
      const res = await refresh(first.cookie).expect(200);
      const second = sessionCookieFrom(res);
      expect(second).not.toBe(first.cookie);
      expect(res.body).not.toHaveProperty('refreshToken');
      await s.api.http
        .get('/api/v1/auth/me')
        .set('Authorization', `Bearer ${(res.body as TokenResponse).accessToken}`)
        .expect(200);

      const reuse = await refresh(first.cookie).expect(401);
      expect(reuse.body.detail).toContain('already used');
      // The failed refresh clears the browser's cookie.
      expect((reuse.headers['set-cookie'] as unknown as string[]).join()).toMatch(
        new RegExp(`${SESSION_COOKIE}=;.*Expires=Thu, 01 Jan 1970`),
      );
      // The thief's (or the user's) newer token is gone too.
      await refresh(second).expect(401);
      const audit = await s.prisma.auditLog.findMany({
        where: { action: 'auth.refresh', actorEmail: TEST_ADMIN.email, outcome: { in: ['success', 'denied'] } },
        orderBy: { id: 'asc' },
      });
      expect(audit.slice(-3).map((r) => r.outcome)).toEqual(['success', 'denied', 'denied']);
    });

    it('lets exactly one of two simultaneous uses of a session cookie win', async () => {
      const session = await login(s.api, TEST_ADMIN.email, TEST_ADMIN.password);
      const results = await Promise.all([1, 2].map(() => refresh(session.cookie)));
      expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
    });

    it('logs out: the cookie is cleared and stops working, and logging out twice is harmless', async () => {
      const session = await login(s.api, TEST_ADMIN.email, TEST_ADMIN.password);
      const out = await logout(session.cookie).expect(204);
      expect((out.headers['set-cookie'] as unknown as string[]).join()).toMatch(
        new RegExp(`${SESSION_COOKIE}=; Path=/api/v1/auth; Expires=Thu, 01 Jan 1970`),
      );
      await logout(session.cookie).expect(204);
      await refresh(session.cookie).expect(401);
      expect(await s.prisma.auditLog.count({ where: { action: 'auth.logout', outcome: 'success' } })).toBeGreaterThanOrEqual(1);
    });

    it('refuses an unknown cookie and a missing one', async () => {
      const unknown = await refresh(`${SESSION_COOKIE}=made-up`).expect(401);
      expect(unknown.body.type).toBe(ProblemType.Unauthorized);
      const missing = await refresh(null).expect(401);
      expect(missing.body.detail).toBe('There is no session cookie');
    });
  });

  describe('roles', () => {
    it('keeps owners out of users, audit and ops, and operators out of creating users', async () => {
      const owner = await createUser(s.api, s.prisma, { role: 'owner' });
      const operator = await createUser(s.api, s.prisma, { role: 'operator' });
      for (const path of ['/api/v1/users', '/api/v1/audit', '/api/v1/ops/queues', '/api/v1/ops/jobs']) {
        const res = await s.api.http.get(path).set(owner.auth).expect(403);
        expect(res.body.type).toBe(ProblemType.Forbidden);
        await s.api.http.get(path).set(operator.auth).expect(200);
      }
      await s.api.http
        .post('/api/v1/users')
        .set(operator.auth)
        .send({ email: 'new@example.test', password: 'long-enough-password', role: 'owner' })
        .expect(403);
    });
  });
});
