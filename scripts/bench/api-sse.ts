/**
 * `npm run bench:sse`: how many live-stream clients one API process holds and
 * how long a store's status change takes to reach all of them.
 *
 * For each level (--levels=250,1000,2000 by default) it opens that many
 * concurrent GET /api/v1/stores/stream connections (as an admin, who sees
 * every store), then --rounds=5 times changes a store's status the way the
 * worker does (StoreLifecycle.transition: transition, audit, announce) and times, per
 * client, from just before the publish to the arrival of the event naming
 * that store. It prints the time to open the streams, the API's resident
 * memory, and per round p50/p99/max fan-out latency and how many clients got
 * the event. The clients run in this process, so on a small machine they
 * compete with the API for CPU: the figures are an upper bound.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { performance } from 'node:perf_hooks';

import { createPrismaClient, StoreLifecycle } from '@storefleet/db';
import { startBenchStack } from '@storefleet/testing';
import { Redis } from 'ioredis';

const args = Object.fromEntries(
  process.argv.slice(2).map((arg) => {
    const [key, value] = arg.replace(/^--/, '').split('=');
    return [key ?? '', value ?? 'true'];
  }),
);
const LEVELS = (args.levels ?? '250,1000,2000').split(',').map(Number);
const ROUNDS = Number(args.rounds ?? 5);

interface Client {
  request: http.ClientRequest;
  /**
   * Resolves with the arrival time of the next event naming the store (its id,
   * whatever the payload calls the field) with that status.
   */
  waitFor(storeId: string, status: string): Promise<number>;
}

const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });

function openStream(url: string, token: string): Promise<Client> {
  return new Promise((resolve, reject) => {
    const waiters: { needle: string; status: string; resolve: (t: number) => void }[] = [];
    let buffer = '';
    const request = http.get(
      url,
      { agent, headers: { Accept: 'text/event-stream', Authorization: `Bearer ${token}` } },
      (res) => {
        if (res.statusCode !== 200) {
          reject(new Error(`stream answered ${res.statusCode}`));
          res.resume();
          return;
        }
        res.setEncoding('utf8');
        let connected = false;
        res.on('data', (chunk: string) => {
          const now = performance.now();
          buffer += chunk;
          if (!connected && buffer.includes(': connected')) {
            connected = true;
            resolve({
              request,
              waitFor: (storeId, status) => new Promise((r) => waiters.push({ needle: `"${storeId}"`, status, resolve: r })),
            });
          }
          let split: number;
          while ((split = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, split);
            buffer = buffer.slice(split + 2);
            if (!block.startsWith('event:')) continue;
            for (let i = waiters.length - 1; i >= 0; i -= 1) {
              const w = waiters[i]!;
              if (block.includes(w.needle) && block.includes(`"status":"${w.status}"`)) {
                waiters.splice(i, 1);
                w.resolve(now);
              }
            }
          }
        });
        res.on('error', reject);
      },
    );
    request.on('error', reject);
  });
}

function rssMiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

async function main(): Promise<void> {
  // Heartbeats every 15 s as in production; the stream's token outlives the run.
  const stack = await startBenchStack('bench_sse');
  const prisma = createPrismaClient({ url: stack.db.appUrl, poolSize: 2 });
  const redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: null });
  const clients: Client[] = [];
  try {
    const owner = await prisma.user.findUniqueOrThrow({ where: { email: stack.adminEmail } });
    const store = await prisma.store.create({
      data: {
        name: `sse-${stack.prefix.slice(-6)}`,
        liveName: `sse-${stack.prefix.slice(-6)}`,
        engine: 'woocommerce',
        ownerId: owner.id,
        namespace: `store-sse-${stack.prefix.slice(-6)}`,
        status: 'ready',
      },
    });
    const idleRss = rssMiB(stack.apiPid);
    console.log(
      `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    console.log(`API idle: ${idleRss.toFixed(0)} MiB RSS\n`);
    console.log(
      `${'clients'.padStart(7)} ${'open s'.padStart(7)} ${'RSS MiB'.padStart(8)}  fan-out per round: received, p50 / p99 / max ms`,
    );
    // Alternate between two statuses the store may move between.
    let status: 'ready' | 'degraded' = 'ready';
    // The same writer the worker uses: transition + audit row, then the announcement.
    const lifecycle = new StoreLifecycle({
      db: prisma,
      publisher: redis,
      jobs: null,
      defaultLimits: { maxLiveStores: 5, maxProvisioningStores: 2, maxCreatesPerHour: 10 },
    });
    for (const level of LEVELS) {
      const opening = performance.now();
      while (clients.length < level) {
        const batch = Math.min(100, level - clients.length);
        clients.push(
          ...(await Promise.all(Array.from({ length: batch }, () => openStream(`${stack.apiUrl}/stores/stream`, stack.token)))),
        );
      }
      const openSeconds = (performance.now() - opening) / 1000;
      await new Promise((r) => setTimeout(r, 1_000));
      const rounds: string[] = [];
      for (let round = 0; round < ROUNDS; round += 1) {
        status = status === 'ready' ? 'degraded' : 'ready';
        const arrivals = clients.map((c) => c.waitFor(store.id, status));
        const t0 = performance.now();
        await lifecycle.transition(store.id, status, {
          audit: { action: status === 'ready' ? 'store.ready' : 'store.degraded', outcome: 'success' },
        });
        const settled = await Promise.all(
          arrivals.map((p) => Promise.race([p, new Promise<number>((r) => setTimeout(() => r(Number.NaN), 10_000))])),
        );
        const latencies = settled
          .filter((t) => !Number.isNaN(t))
          .map((t) => t - t0)
          .sort((a, b) => a - b);
        rounds.push(
          `${latencies.length}/${clients.length}: ${quantile(latencies, 0.5).toFixed(0)} / ${quantile(latencies, 0.99).toFixed(0)} / ${(latencies.at(-1) ?? Number.NaN).toFixed(0)}`,
        );
        await new Promise((r) => setTimeout(r, 300));
      }
      console.log(
        `${String(level).padStart(7)} ${openSeconds.toFixed(1).padStart(7)} ${rssMiB(stack.apiPid).toFixed(0).padStart(8)}  ${rounds.join('  |  ')}`,
      );
    }
  } finally {
    for (const c of clients) c.request.destroy();
    redis.disconnect();
    await prisma.$disconnect();
    await stack.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});
