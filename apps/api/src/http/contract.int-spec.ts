/**
 * The OpenAPI document is a contract the server keeps. Schemathesis (PyPI,
 * property-based, driven by the document alone) generates requests for every
 * operation against the real API, Postgres and Redis and checks that:
 *   - the server never refuses with 400 a request the document allows
 *     (positive_data_acceptance), and does refuse what it forbids
 *     (negative_data_rejection, missing_required_header);
 *   - it never answers a status, content type, header or body the document
 *     does not list (status_code_conformance, content_type_conformance,
 *     response_headers_conformance, response_schema_conformance);
 *   - it never answers 5xx (not_a_server_error);
 *   - an undeclared method gets 405 with Allow (unsupported_method).
 * The live stream never ends, so it is left to live.int-spec.ts.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { repoRoot } from '@storefleet/testing';

import { createUser, insertStore } from '../testing/factories.js';
import { apiSuite } from '../testing/suite.js';
import { encodeCursor } from './pagination.js';

const CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_headers_conformance',
  'response_schema_conformance',
  'positive_data_acceptance',
  'negative_data_rejection',
  'missing_required_header',
  'unsupported_method',
];

// What a valid request may still be answered with: the state of the data
// decides these (unknown ids, a name taken, a limit reached), never the shape
// of the request. 400 is not among them.
const CHECKS_CONFIG = `
[checks.positive_data_acceptance]
expected-statuses = ["2xx", "401", "403", "404", "409", "422", "429"]
`;

/**
 * Values no schema can generate: cursors are opaque (only one the API issued
 * is valid: any other is a 400 by design), and ids of things that exist.
 */
function operationsConfig(values: { path: string; method?: string; parameters: Record<string, string> }[]): string {
  return values
    .map(
      (v) =>
        `[[operations]]\n` +
        (v.method ? `include-name = "${v.method} ${v.path}"\n` : `include-path = ${JSON.stringify(v.path)}\n`) +
        `parameters = { ${Object.entries(v.parameters)
          .map(([k, value]) => `${JSON.stringify(k)} = ${JSON.stringify(value)}`)
          .join(', ')} }\n`,
    )
    .join('\n');
}

function run(command: string, args: string[], env: Record<string, string>): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repoRoot, env: { ...process.env, ...env } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

describe('the OpenAPI document as a contract', () => {
  // Limits high enough that creates are accepted (and their 202 body checked), not refused by a count.
  const s = apiSuite('contract', {
    API_RATE_LIMIT: '1000000',
    DEFAULT_MAX_LIVE_STORES: '100000',
    DEFAULT_MAX_PROVISIONING_STORES: '100000',
    DEFAULT_MAX_CREATES_PER_HOUR: '100000',
    // Offered versions: the document lists them, so upgrades are generated with versions the server accepts.
    WOOCOMMERCE_VERSIONS: '6.8.3-php8.3-apache/10.2.2,6.9.0-php8.3-apache/10.3.0',
    MEDUSA_VERSIONS: '0.2.0',
    // The widest custom-domain rules, as the document states them (narrower settings are 400s naming the rule).
    CUSTOM_DOMAINS_MAX_PER_STORE: '100',
    CUSTOM_DOMAINS_ALLOW_WILDCARDS: 'true',
  });
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'contract-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is kept by the server for every operation Schemathesis generates from it', async () => {
    const admin = await createUser(s.api, s.prisma, { role: 'admin' });
    const store = await insertStore(s.prisma, admin.user.id, { status: 'ready' });
    await insertStore(s.prisma, admin.user.id, { status: 'failed' });
    const other = await s.api.http
      .post('/api/v1/users')
      .set(admin.auth)
      .send({ email: 'contract-other@example.test', password: 'long-enough-password', role: 'owner' })
      .expect(201);
    await s.api.http.get('/api/v1/auth/me').set(admin.auth).expect(200);
    const cursorOf = async (list: string) =>
      ((await s.api.http.get(`/api/v1/${list}?limit=1`).set(admin.auth).expect(200)).body as { nextCursor: string }).nextCursor;
    const config = path.join(dir, 'schemathesis.toml');
    await writeFile(
      config,
      CHECKS_CONFIG +
        operationsConfig([
          { path: '/api/v1/stores', method: 'GET', parameters: { 'query.cursor': await cursorOf('stores') } },
          { path: '/api/v1/users', method: 'GET', parameters: { 'query.cursor': await cursorOf('users') } },
          { path: '/api/v1/audit', method: 'GET', parameters: { 'query.cursor': await cursorOf('audit') } },
          {
            // The store has no backups yet: a cursor in the form the list issues (after a backup of now).
            path: '/api/v1/stores/{id}/backups',
            method: 'GET',
            parameters: {
              'path.id': store.id,
              'query.cursor': encodeCursor([new Date().toISOString(), '00000000-0000-4000-8000-000000000000']),
            },
          },
          { path: '/api/v1/stores/{id}', parameters: { 'path.id': store.id } },
          { path: '/api/v1/stores/{id}/events', parameters: { 'path.id': store.id } },
          { path: '/api/v1/stores/{id}/upgrade', method: 'POST', parameters: { 'path.id': store.id } },
          { path: '/api/v1/users/{id}', parameters: { 'path.id': (other.body as { id: string }).id } },
        ]),
    );
    const junit = path.join(dir, 'junit.xml');
    const { code, output } = await run(
      'bash',
      [
        'scripts/contract/schemathesis.sh',
        '--config-file',
        config,
        'run',
        `${s.api.origin}/api/docs-json`,
        '--url',
        s.api.origin,
        '--header',
        `Authorization: Bearer ${admin.token}`,
        '--checks',
        CHECKS.join(','),
        '--exclude-path',
        '/api/v1/stores/stream',
        '--phases',
        'examples,coverage,fuzzing',
        '--max-examples',
        process.env.CONTRACT_MAX_EXAMPLES ?? '40',
        '--seed',
        process.env.CONTRACT_SEED ?? '1',
        '--workers',
        '1',
        '--report',
        'junit',
        '--report-junit-path',
        junit,
        '--output-truncate',
        'false',
      ],
      { NO_COLOR: '1', SCHEMATHESIS_TELEMETRY: 'false' },
    );
    // The whole report, for reading failures: dist/contract/schemathesis.log
    await mkdir(path.join(repoRoot, 'dist/contract'), { recursive: true });
    await writeFile(path.join(repoRoot, 'dist/contract/schemathesis.log'), output);
    const report = await readFile(junit, 'utf8').catch(() => '');
    const operations = (report.match(/<testcase /g) ?? []).length;
    expect({ code, tail: code === 0 ? '' : output.slice(-12_000) }).toEqual({ code: 0, tail: '' });
    // Every documented operation but the stream was exercised.
    expect(operations).toBeGreaterThanOrEqual(20);
  }, 900_000);
});
