/**
 * The worker refuses to start against a Redis that may evict keys (BullMQ
 * would lose jobs): a real redis-server with another policy, on its own port.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

import { removeWorkerBuild, startWorkerProcess } from '@storefleet/testing';
import { Redis } from 'ioredis';

import { assertNoEviction } from './redis-policy.js';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

describe('a Redis that may evict keys', () => {
  let server: ChildProcess;
  let url: string;

  beforeAll(async () => {
    const port = await freePort();
    server = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--maxmemory-policy', 'allkeys-lru', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    url = `redis://127.0.0.1:${port}`;
    const until = Date.now() + 10_000;
    for (;;) {
      const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      const ok = await probe.connect().then(
        () => probe.ping(),
        () => null,
      );
      probe.disconnect();
      if (ok === 'PONG') break;
      if (Date.now() > until) throw new Error('redis-server did not start');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }, 30_000);

  afterAll(() => {
    server?.kill('SIGKILL');
    removeWorkerBuild();
  });

  it('fails the start-up check', async () => {
    const redis = new Redis(url);
    try {
      await expect(assertNoEviction(redis)).rejects.toThrow('Redis maxmemory-policy is "allkeys-lru"');
    } finally {
      redis.disconnect();
    }
  });

  it('keeps the worker from starting, with the reason', async () => {
    const worker = await startWorkerProcess(
      {
        DATABASE_URL: process.env.DATABASE_URL!,
        REDIS_URL: url,
        CREDENTIALS_KEY: process.env.CREDENTIALS_KEY!,
        KUBECONFIG: '/nonexistent',
      },
      { waitForStart: false },
    );
    const output: string[] = [];
    worker.child.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    worker.child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    expect(await worker.exited).toBe(1);
    expect(output.join('')).toContain('BullMQ needs "noeviction"');
  }, 120_000);
});
