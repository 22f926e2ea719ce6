/**
 * API benchmark: seeds 10,000 stores, then measures listing a page of stores
 * and creating stores against a running API, printing requests per second and
 * p50/p99 latency.
 *
 *   bash scripts/with-env.sh npx tsx scripts/bench/api.ts
 *
 * Environment: API_URL (default http://127.0.0.1:3000), ADMIN_EMAIL and
 * ADMIN_PASSWORD (an admin of that API), DATABASE_URL (the same database, for
 * seeding). Options: --seed=10000 --list=2000 --create=500 --concurrency=16
 * --owners=20.
 *
 * The 10,000 stores are inserted straight into Postgres (status "ready"):
 * creating them through the API would start 10,000 provisioning pipelines.
 * Creates are measured through the API and each enqueues a real provisioning
 * job, so run it against an API whose QUEUE_PREFIX no worker serves, and with
 * API_RATE_LIMIT and LOGIN_RATE_LIMIT_PER_IP raised (the defaults would throttle it).
 * Everything is tagged with a run id; --cleanup deletes the run's stores and owners afterwards.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';

import pg from 'pg';

const args = Object.fromEntries(
  process.argv.slice(2).map((arg) => {
    const [key, value] = arg.replace(/^--/, '').split('=');
    return [key ?? '', value ?? 'true'];
  }),
);
const num = (name: string, fallback: number) => Number(args[name] ?? fallback);

const API = (process.env.API_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
const SEED = num('seed', 10_000);
const LIST = num('list', 2_000);
const CREATE = num('create', 500);
const CONCURRENCY = num('concurrency', 16);
const OWNERS = num('owners', 20);
const RUN = randomUUID().slice(0, 8);

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

async function call(method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${API}/api/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as unknown) : null };
}

async function expectOk<T>(promise: Promise<{ status: number; json: unknown }>, what: string): Promise<T> {
  const { status, json } = await promise;
  if (status >= 300) throw new Error(`${what}: HTTP ${status} ${JSON.stringify(json)}`);
  return json as T;
}

interface Result {
  name: string;
  requests: number;
  seconds: number;
  statuses: Record<number, number>;
  p50: number;
  p99: number;
}

/** Closed loop: `concurrency` clients each send requests back to back until `total` are done. */
async function measure(
  name: string,
  total: number,
  concurrency: number,
  request: (i: number) => Promise<number>,
): Promise<Result> {
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t = performance.now();
        const status = await request(i);
        latencies.push(performance.now() - t);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { name, requests: total, seconds, statuses, p50: at(0.5), p99: at(0.99) };
}

function print(result: Result): void {
  const rps = (result.requests / result.seconds).toFixed(0);
  console.log(
    `${result.name.padEnd(34)} ${String(result.requests).padStart(6)} req  ${rps.padStart(6)} req/s  p50 ${result.p50.toFixed(1).padStart(7)} ms  p99 ${result.p99.toFixed(1).padStart(7)} ms  statuses ${JSON.stringify(result.statuses)}`,
  );
}

async function main(): Promise<void> {
  const admin = await expectOk<{ accessToken: string }>(
    call('POST', '/auth/login', undefined, { email: required('ADMIN_EMAIL'), password: required('ADMIN_PASSWORD') }),
    'admin login',
  );
  const db = new pg.Client({ connectionString: required('DATABASE_URL') });
  await db.connect();
  try {
    await run(admin.accessToken, db);
  } finally {
    await db.end();
  }
}

async function run(adminToken: string, db: pg.Client): Promise<void> {
  const admin = { accessToken: adminToken };

  // Owners with limits high enough that the benchmark measures the API, not the limits.
  const owners: { id: string; token: string }[] = [];
  for (let i = 0; i < OWNERS; i += 1) {
    const email = `bench-${RUN}-${i}@bench.invalid`;
    const password = `bench-password-${randomUUID()}`;
    const user = await expectOk<{ id: string }>(
      call('POST', '/users', admin.accessToken, { email, password, role: 'owner' }),
      'create owner',
    );
    await expectOk(
      call('PATCH', `/users/${user.id}`, admin.accessToken, {
        maxLiveStores: 10_000,
        maxProvisioningStores: 10_000,
        maxCreatesPerHour: 10_000,
      }),
      'raise limits',
    );
    const session = await expectOk<{ accessToken: string }>(
      call('POST', '/auth/login', undefined, { email, password }),
      'owner login',
    );
    owners.push({ id: user.id, token: session.accessToken });
  }

  const seedStart = performance.now();
  // All seeded stores belong to the first owner, so "list my stores" pages through 10,000 rows.
  await db.query(
    `INSERT INTO stores (id, name, live_name, engine, plan, owner_id, status, namespace, provision_attempts, requested_at, ready_at, updated_at)
     SELECT gen_random_uuid(), n, n, (CASE WHEN i % 2 = 0 THEN 'woocommerce' ELSE 'medusa' END)::"StoreEngine", 'small', $2::uuid, 'ready',
            'store-' || n, 1, now() - make_interval(secs => i), now(), now()
       FROM generate_series(1, $1::int) AS i, LATERAL (SELECT 'b' || $3::text || '-' || i AS n) AS names`,
    [SEED, owners[0]!.id, RUN],
  );
  console.log(`seeded ${SEED} stores in ${((performance.now() - seedStart) / 1000).toFixed(1)} s (run ${RUN})`);

  const owner = owners[0]!;
  const firstPage = await expectOk<{ nextCursor: string }>(call('GET', '/stores?limit=20', owner.token), 'first page');
  const results: Result[] = [];
  results.push(
    await measure(
      'list first page (owner, 10k stores)',
      LIST,
      CONCURRENCY,
      async () => (await call('GET', '/stores?limit=20', owner.token)).status,
    ),
  );
  results.push(
    await measure(
      'list next page by cursor (owner)',
      LIST,
      CONCURRENCY,
      async () => (await call('GET', `/stores?limit=20&cursor=${firstPage.nextCursor}`, owner.token)).status,
    ),
  );
  results.push(
    await measure(
      'list first page (admin, all stores)',
      LIST,
      CONCURRENCY,
      async () => (await call('GET', '/stores?limit=20', admin.accessToken)).status,
    ),
  );
  // The first owner is at its live-store limit with the seeded stores; the others create.
  const creators = owners.length > 1 ? owners.slice(1) : owners;
  results.push(
    await measure('create store (202 + job enqueued)', CREATE, CONCURRENCY, async (i) => {
      const by = creators[i % creators.length]!;
      return (await call('POST', '/stores', by.token, { name: `c${RUN}-${i}`, engine: 'woocommerce' })).status;
    }),
  );

  console.log();
  console.log(`API ${API}, concurrency ${CONCURRENCY}, ${OWNERS} owners (creates spread over them)`);
  console.log(
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}`,
  );
  for (const result of results) print(result);

  if (args.cleanup === 'true') {
    const ids = owners.map((o) => o.id);
    // Bench data never reached a cluster: remove the rows outright (a queued job whose store is gone stops itself).
    const stores = await db.query('DELETE FROM stores WHERE owner_id = ANY($1::uuid[])', [ids]);
    await db.query('DELETE FROM users WHERE id = ANY($1::uuid[])', [ids]);
    console.log(`cleanup: removed ${stores.rowCount} bench stores and ${ids.length} bench owners`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
