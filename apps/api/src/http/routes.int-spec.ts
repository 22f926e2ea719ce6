import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { ProblemType } from '@storefleet/contracts';

import { createUser } from '../testing/factories.js';
import { apiSuite } from '../testing/suite.js';
import { startTestApi, type TestApi } from '../testing/test-api.js';
import { RouteCatalog, type RouteEntry } from './route-catalog.js';

/** Every route Nest registered, from its own metadata (the catalog the OpenAPI document and 405s use). */
function registeredRoutes(api: TestApi): RouteEntry[] {
  return api.app.get(RouteCatalog).routes();
}

/** The routes Express actually dispatches (what an attacker can reach), without Nest's catch-all 404 handlers. */
function expressRoutes(api: TestApi): string[] {
  const app = api.app.getHttpAdapter().getInstance() as {
    router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
  };
  return app.router.stack
    .filter((layer) => layer.route?.path.startsWith('/api/v1/') && !layer.route.path.includes('*'))
    .flatMap((layer) =>
      Object.keys(layer.route!.methods)
        .filter((m) => m !== '_all')
        .map((m) => `${m.toUpperCase()} ${layer.route!.path}`),
    );
}

interface OpenApiSchema {
  type?: string;
  enum?: string[];
  properties?: Record<string, OpenApiSchema>;
  additionalProperties?: boolean;
  not?: OpenApiSchema;
  [keyword: string]: unknown;
}
interface OpenApiOperation {
  parameters?: { name: string; in: string; schema: OpenApiSchema }[];
  responses: Record<string, { content?: unknown }>;
  security?: unknown;
}
interface OpenApiDoc {
  openapi: string;
  paths: Record<string, Record<string, OpenApiOperation | undefined>>;
  components: { schemas: Record<string, OpenApiSchema | undefined>; securitySchemes: Record<string, unknown> };
  security: unknown;
}

function securityHeadersOf(headers: Record<string, unknown>) {
  return {
    csp: headers['content-security-policy'],
    xFrameOptions: headers['x-frame-options'],
    nosniff: headers['x-content-type-options'],
    referrerPolicy: headers['referrer-policy'],
    hsts: headers['strict-transport-security'],
  };
}

