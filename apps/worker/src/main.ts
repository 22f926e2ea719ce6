import 'reflect-metadata';

import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Redis } from 'ioredis';

import { nestLogLevels } from './config/log-levels.js';
import { loadWorkerConfig } from './config/worker-config.js';
import { assertNoEviction } from './redis-policy.js';
import { WorkerModule } from './worker.module.js';

async function main(): Promise<void> {
  const config = loadWorkerConfig();
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 3 });
  try {
    await assertNoEviction(redis);
  } finally {
    redis.disconnect();
  }
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    logger: nestLogLevels(config.LOG_LEVEL),
  });
  // SIGTERM closes the workers (onModuleDestroy): running jobs finish their step or go back to the queue.
  app.enableShutdownHooks();
  await app.init();
  new Logger('Worker').log(
    `started: provisioning ${config.PROVISIONING_CONCURRENCY}, teardown ${config.TEARDOWN_CONCURRENCY} at once; Kubernetes ${config.KUBE_QPS} qps (burst ${config.KUBE_BURST})`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
