import { Logger, type Provider } from '@nestjs/common';
import { defaultLimits, domainDns } from '@storefleet/config';
import { CredentialsCipher, PrismaService, StoreLifecycle } from '@storefleet/db';
import { JobQueues, StoreJobs } from '@storefleet/queue';
import type { Redis } from 'ioredis';

import { API_CONFIG, type ApiEnv } from '../config/api-config.js';
import { REDIS } from '../redis/redis.module.js';

/** The shared store lifecycle (libs/db) and its parts, wired for the API. */
export const storeLifecycleProviders: Provider[] = [
  {
    provide: StoreJobs,
    inject: [JobQueues, REDIS, API_CONFIG],
    useFactory: (queues: JobQueues, redis: Redis, config: ApiEnv) =>
      new StoreJobs(queues, {
        timeoutMs: config.ENQUEUE_TIMEOUT_MS,
        // The API's own connection tells whether Redis is reachable; the queues' would wait for it.
        available: () => redis.status === 'ready',
        log: new Logger(StoreJobs.name),
      }),
  },
  {
    provide: StoreLifecycle,
    inject: [PrismaService, REDIS, StoreJobs, API_CONFIG],
    useFactory: (db: PrismaService, redis: Redis, jobs: StoreJobs, config: ApiEnv) =>
      new StoreLifecycle({
        db,
        publisher: redis,
        jobs,
        defaultLimits: defaultLimits(config),
        dns: domainDns(config),
        log: new Logger(StoreLifecycle.name),
      }),
  },
  {
    provide: CredentialsCipher,
    inject: [API_CONFIG],
    useFactory: (config: ApiEnv) => new CredentialsCipher(config.CREDENTIALS_KEY),
  },
];
