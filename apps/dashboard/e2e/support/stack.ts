/**
 * The real platform for browser tests: the built API in its own process, on
 * a fresh migrated database and a private BullMQ prefix, serving the built
 * dashboard on the same origin. Nothing is mocked. There is no worker: the
 * tests do what it would do (move a store's status through the shared
 * StoreLifecycle, which audits and announces it, record timeline steps, fail a job).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';

import {
  API_PREFIX,
  type CreateStoreRequest,
  JobName,
  QueueName,
  type Role,
  type StepOutcome,
  type StoreStatus,
  type StoreView,
  type TokenResponse,
  type UserView,
} from '@storefleet/contracts';
import {
  createPrismaClient,
  CredentialsCipher,
  type PrismaClient,
  StoreLifecycle,
  type StoreTransitionData,
  type TransitionAudit,
} from '@storefleet/db';
import { createTestDatabase, deleteKeysWithPrefix, freePort, type TestDatabase } from '@storefleet/testing';
import { UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';

import { buildForE2e } from './build.js';

/** The audit row the worker writes with each status it sets. */
const WORKER_AUDIT: Record<StoreStatus, TransitionAudit> = {
  requested: { action: 'store.retry', outcome: 'success' },
  provisioning: { action: 'store.provisioning', outcome: 'success' },
  ready: { action: 'store.ready', outcome: 'success' },
  degraded: { action: 'store.degraded', outcome: 'failure' },
  failed: { action: 'store.failed', outcome: 'failure' },
  deleting: { action: 'store.delete', outcome: 'success' },
  deleted: { action: 'store.deleted', outcome: 'success' },
  suspending: { action: 'store.suspend', outcome: 'success' },
  suspended: { action: 'store.suspended', outcome: 'success' },
  resuming: { action: 'store.resume', outcome: 'success' },
  upgrading: { action: 'store.upgrade', outcome: 'success' },
  configuring: { action: 'store.domains', outcome: 'success' },
  restoring: { action: 'store.restore', outcome: 'success' },
};

export const ADMIN = { email: 'admin@storefleet.test', password: 'e2e-admin-password-1' };

export interface Account {
  email: string;
  password: string;
  user: UserView;
}

export interface Stack {
  origin: string;
  prisma: PrismaClient;
  /** Calls the API as `token` (or unauthenticated) and returns the parsed body; throws on an error status. */
  api<T>(method: string, path: string, options?: { token?: string; body?: unknown }): Promise<T>;
  login(email: string, password: string): Promise<TokenResponse>;
  /** Creates a user through the API, as the first admin. */
  createUser(role: Role, email?: string): Promise<Account>;
  createStore(account: Account, request: CreateStoreRequest): Promise<StoreView>;
  /** What the worker does on a status change: the guarded transition, then the announcement. */
  moveStore(storeId: string, to: StoreStatus, data?: StoreTransitionData): Promise<void>;
  /** A timeline row, as the worker writes one per step. */
  recordStep(
    storeId: string,
    step: { step: string; outcome: StepOutcome; attempt?: number; message?: string; startedAt: Date; durationMs?: number },
  ): Promise<void>;
  /** Keeps the store's admin login (encrypted), as the worker does once the engine created it. */
  sealCredentials(storeId: string, credentials: { username: string; password: string }): Promise<void>;
  /** Fails the oldest waiting provisioning job for good, as the worker does with a permanent error. */
  failNextProvisioningJob(reason: string): Promise<string>;
  /** Stderr and stdout of the API process, for failure messages. */
  logs(): string;
  stop(): Promise<void>;
}

