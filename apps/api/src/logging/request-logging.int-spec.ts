import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';

import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '@storefleet/testing';
import { PinoLogger } from 'nestjs-pino';

import { login } from '../testing/factories.js';
import { clearRedisPrefix, startTestApi, TEST_ADMIN, type TestApi } from '../testing/test-api.js';

interface Line {
  level: number;
  msg: string;
  reqId?: string;
  userId?: string;
  method?: string;
  url?: string;
  statusCode?: number;
  remoteAddress?: string;
  userAgent?: string;
  responseTime?: number;
}

/** The API at LOG_LEVEL=debug, its log lines captured as pino writes them (JSON, one a line). */
describe('request logging', () => {
  jest.setTimeout(60_000);
  let db: TestDatabase;
  let api: TestApi;
  let raw = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      raw += chunk.toString();
      done();
    },
  });
  const lines = (): Line[] =>
    raw
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Line);
  /** The line a request closed with (its id is the X-Request-Id the test sent). */
  const lineOf = async (reqId: string): Promise<Line | undefined> => {
    // The line is written when the response closes, just after the client has it.
    for (let i = 0; i < 50; i++) {
      const found = lines().find((l) => l.reqId === reqId && l.msg.startsWith('request'));
      if (found) return found;
      await new Promise((r) => setTimeout(r, 20));
    }
    return undefined;
  };

  beforeAll(async () => {
    db = await createTestDatabase('request_logging');
    api = await startTestApi({
      databaseUrl: db.appUrl,
      prefix: `test-logging-${randomUUID().slice(0, 8)}`,
      env: { LOG_LEVEL: 'debug', LOG_FORMAT: 'json' },
      logDestination: sink,
    });
  });
  afterAll(async () => {
    await clearRedisPrefix(api);
    await api.close();
    await db.drop();
  });

  it('closes a read with one debug line: method, URL with tokens masked, client, user, status and time; no credentials', async () => {
    const { accessToken } = await login(api, TEST_ADMIN.email, TEST_ADMIN.password);
    await api.http
      .get('/api/v1/stores?limit=1')
      .set('Authorization', `Bearer ${accessToken}`)
      .set('User-Agent', 'log-test')
      .set('X-Request-Id', 'log-read-1')
      .expect(200);
    const line = await lineOf('log-read-1');
    expect(line).toMatchObject({
      level: 20,
      msg: 'request completed',
      method: 'GET',
      url: '/api/v1/stores?limit=1',
      remoteAddress: '127.0.0.1',
      userAgent: 'log-test',
      statusCode: 200,
      userId: expect.any(String),
    });
    expect(line?.responseTime).toEqual(expect.any(Number));
    expect(lines().filter((l) => l.reqId === 'log-read-1' && l.msg.startsWith('request'))).toHaveLength(1);
    expect(raw).not.toContain(accessToken);
    // A token in a query (the live stream takes one) is masked, even on a request refused for it.
    await api.http.get('/api/v1/stores?access_token=secret-in-query').set('X-Request-Id', 'log-query-token').expect(401);
    expect(await lineOf('log-query-token')).toMatchObject({ url: '/api/v1/stores?access_token=[redacted]', statusCode: 401 });
    expect(raw).not.toContain('secret-in-query');
    expect(raw).not.toContain(TEST_ADMIN.password);
  });

  it('logs a change at info, a refusal at warn and a failure to sign in without its password', async () => {
    await api.http
      .post('/api/v1/auth/login')
      .set('X-Request-Id', 'log-login-1')
      .send({ email: TEST_ADMIN.email, password: 'wrong-password-1' })
      .expect(401);
    expect(await lineOf('log-login-1')).toMatchObject({
      level: 40,
      method: 'POST',
      url: '/api/v1/auth/login',
      statusCode: 401,
    });
    expect(raw).not.toContain('wrong-password-1');

    await api.http
      .post('/api/v1/auth/login')
      .set('X-Request-Id', 'log-login-2')
      .send({ email: TEST_ADMIN.email, password: TEST_ADMIN.password })
      .expect(200);
    expect(await lineOf('log-login-2')).toMatchObject({ level: 30, statusCode: 200 });
  });

  it('leaves probes unlogged', async () => {
    await api.http.get('/api/v1/health').set('X-Request-Id', 'log-health-1').expect(200);
    await api.http.get('/api/v1/stores').set('X-Request-Id', 'log-after-health').expect(401);
    // The 401 is logged, so the health check's line would have been written before it.
    expect(await lineOf('log-after-health')).toMatchObject({ level: 40, statusCode: 401 });
    expect(lines().some((l) => l.reqId === 'log-health-1')).toBe(false);
  });

  it('at LOG_LEVEL=info, writes no line for a successful read', async () => {
    const { accessToken } = await login(api, TEST_ADMIN.email, TEST_ADMIN.password);
    PinoLogger.root.level = 'info';
    try {
      await api.http
        .get('/api/v1/stores')
        .set('Authorization', `Bearer ${accessToken}`)
        .set('X-Request-Id', 'log-quiet-read')
        .expect(200);
      await api.http
        .get('/api/v1/stores/not-a-uuid')
        .set('Authorization', `Bearer ${accessToken}`)
        .set('X-Request-Id', 'log-loud-read');
      expect(await lineOf('log-loud-read')).toMatchObject({ level: 40 });
      expect(lines().some((l) => l.reqId === 'log-quiet-read')).toBe(false);
    } finally {
      PinoLogger.root.level = 'debug';
    }
  });
});
