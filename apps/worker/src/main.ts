import 'reflect-metadata';

import { NestFactory } from '@nestjs/core';
import { Redis } from 'ioredis';

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
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config));
  app.enableShutdownHooks();
  await app.init();
  console.log(`Storefleet worker started (provisioning concurrency ${config.PROVISIONING_CONCURRENCY})`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