describe('HTTP surface', () => {
  const s = apiSuite('routes');

  describe('every route is authenticated unless explicitly public', () => {
    it('finds the same routes in Nest metadata as Express dispatches', () => {
      const fromMetadata = registeredRoutes(s.api)
        .map((r) => `${r.method} ${r.path}`)
        .sort();
      expect(fromMetadata.length).toBeGreaterThan(15);
      expect(fromMetadata).toEqual(expressRoutes(s.api).sort());
    });

    it('marks exactly the expected routes public', () => {
      const publicRoutes = registeredRoutes(s.api)
        .filter((r) => r.isPublic)
        .map((r) => `${r.method} ${r.path}`)
        .sort();
      expect(publicRoutes).toEqual([
        'GET /api/v1/health',
        'GET /api/v1/metrics',
        'GET /api/v1/ready',
        'POST /api/v1/auth/login',
        'POST /api/v1/auth/logout',
        'POST /api/v1/auth/refresh',
      ]);
    });

    it('answers 401 problem+json to an anonymous request on every other route', async () => {
      const guarded = registeredRoutes(s.api).filter((r) => !r.isPublic);
      for (const route of guarded) {
        const url = route.path.replace(/:[A-Za-z]+/g, '7b0c6f1e-3c1f-4a57-9a4e-2f7d6f2b9e11');
        const res = await s.api.http[route.method.toLowerCase() as 'get' | 'post' | 'patch' | 'delete'](url).send({});
        expect({ route: `${route.method} ${route.path}`, status: res.status, type: res.body.type }).toEqual({
          route: `${route.method} ${route.path}`,
          status: 401,
          type: ProblemType.Unauthorized,
        });
      }
    });

    it('declares the audit action of every mutating route', () => {
      const unaudited = registeredRoutes(s.api).filter((r) => r.method !== 'GET' && !r.audited);
      expect(unaudited).toEqual([]);
    });
  });

  describe('errors are problem+json', () => {
    let auth: { Authorization: string };
    beforeAll(async () => {
      auth = (await createUser(s.api, s.prisma)).auth;
    });

    it('answers an unknown API path with a 404 problem carrying the request id', async () => {
      const res = await s.api.http.get('/api/v1/nothing-here').set(auth).expect(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({ type: ProblemType.NotFound, status: 404, instance: '/api/v1/nothing-here' });
      expect(res.body.requestId).toBe(res.headers['x-request-id']);
      expect(res.body.stack).toBeUndefined();
    });

    it('refuses malformed JSON with a 400 problem', async () => {
      const res = await s.api.http
        .post('/api/v1/stores')
        .set(auth)
        .set('Content-Type', 'application/json')
        .send('{"name": "abc",')
        .expect(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({ type: ProblemType.Validation, detail: 'The request body is not valid JSON' });
    });

    it('refuses unknown body fields and names them', async () => {
      const res = await s.api.http
        .post('/api/v1/stores')
        .set(auth)
        .send({ name: 'extra-field', engine: 'medusa', ownerId: 'someone-else' })
        .expect(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'ownerId' })]);
      expect(await s.prisma.store.count({ where: { name: 'extra-field' } })).toBe(0);
    });

    it('refuses unknown query parameters', async () => {
      const res = await s.api.http.get('/api/v1/stores?colour=blue').set(auth).expect(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'colour' })]);
    });

    it('refuses bodies over 100 kB', async () => {
      const res = await s.api.http
        .post('/api/v1/stores')
        .set(auth)
        .send({ name: 'big', engine: 'medusa', pad: 'x'.repeat(200_000) });
      expect(res.status).toBe(413);
      expect(res.headers['content-type']).toContain('application/problem+json');
    });

    it('generates a request id when the caller sends none, and keeps a sane one it sends', async () => {
      const generated = await s.api.http.get('/api/v1/health').expect(200);
      expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      const kept = await s.api.http.get('/api/v1/health').set('X-Request-Id', 'trace-123').expect(200);
      expect(kept.headers['x-request-id']).toBe('trace-123');
      const replaced = await s.api.http.get('/api/v1/health').set('X-Request-Id', 'bad id with spaces').expect(200);
      expect(replaced.headers['x-request-id']).not.toBe('bad id with spaces');
    });
  });

  describe('methods', () => {
    it('answers a method a path does not have (TRACE, PUT) with 405 and Allow, not 404', async () => {
      const auth = (await createUser(s.api, s.prisma)).auth;
      const trace = await s.api.http.trace('/api/v1/stores').set(auth).expect(405);
      expect(trace.headers.allow).toBe('GET, HEAD, OPTIONS, POST');
      const put = await s.api.http.put('/api/v1/stores/7b0c6f1e-3c1f-4a57-9a4e-2f7d6f2b9e11').set(auth).send({}).expect(405);
      expect(put.headers.allow).toBe('DELETE, GET, HEAD, OPTIONS');
      expect(put.headers['content-type']).toContain('application/problem+json');
      expect(put.body).toMatchObject({ type: ProblemType.MethodNotAllowed, status: 405 });
      // Even before authentication: the method is wrong whoever asks.
      await s.api.http.delete('/api/v1/auth/login').expect(405);
      await s.api.http.trace('/api/v1/nothing-here').expect(404);
    });
  });

  describe('OpenAPI', () => {
    // Swagger's document is built when first served; the test reads what a client downloads.
    let doc: OpenApiDoc;
    beforeAll(async () => {
      doc = (await s.api.http.get('/api/docs-json').expect(200)).body as OpenApiDoc;
    });

    it('serves a document generated from the code, and an interactive UI', async () => {
      expect(doc.openapi).toMatch(/^3\./);
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining(['/api/v1/stores', '/api/v1/stores/{id}', '/api/v1/auth/login', '/api/v1/ops/jobs/{id}/retry']),
      );
      expect(doc.paths['/api/v1/stores']!.post!.responses['202']).toBeDefined();
      expect(doc.components.schemas.CreateStoreDto!.properties!.engine!.enum).toEqual(['woocommerce', 'medusa']);
      expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
      const ui = await s.api.http.get('/api/docs').redirects(1).expect(200);
      expect(ui.text).toContain('swagger-ui');
    });

    it('types integers as integers and states the constraints the validation enforces', () => {
      const limit = doc.paths['/api/v1/stores']!.get!.parameters!.find((p) => p.name === 'limit')!;
      expect(limit.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 100 });
      const create = doc.components.schemas.CreateStoreDto!;
      expect(create.additionalProperties).toBe(false);
      expect(create.properties!.name).toMatchObject({ minLength: 3, maxLength: 40, pattern: '^[a-z0-9]([a-z0-9-]*[a-z0-9])?$' });
      expect(create.properties!.name!.not!.enum).toContain('admin');
      expect(doc.components.schemas.CreateUserDto!.properties!.password).toMatchObject({ minLength: 12, maxLength: 256 });
      expect(doc.components.schemas.UpdateUserDto!.properties!.maxLiveStores).toMatchObject({
        type: 'integer',
        nullable: true,
        minimum: 0,
      });
    });

    it('lists every error status a route answers, each as application/problem+json', () => {
      const statuses = (path: string, method: string) => Object.keys(doc.paths[path]![method]!.responses).sort();
      expect(statuses('/api/v1/stores', 'post')).toEqual(['202', '400', '401', '404', '409', '413', '422', '429', '503']);
      expect(statuses('/api/v1/stores/{id}', 'get')).toEqual(['200', '401', '404', '429', '503']);
      expect(statuses('/api/v1/users', 'get')).toEqual(['200', '400', '401', '403', '429', '503']);
      expect(statuses('/api/v1/auth/refresh', 'post')).toEqual(['200', '401', '403', '429', '503']);
      expect(statuses('/api/v1/health', 'get')).toEqual(['200']);
      const problem = doc.paths['/api/v1/stores']!.post!.responses['409']!;
      expect(problem.content).toEqual({ 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } });
      expect(doc.paths['/api/v1/health']!.get!.security).toEqual([]);
      expect(doc.paths['/api/v1/auth/refresh']!.post!.security).toEqual([{ session: [] }]);
      expect(doc.security).toEqual([{ bearer: [] }]);
    });
  });

  describe('dashboard', () => {
    let dir: string;
    let withDashboard: TestApi;
    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'dashboard-'));
      await mkdir(path.join(dir, 'assets'));
      await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>Storefleet</title><div id="root"></div>');
      await writeFile(path.join(dir, 'assets', 'app.js'), 'console.log("app")');
      withDashboard = await startTestApi({ databaseUrl: s.db.appUrl, prefix: `${s.prefix}-spa`, env: { DASHBOARD_DIR: dir } });
    });
    afterAll(async () => {
      await withDashboard.close();
      await rm(dir, { recursive: true, force: true });
    });

    it('serves the app at /, its assets, and index.html for client-side routes', async () => {
      expect((await withDashboard.http.get('/').expect(200)).text).toContain('<div id="root">');
      expect((await withDashboard.http.get('/assets/app.js').expect(200)).text).toContain('console.log');
      const deepLink = await withDashboard.http
        .get('/stores/7b0c6f1e-3c1f-4a57-9a4e-2f7d6f2b9e11')
        .set('Accept', 'text/html')
        .expect(200);
      expect(deepLink.text).toContain('<div id="root">');
    });

    it('sends the security headers on the app, its assets and the API', async () => {
      for (const path of ['/', '/assets/app.js', '/api/v1/health', '/api/v1/nope']) {
        const res = await withDashboard.http.get(path);
        expect({ path, ...securityHeadersOf(res.headers) }).toEqual({
          path,
          csp: expect.stringContaining("default-src 'self'"),
          xFrameOptions: 'DENY',
          nosniff: 'nosniff',
          referrerPolicy: 'no-referrer',
          hsts: undefined,
        });
        const csp = res.headers['content-security-policy'] as string;
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).toContain("script-src 'self';");
        expect(csp).not.toContain('unsafe');
      }
    });

    it('sends HSTS only when the request came over TLS', async () => {
      const tls = await withDashboard.http.get('/').set('X-Forwarded-Proto', 'https').expect(200);
      expect(tls.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      const plain = await withDashboard.http.get('/').expect(200);
      expect(plain.headers['strict-transport-security']).toBeUndefined();
    });

    it('still answers API paths and missing assets with 404, not the app', async () => {
      const api = await withDashboard.http.get('/api/v1/nope').set('Accept', 'text/html').expect(404);
      expect(api.headers['content-type']).toContain('application/problem+json');
      await withDashboard.http.get('/assets/missing.js').expect(404);
      await withDashboard.http.get('/api/v1/health').expect(200);
    });
  });
});
