import { Logger, type Provider } from '@nestjs/common';
import { defaultLimits, domainDns } from '@storefleet/config';
import { CredentialsCipher, PrismaService, StoreEvents, StoreLifecycle } from '@storefleet/db';
import { JobQueues, StoreJobs } from '@storefleet/queue';

import { WORKER_CONFIG, type WorkerEnv } from '../config/worker-config.js';
import { WorkerMetrics } from '../metrics/worker-metrics.js';
import { RedisClient } from './redis.provider.js';

/** The shared store lifecycle (libs/db) and its parts, wired for the worker: each built once. */
export const storeLifecycleProviders: Provider[] = [
  {
    provide: StoreJobs,
    inject: [JobQueues],
    useFactory: (queues: JobQueues) => new StoreJobs(queues, { timeoutMs: 5_000, log: new Logger(StoreJobs.name) }),
  },
  {
    provide: StoreLifecycle,
    inject: [PrismaService, RedisClient, StoreJobs, WORKER_CONFIG],
    useFactory: (db: PrismaService, redis: RedisClient, jobs: StoreJobs, config: WorkerEnv) =>
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
    // Every finished step is also a step-duration sample on the worker's /metrics.
    provide: StoreEvents,
    inject: [PrismaService, WorkerMetrics],
    useFactory: (db: PrismaService, metrics: WorkerMetrics) => new StoreEvents(db, metrics),
  },
  {
    provide: CredentialsCipher,
    inject: [WORKER_CONFIG],
    useFactory: (config: WorkerEnv) => new CredentialsCipher(config.CREDENTIALS_KEY),
  },
];
