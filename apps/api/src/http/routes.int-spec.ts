import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { ProblemType } from '@storefleet/contracts';

import { AUDITED } from '../audit/audited.js';
import { IS_PUBLIC } from '../auth/decorators.js';
import { createUser } from '../testing/factories.js';
import { apiSuite } from '../testing/suite.js';
import { startTestApi, type TestApi } from '../testing/test-api.js';

interface RouteInfo {
  method: string;
  path: string;
  isPublic: boolean;
  audited: boolean;
}

/** Every route Nest registered, from its own metadata, with the guards' view of it. */
function registeredRoutes(api: TestApi): RouteInfo[] {
  const discovery = api.app.get(DiscoveryService, { strict: false });
  const scanner = api.app.get(MetadataScanner, { strict: false });
  const routes: RouteInfo[] = [];
  for (const wrapper of discovery.getControllers()) {
    const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
    if (!controller || !wrapper.instance) continue;
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    const prototype = Object.getPrototypeOf(wrapper.instance) as Record<string, unknown>;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name] as object;
      const routePath = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (routePath === undefined || method === undefined) continue;
      const full = `/api/v1/${[base, routePath].filter((p) => p && p !== '/').join('/')}`.replace(/\/+/g, '/').replace(/\/$/, '');
      routes.push({
        method: RequestMethod[method],
        path: full,
        isPublic: !!(Reflect.getMetadata(IS_PUBLIC, handler) ?? Reflect.getMetadata(IS_PUBLIC, controller)),
        audited: !!Reflect.getMetadata(AUDITED, handler),
      });
    }
  }
  return routes;
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

  describe('OpenAPI', () => {
    it('serves a document generated from the code, and an interactive UI', async () => {
      const doc = await s.api.http.get('/api/docs-json').expect(200);
      expect(doc.body.openapi).toMatch(/^3\./);
      expect(Object.keys(doc.body.paths)).toEqual(
        expect.arrayContaining(['/api/v1/stores', '/api/v1/stores/{id}', '/api/v1/auth/login', '/api/v1/ops/jobs/{id}/retry']),
      );
      expect(doc.body.paths['/api/v1/stores'].post.responses['202']).toBeDefined();
      expect(doc.body.components.schemas.CreateStoreDto.properties.engine.enum).toEqual(['woocommerce', 'medusa']);
      expect(doc.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
      const ui = await s.api.http.get('/api/docs').redirects(1).expect(200);
      expect(ui.text).toContain('swagger-ui');
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

    it('still answers API paths and missing assets with 404, not the app', async () => {
      const api = await withDashboard.http.get('/api/v1/nope').set('Accept', 'text/html').expect(404);
      expect(api.headers['content-type']).toContain('application/problem+json');
      await withDashboard.http.get('/assets/missing.js').expect(404);
      await withDashboard.http.get('/api/v1/health').expect(200);
    });
  });
});
