import { CSRF_HEADER, ProblemType } from '@storefleet/contracts';

import { createUser } from '../testing/factories.js';
import { apiSuite } from '../testing/suite.js';

describe('rate limits', () => {
  const s = apiSuite('ratelimits', {
    LOGIN_RATE_LIMIT_PER_IP: '5',
    LOGIN_RATE_LIMIT_PER_ACCOUNT: '3',
    LOGIN_RATE_LIMIT_WINDOW_SECONDS: '600',
    API_RATE_LIMIT: '10',
    API_RATE_LIMIT_WINDOW_SECONDS: '60',
  });

  // The test client is on loopback, which TRUST_PROXY trusts, so X-Forwarded-For sets the client IP.
  const loginFrom = (ip: string, email: string, password: string) =>
    s.api.http.post('/api/v1/auth/login').set('X-Forwarded-For', ip).send({ email, password });

  it('locks an account after 3 failed logins, whatever the IP, with 429, Retry-After and an audit row', async () => {
    const { user, password } = await createUser(s.api, s.prisma);
    for (let i = 0; i < 3; i += 1) await loginFrom(`10.1.0.${i}`, user.email, 'wrong-password').expect(401);
    const res = await loginFrom('10.1.0.99', user.email, password).expect(429);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.type).toBe(ProblemType.RateLimited);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(600);
    const audit = await s.prisma.auditLog.findFirstOrThrow({
      where: { action: 'auth.login_failed', actorEmail: user.email, outcome: 'denied' },
    });
    expect(audit).toMatchObject({ ip: '10.1.0.99', details: { reason: 'rate_limited' } });

    const bystander = await createUser(s.api, s.prisma);
    await loginFrom('10.1.0.98', bystander.user.email, bystander.password).expect(200);
  });

  it('forgets failures after a successful login', async () => {
    const { user, password } = await createUser(s.api, s.prisma);
    await loginFrom('10.2.0.1', user.email, 'wrong-password').expect(401);
    await loginFrom('10.2.0.2', user.email, 'wrong-password').expect(401);
    await loginFrom('10.2.0.3', user.email, password).expect(200);
    await loginFrom('10.2.0.4', user.email, 'wrong-password').expect(401);
    await loginFrom('10.2.0.5', user.email, 'wrong-password').expect(401);
    await loginFrom('10.2.0.6', user.email, password).expect(200);
  });

  it('limits login attempts per client IP across accounts', async () => {
    for (let i = 0; i < 5; i += 1) await loginFrom('10.3.0.1', `someone-${i}@example.test`, 'whatever-password').expect(401);
    const res = await loginFrom('10.3.0.1', 'someone-else@example.test', 'whatever-password').expect(429);
    expect(res.headers['retry-after']).toBeDefined();
    await loginFrom('10.3.0.2', 'someone-else@example.test', 'whatever-password').expect(401);
  });

  it('limits each user across the whole API with 429 and Retry-After, leaving others and probes alone', async () => {
    const busy = await createUser(s.api, s.prisma);
    const calm = await createUser(s.api, s.prisma);
    for (let i = 0; i < 10; i += 1) await s.api.http.get('/api/v1/stores').set(busy.auth).expect(200);
    const res = await s.api.http.get('/api/v1/auth/me').set(busy.auth).expect(429);
    expect(res.body).toMatchObject({ type: ProblemType.RateLimited, status: 429 });
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
    await s.api.http.get('/api/v1/stores').set(calm.auth).expect(200);
    for (let i = 0; i < 15; i += 1) await s.api.http.get('/api/v1/health').expect(200);
  });

  it('limits anonymous callers of public routes per IP', async () => {
    for (let i = 0; i < 10; i += 1)
      await s.api.http
        .post('/api/v1/auth/refresh')
        .set('X-Forwarded-For', '10.4.0.1')
        .set(CSRF_HEADER, '1')
        .set('Cookie', 'storefleet_session=nope')
        .expect(401);
    await s.api.http
      .post('/api/v1/auth/refresh')
      .set('X-Forwarded-For', '10.4.0.1')
      .set(CSRF_HEADER, '1')
      .set('Cookie', 'storefleet_session=nope')
      .expect(429);
  });
});
