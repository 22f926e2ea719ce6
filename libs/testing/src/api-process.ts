/**
 * The built API (scripts/bench/build-api.sh builds it) in a process of its
 * own, as the benchmarks drive it: on a database copied from the migrated test
 * template (or the caller's) and a private Redis prefix, with the first admin
 * signed in. close() stops the processes, removes the prefix's keys and drops
 * the database it made, so nothing is left for a worker or reconciler to act on.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

import { Redis } from 'ioredis';

import { createTestDatabase, type TestDatabase } from './database.js';
import { repoRoot } from './local-env.js';
import { freePort } from './net.js';
import { deleteKeysWithPrefix } from './redis-keys.js';

export const API_MAIN = path.join(repoRoot, 'dist/bench/api/apps/api/src/main.js');

export async function waitForHttp(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: process exited ${child.exitCode}\n${output()}`);
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within 60 s\n${output()}`);
}

export function startProcess(
  command: string,
  argv: string[],
  env: Record<string, string>,
): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(command, argv, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  // Keep only the tail (the API logs every request at info, as in production).
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-5_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { child, output: () => output };
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

export interface BenchStack {
  db: TestDatabase;
  prefix: string;
  apiUrl: string;
  apiPid: number;
  token: string;
  adminEmail: string;
  /** Starts another process that is stopped with the stack. */
  spawn(command: string, argv: string[], env: Record<string, string>): ReturnType<typeof startProcess>;
  close(keepDatabase?: boolean): Promise<void>;
}

export async function startBenchStack(
  name: string,
  options: { env?: Record<string, string>; nodeArgs?: string[]; database?: TestDatabase } = {},
): Promise<BenchStack> {
  // The caller's database stays theirs to drop.
  const db = options.database ?? (await createTestDatabase(name));
  const prefix = `${name.replace(/_/g, '-')}-${randomBytes(3).toString('hex')}`;
  const admin = { email: `${name}-admin@bench.invalid`, password: `bench-${randomBytes(12).toString('hex')}` };
  const children: ChildProcess[] = [];
  const redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: null });
  const close = async (keepDatabase = false) => {
    for (const child of children) await stopProcess(child);
    await deleteKeysWithPrefix(redis, prefix);
    redis.disconnect();
    if (keepDatabase) console.log(`kept database ${db.appUrl}`);
    else if (!options.database) await db.drop();
  };
  try {
    const port = await freePort();
    const api = startProcess(process.execPath, [...(options.nodeArgs ?? []), API_MAIN], {
      DATABASE_URL: db.appUrl,
      DATABASE_POOL_SIZE: '10',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      QUEUE_PREFIX: prefix,
      RATE_LIMIT_PREFIX: `${prefix}:rate`,
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
      API_RATE_LIMIT: '100000000',
      OUTBOX_SWEEP_INTERVAL_SECONDS: '0',
      ...options.env,
    });
    children.push(api.child);
    const apiUrl = `http://127.0.0.1:${port}/api/v1`;
    await waitForHttp(`${apiUrl}/ready`, api.child, api.output);
    const login = await fetch(`${apiUrl}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(admin),
    });
    if (!login.ok) throw new Error(`admin login: ${login.status} ${await login.text()}`);
    const token = ((await login.json()) as { accessToken: string }).accessToken;
    return {
      db,
      prefix,
      apiUrl,
      apiPid: api.child.pid!,
      token,
      adminEmail: admin.email,
      spawn: (command, argv, env) => {
        const started = startProcess(command, argv, { DATABASE_URL: db.appUrl, ...env });
        children.push(started.child);
        return started;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
