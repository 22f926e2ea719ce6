import 'reflect-metadata';

import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Redis } from 'ioredis';
import { Logger as PinoLogger } from 'nestjs-pino';

import { loadWorkerConfig } from './config/worker-config.js';
import { startHeartbeat } from './health/heartbeat.js';
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
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true });
  // Structured logs (pino, the API's redaction): Nest's Logger instances write through it too.
  app.useLogger(app.get(PinoLogger));
  // SIGTERM closes the workers (onModuleDestroy): running jobs finish their step or go back to the queue.
  app.enableShutdownHooks();
  await app.init();
  // The liveness probe's signal (helm chart: worker.livenessProbe): written while the event loop runs.
  if (config.HEARTBEAT_FILE) startHeartbeat(config.HEARTBEAT_FILE, config.HEARTBEAT_INTERVAL_SECONDS * 1000);
  new Logger('Worker').log(
    `started: provisioning ${config.PROVISIONING_CONCURRENCY}, teardown ${config.TEARDOWN_CONCURRENCY} at once; Kubernetes ${config.KUBE_QPS} qps (burst ${config.KUBE_BURST})`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
