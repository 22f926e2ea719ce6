import type { AddressInfo } from 'node:net';

import type { NestExpressApplication } from '@nestjs/platform-express';
import { JobQueues } from '@storefleet/queue';
import { deleteKeysWithPrefix } from '@storefleet/testing';
import { Redis } from 'ioredis';
import type { DestinationStream } from 'pino';
import supertest from 'supertest';

import { type ApiEnv, loadApiConfig } from '../config/api-config.js';
import { createApi } from '../main.js';

export const TEST_ADMIN = { email: 'admin@storefleet.test', password: 'first-admin-password-1' };

export interface TestApi {
  app: NestExpressApplication;
  config: ApiEnv;
  /** http://127.0.0.1:<port> */
  origin: string;
  /** supertest against this instance: `api.http.get('/api/v1/stores')`. */
  http: ReturnType<typeof supertest>;
  close(): Promise<void>;
}

export interface TestApiOptions {
  databaseUrl: string;
  /** Unique per test file: BullMQ and rate-limit keys live under it. */
  prefix: string;
  env?: Record<string, string>;
  /** Where the API logs instead of stdout (only the first API of a test file logs: nestjs-pino's logger is per process). */
  logDestination?: DestinationStream;
}

/**
 * Boots the real API (every module, guard, filter and pipe) on a random
 * loopback port against the given database and the shared Redis.
 * Generous rate limits unless the test lowers them.
 */
export async function startTestApi({ databaseUrl, prefix, env = {}, logDestination }: TestApiOptions): Promise<TestApi> {
  const config = loadApiConfig({
    ...process.env,
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '10',
    QUEUE_PREFIX: prefix,
    RATE_LIMIT_PREFIX: `${prefix}:rate`,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ADMIN_EMAIL: TEST_ADMIN.email,
    ADMIN_PASSWORD: TEST_ADMIN.password,
    LOGIN_RATE_LIMIT_PER_IP: '10000',
    LOGIN_RATE_LIMIT_PER_ACCOUNT: '10000',
    API_RATE_LIMIT: '100000',
    ...env,
  });
  const app = await createApi(config, { shutdownHooks: false, ...(logDestination ? { logDestination } : {}) });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    app,
    config,
    origin,
    http: supertest(origin),
    close: async () => {
      await app.close();
    },
  };
}

/** Removes a test file's BullMQ queues and rate-limit counters from the shared Redis. */
export async function clearRedisPrefix(api: TestApi): Promise<void> {
  await Promise.all(
    api.app
      .get(JobQueues)
      .all()
      .map((queue) => queue.obliterate({ force: true })),
  );
  const redis = new Redis(api.config.REDIS_URL);
  try {
    await deleteKeysWithPrefix(redis, api.config.RATE_LIMIT_PREFIX);
  } finally {
    redis.disconnect();
  }
}
