/**
 * `npm run bench:api`: the API against a bare Node baseline doing the same
 * work, side by side in one run, on this machine.
 *
 * It builds the API as `npm start` does, gives it a database of its own
 * (copied from the migrated test template, dropped afterwards: no worker or
 * reconciler ever sees the 10,000 seeded stores) and a private BullMQ/rate
 * limit prefix in the shared Redis (removed afterwards), seeds 10,000 `ready`
 * stores, then drives 16 concurrent clients (autocannon) at:
 *   - GET /api/v1/stores?limit=20 as an admin (the API);
 *   - the same through scripts/bench/api-baseline.ts (node:http + pg + jsonwebtoken);
 *   - GET /api/v1/health (the framework's floor);
 *   - POST /api/v1/stores (202 + a job enqueued; no worker serves the prefix), by the admin alone
 *     and by 16 shop owners at once.
 * and prints req/s, p50, p99 and the API/baseline ratio. The list and its baseline run in
 * alternating rounds (--rounds, the median round is the figure).
 *
 * Options: --seconds=10 --connections=16 --seed=10000 --rounds=3 --profile (CPU profile of the API into
 * dist/bench/profiles) --keep (keep the database and print its URL).
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';

import { freePort, repoRoot, startBenchStack, waitForHttp } from '@storefleet/testing';
import autocannon from 'autocannon';
import pg from 'pg';

const args = Object.fromEntries(
  process.argv.slice(2).map((arg) => {
    const [key, value] = arg.replace(/^--/, '').split('=');
    return [key ?? '', value ?? 'true'];
  }),
);
const num = (name: string, fallback: number) => Number(args[name] ?? fallback);
const SECONDS = num('seconds', 10);
const CONNECTIONS = num('connections', 16);
const SEED = num('seed', 10_000);
const ROUNDS = num('rounds', 3);

interface Row {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  statuses: string;
  /** API list rows: req/s over the baseline's in the same round. */
  ratio?: number;
}

async function load(
  name: string,
  options: { url: string; method?: 'GET' | 'POST'; token: string | string[]; body?: (i: number) => string },
  seconds = SECONDS,
): Promise<Row> {
  let i = 0;
  // Several tokens: request i is sent as tokens[i % n] (several users at once).
  const tokens = typeof options.token === 'string' ? [options.token] : options.token;
  const result = await autocannon({
    url: options.url,
    connections: CONNECTIONS,
    duration: seconds,
    method: options.method ?? 'GET',
    headers: { authorization: `Bearer ${tokens[0]}`, 'content-type': 'application/json' },
    ...(options.body || tokens.length > 1
      ? {
          requests: [
            {
              setupRequest: (req: autocannon.Request) => {
                const n = i++;
                return {
                  ...req,
                  headers: { ...req.headers, authorization: `Bearer ${tokens[n % tokens.length]}` },
                  ...(options.body ? { body: options.body(n) } : {}),
                };
              },
            },
          ],
        }
      : {}),
  });
  const statuses = Object.entries({
    '2xx': result['2xx'],
    '4xx': result['4xx'],
    '5xx': result['5xx'],
    errors: result.errors + result.timeouts,
  })
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k}:${n}`)
    .join(' ');
  return { name, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, statuses };
}

/** n shop owners made by the admin through the API, each signed in: their access tokens. */
async function ownerTokens(apiUrl: string, adminToken: string, n: number, prefix: string): Promise<string[]> {
  const post = async (url: string, body: unknown, token?: string) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`POST ${url}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<{ accessToken?: string }>;
  };
  const password = `bench-${randomBytes(12).toString('hex')}`;
  const tokens: string[] = [];
  for (let k = 0; k < n; k += 1) {
    const email = `${prefix}-owner-${k}@bench.invalid`;
    await post(`${apiUrl}/users`, { email, password, role: 'owner' }, adminToken);
    tokens.push((await post(`${apiUrl}/auth/login`, { email, password })).accessToken!);
  }
  return tokens;
}

function print(rows: Row[]): void {
  console.log(
    `\n${'scenario'.padEnd(48)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'× base'.padStart(7)}  responses`,
  );
  for (const r of rows) {
    const ratio = r.ratio === undefined ? '' : r.ratio.toFixed(2);
    console.log(
      `${r.name.padEnd(48)} ${r.rps.toFixed(0).padStart(8)} ${r.p50.toFixed(1).padStart(8)} ${r.p99.toFixed(1).padStart(8)} ${ratio.padStart(7)}  ${r.statuses}`,
    );
  }
}