async function waitForHealth(origin: string, child: ChildProcess, logs: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The API exited with ${child.exitCode}:\n${logs()}`);
    try {
      const res = await fetch(`${origin}${API_PREFIX}/ready`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`The API did not become ready within 60 s:\n${logs()}`);
}

/** `env`: extra API settings for this stack (e.g. CLUSTER_STATUS_FILE). */
export async function startStack(name: string, options: { env?: Record<string, string> } = {}): Promise<Stack> {
  const build = buildForE2e();
  const db: TestDatabase = await createTestDatabase(`e2e_${name}`);
  const prefix = `e2e-${name}-${randomBytes(3).toString('hex')}`;
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const redisUrl = process.env.REDIS_URL!;

  let output = '';
  const child = spawn(process.execPath, [build.apiMain], {
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: db.appUrl,
      DASHBOARD_DIR: build.dashboardDir,
      QUEUE_PREFIX: prefix,
      RATE_LIMIT_PREFIX: `${prefix}:rate`,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      LOGIN_RATE_LIMIT_PER_IP: '10000',
      LOGIN_RATE_LIMIT_PER_ACCOUNT: '10000',
      API_RATE_LIMIT: '100000',
      // Two WooCommerce versions: new stores get the first, the store page offers the other.
      WOOCOMMERCE_VERSIONS: '6.8.3-php8.3-apache/10.2.2,6.9.0-php8.3-apache/10.3.0',
      LOG_LEVEL: process.env.E2E_API_LOG_LEVEL ?? 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const logs = () => output;

  const prisma = createPrismaClient({ url: db.appUrl, poolSize: 3 });
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });

  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    await prisma.$disconnect();
    // The private BullMQ prefix and rate-limit counters go with the stack.
    await deleteKeysWithPrefix(redis, prefix);
    redis.disconnect();
    await db.drop();
  };

  try {
    await waitForHealth(origin, child, logs);
  } catch (error) {
    await stop();
    throw error;
  }

  const api = async <T>(method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<T> => {
    const res = await fetch(`${origin}${API_PREFIX}${path}`, {
      method,
      headers: {
        ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  const login = (email: string, password: string) => api<TokenResponse>('POST', '/auth/login', { body: { email, password } });
  const adminToken = (await login(ADMIN.email, ADMIN.password)).accessToken;

  return {
    origin,
    prisma,
    api,
    login,
    logs,
    stop,
    async createUser(role, email = `${role}-${randomBytes(3).toString('hex')}@example.test`) {
      const password = `pw-${randomBytes(9).toString('hex')}`;
      const user = await api<UserView>('POST', '/users', { token: adminToken, body: { email, password, role } });
      return { email, password, user };
    },
    async createStore(account, request) {
      const { accessToken } = await login(account.email, account.password);
      return api<StoreView>('POST', '/stores', { token: accessToken, body: request });
    },
    async moveStore(storeId, to, data = {}) {
      const lifecycle = new StoreLifecycle({
        db: prisma,
        publisher: redis,
        jobs: null,
        defaultLimits: { maxLiveStores: 5, maxProvisioningStores: 2, maxCreatesPerHour: 10 },
      });
      await lifecycle.transition(storeId, to, { data, audit: WORKER_AUDIT[to] });
    },
    async recordStep(storeId, { step, outcome, attempt = 1, message, startedAt, durationMs }) {
      const finishedAt = durationMs === undefined ? null : new Date(startedAt.getTime() + durationMs);
      await prisma.storeEvent.create({
        data: {
          storeId,
          attempt,
          step,
          outcome,
          message: message ?? null,
          startedAt,
          finishedAt,
          durationMs: durationMs ?? null,
        },
      });
    },
    async sealCredentials(storeId, credentials) {
      const sealed = new CredentialsCipher(process.env.CREDENTIALS_KEY!).encrypt(storeId, credentials);
      await prisma.store.update({ where: { id: storeId }, data: { adminCredentials: sealed } });
    },
    async failNextProvisioningJob(reason) {
      const worker = new Worker(QueueName.Provisioning, null, { connection: redis, prefix, autorun: false });
      try {
        const token = randomBytes(8).toString('hex');
        const job = await worker.getNextJob(token);
        if (!job) throw new Error('No provisioning job is waiting');
        if (job.name !== JobName.ProvisionStore) throw new Error(`Unexpected job ${job.name}`);
        await job.moveToFailed(new UnrecoverableError(reason), token);
        return job.id!;
      } finally {
        await worker.close();
      }
    },
  };
}
