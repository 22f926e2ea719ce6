/**
 * Runs the Medusa store app (stores/medusa, built by `medusa build`) natively
 * against the local Postgres and Redis, with the commands its Kubernetes
 * setup Job and Deployments run (libs/engines/src/medusa):
 *
 *   medusa db:migrate                      (setup Job)
 *   medusa exec ./src/scripts/setup.js     (setup Job: admin login + seed)
 *   node bin/wait-for-setup.mjs            (Medusa's init container)
 *   medusa start                           (Medusa Deployment)
 *   node storefront/server.mjs             (storefront Deployment)
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

import { adminQuery, repoRoot } from '@storefleet/testing';

export const MEDUSA_DIR = path.join(repoRoot, 'stores/medusa');
/** Where `medusa build` puts the server: the image's working directory. */
export const SERVER_DIR = path.join(MEDUSA_DIR, '.medusa/server');
const MEDUSA_CLI = path.join(MEDUSA_DIR, 'node_modules/@medusajs/cli/cli.js');
const LOG_DIR = path.join(repoRoot, '.local/logs');

export interface MedusaStore {
  databaseUrl: string;
  env: NodeJS.ProcessEnv;
  admin: { email: string; password: string };
  logFile: (name: string) => string;
  drop(): Promise<void>;
}

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run through the jest global setup (npm test)`);
  return value;
}

export function assertBuilt(): void {
  if (!existsSync(path.join(SERVER_DIR, 'medusa-config.js'))) {
    throw new Error(
      'stores/medusa is not built: run `bash scripts/test.sh` (or `npm ci --prefix stores/medusa && npm run build --prefix stores/medusa`)',
    );
  }
}

/** A fresh Postgres database and Redis logical database for one store, and the environment its processes get. */
export async function createMedusaStore(): Promise<MedusaStore> {
  assertBuilt();
  // Named apart from the platform's sf_* test databases, which every jest global
  // setup drops; the creation time in the name lets a later run drop the
  // databases of interrupted runs without touching one still in use.
  const now = Math.floor(Date.now() / 1000);
  const stale = await adminQuery(`SELECT datname FROM pg_database WHERE datname LIKE 'medusa\\_test\\_%'`);
  for (const { datname } of stale.rows as { datname: string }[]) {
    const created = Number(datname.split('_')[2]);
    if (now - created > 3 * 3600) await adminQuery(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  }
  const id = randomBytes(4).toString('hex');
  const database = `medusa_test_${now}_${id}`;
  await adminQuery(`CREATE DATABASE "${database}"`);
  const databaseUrl = new URL(requireEnv('DATABASE_ADMIN_URL'));
  databaseUrl.pathname = `/${database}`;
  // Redis database 11 is the Medusa tests' own (the platform uses 0); emptied per run.
  const redisUrl = new URL(requireEnv('REDIS_URL'));
  redisUrl.pathname = '/11';
  const admin = { email: `owner-${id}@example.com`, password: randomBytes(18).toString('base64url') };
  mkdirSync(LOG_DIR, { recursive: true });
  return {
    databaseUrl: databaseUrl.toString(),
    admin,
    logFile: (name) => path.join(LOG_DIR, `medusa-${id}-${name}.log`),
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      MEDUSA_DISABLE_TELEMETRY: 'true',
      DATABASE_URL: databaseUrl.toString(),
      REDIS_URL: redisUrl.toString(),
      JWT_SECRET: randomBytes(32).toString('hex'),
      COOKIE_SECRET: randomBytes(32).toString('hex'),
      MEDUSA_SECURE_COOKIES: 'false',
      MEDUSA_ADMIN_EMAIL: admin.email,
      MEDUSA_ADMIN_PASSWORD: admin.password,
    },
    drop: () => adminQuery(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).then(() => undefined),
  };
}

/** Runs a command to completion; rejects with the end of its output when it fails. */
export function run(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; logFile: string; signal?: AbortSignal },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      signal: options.signal,
    });
    const log = createWriteStream(options.logFile);
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      log.write(chunk);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code) => {
      log.end();
      if (code === 0) resolve(output);
      else
        reject(
          new Error(
            `${path.basename(args[0] ?? command)} ${args.slice(1).join(' ')} exited with ${code}:\n${output.slice(-3000)}`,
          ),
        );
    });
  });
}

/** `medusa <args>` in the built server directory, with the store's environment. */
export function medusa(store: MedusaStore, args: string[], name = args[0]!.replace(/\W+/g, '-')): Promise<string> {
  return run(process.execPath, [MEDUSA_CLI, ...args], { cwd: SERVER_DIR, env: store.env, logFile: store.logFile(name) });
}

export interface RunningProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Starts a long-running server and waits until `healthPath` answers 200. */
export async function startServer(
  name: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; port: number; healthPath: string; logFile: string; timeoutMs?: number },
): Promise<RunningProcess> {
  const child = spawn(process.execPath, args, {
    cwd: options.cwd,
    env: { ...options.env, PORT: String(options.port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(options.logFile);
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
    log.write(chunk);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${options.port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    log.end();
  };

  const deadline = Date.now() + (options.timeoutMs ?? 90_000);
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`${name} exited with ${child.exitCode} before it was ready:\n${output.slice(-3000)}`);
    try {
      const res = await fetch(url + options.healthPath, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return { url, child, output: () => output, stop };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${name} did not answer ${options.healthPath} in time:\n${output.slice(-3000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** JSON over HTTP with a clear error on a non-2xx answer. */
export async function http<T = Record<string, unknown>>(
  url: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<T> {
  const res = await fetch(url, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: {
      accept: 'application/json',
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...init.headers,
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url} answered ${res.status}: ${text.slice(0, 500)}`);
  return (text ? JSON.parse(text) : {}) as T;
}