async function main(): Promise<void> {
  // --profile: a V8 CPU profile of the API (written when it stops) into dist/bench/profiles.
  const profile = args.profile === 'true' ? ['--cpu-prof', `--cpu-prof-dir=${path.join(repoRoot, 'dist/bench/profiles')}`] : [];
  const stack = await startBenchStack('bench_api', {
    nodeArgs: profile,
    env: {
      DEFAULT_MAX_LIVE_STORES: '1000000',
      DEFAULT_MAX_PROVISIONING_STORES: '1000000',
      DEFAULT_MAX_CREATES_PER_HOUR: '1000000',
      // One sign-in per owner below.
      LOGIN_RATE_LIMIT_PER_IP: '100000',
      LOGIN_RATE_LIMIT_PER_ACCOUNT: '100000',
    },
  });
  const { db, prefix, apiUrl, token } = stack;
  try {
    const basePort = await freePort();
    const base = stack.spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'scripts/bench/api-baseline.ts')], {
      JWT_ISSUER: 'storefleet',
      JWT_AUDIENCE: 'storefleet-api',
      DATABASE_POOL_SIZE: '10',
      PORT: String(basePort),
    });
    await waitForHttp(`http://127.0.0.1:${basePort}/`, base.child, base.output);

    const client = new pg.Client({ connectionString: db.appUrl });
    await client.connect();
    const started = Date.now();
    await client.query(
      `INSERT INTO stores (id, name, live_name, engine, plan, owner_id, status, namespace, provision_attempts, requested_at, ready_at, updated_at)
       SELECT gen_random_uuid(), n, n, (CASE WHEN i % 2 = 0 THEN 'woocommerce' ELSE 'medusa' END)::"StoreEngine", 'small',
              (SELECT id FROM users WHERE email = $2), 'ready', 'store-' || n, 1, now() - make_interval(secs => i), now(), now()
         FROM generate_series(1, $1::int) AS i, LATERAL (SELECT 'seed-' || i AS n) AS names`,
      [SEED, stack.adminEmail],
    );
    await client.query('ANALYZE stores');
    await client.end();
    console.log(`seeded ${SEED} stores in ${((Date.now() - started) / 1000).toFixed(1)} s into ${db.name} (dropped at the end)`);

    const list = { token, url: `${apiUrl}/stores?limit=20` };
    const baseList = { token, url: `http://127.0.0.1:${basePort}/stores?limit=20` };
    // Warm both up (JIT, pools), then measure them in alternating rounds (API first, then the
    // baseline first, …): the host's speed drifts over a minute, and a ratio of two neighbours
    // cancels that drift; the median round is the figure.
    // A full scenario's length each: with 3 s the API's first round still ran at ~75 % of its later ones (JIT).
    await load('warm-up', list);
    await load('warm-up', baseList);
    const rounds: { api: Row; base: Row; ratio: number }[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const base = r % 2 === 1 ? await load('', baseList) : undefined;
      const api = await load('', list);
      const pair = { api, base: base ?? (await load('', baseList)) };
      rounds.push({ ...pair, ratio: pair.api.rps / pair.base.rps });
    }
    const rows: Row[] = [];
    rounds.forEach(({ api, base, ratio }, r) => {
      rows.push({ ...api, name: `list GET /stores?limit=20 (API), round ${r + 1}`, ratio });
      rows.push({ ...base, name: `list, bare node:http baseline, round ${r + 1}` });
    });
    const median = [...rounds].sort((x, y) => x.ratio - y.ratio)[Math.floor(ROUNDS / 2)]!;
    rows.push({ ...median.api, name: 'list (API), median round', ratio: median.ratio });
    rows.push({ ...median.base, name: 'list, baseline, median round' });
    rows.push(await load('GET /health (API, framework floor)', { token, url: `${apiUrl}/health` }));
    rows.push(
      await load('create POST /stores (API, 202)', {
        token,
        url: `${apiUrl}/stores`,
        method: 'POST',
        body: (i) => JSON.stringify({ name: `bench-${prefix.slice(-6)}-${i}`, engine: 'woocommerce' }),
      }),
    );
    // The same, by as many shop owners as there are clients: creates by one owner queue on that
    // owner's row lock (limits are counted under it), so one owner's burst measures the lock.
    const owners = await ownerTokens(apiUrl, token, CONNECTIONS, prefix);
    rows.push(
      await load(`create POST /stores, ${owners.length} owners (API)`, {
        token: owners,
        url: `${apiUrl}/stores`,
        method: 'POST',
        body: (i) => JSON.stringify({ name: `bench-${prefix.slice(-6)}-o${i}`, engine: 'woocommerce' }),
      }),
    );
    console.log(
      `\nmachine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    console.log(`${CONNECTIONS} concurrent clients, ${SECONDS} s per scenario, ${ROUNDS} rounds of the list, ${SEED} stores`);
    print(rows);
  } finally {
    await stack.close(args.keep === 'true');
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});
