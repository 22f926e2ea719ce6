import { randomBytes } from 'node:crypto';

import type { KubeConfig } from '@kubernetes/client-node';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { QUEUE_NAMES } from '@storefleet/contracts';
import { createPrismaClient, type PrismaClient } from '@storefleet/db';
import type { EngineConfig } from '@storefleet/engines';
import { KubeClient } from '@storefleet/kube';
import { JobQueues } from '@storefleet/queue';
import { Queue } from 'bullmq';

import { engineConfigFrom } from '../config/engine-config.js';
import { loadWorkerConfig, type WorkerEnv } from '../config/worker-config.js';
import { ProvisioningService } from '../provisioning/provisioning.service.js';
import { ReconcileService } from '../reconcile/reconcile.service.js';
import { TeardownService } from '../teardown/teardown.service.js';
import { WorkerModule } from '../worker.module.js';

/** The environment a test worker runs with: the test's database and Redis, its own queue prefix and instance label. */
export function testWorkerEnv(databaseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  const id = randomBytes(3).toString('hex');
  return {
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.REDIS_URL!,
    CREDENTIALS_KEY: process.env.CREDENTIALS_KEY!,
    QUEUE_PREFIX: `test-worker-${id}`,
    PLATFORM_INSTANCE: `test-${id}`,
    STORE_BASE_DOMAIN: 'stores.localtest.me',
    JOB_LOCK_SECONDS: '5',
    LOG_LEVEL: 'warn',
    ...extra,
  };
}

export interface TestWorker {
  app: INestApplicationContext;
  config: WorkerEnv;
  engineConfig: EngineConfig;
  db: PrismaClient;
  queues: JobQueues;
  kube: KubeClient;
  provisioning: ProvisioningService;
  teardown: TeardownService;
  reconciler: ReconcileService;
  close(): Promise<void>;
}

/** A worker in this process (processors running), authenticated as `kubeConfig`. */
export async function startTestWorker(options: {
  env: Record<string, string>;
  kubeConfig: KubeConfig;
  engineConfig?: (base: EngineConfig) => EngineConfig;
}): Promise<TestWorker> {
  const config = loadWorkerConfig(options.env);
  const engineConfig = (options.engineConfig ?? ((c) => c))(engineConfigFrom(config));
  const app = await NestFactory.createApplicationContext(
    WorkerModule.forRoot(config, { kubeConfig: () => options.kubeConfig, engineConfig, scheduleReconcile: false }),
    { logger: ['error', 'warn'] },
  );
  await app.init();
  const db = createPrismaClient({ url: config.DATABASE_URL });
  const queues = app.get(JobQueues);
  return {
    app,
    config,
    engineConfig,
    db,
    queues,
    kube: app.get(KubeClient),
    provisioning: app.get(ProvisioningService),
    teardown: app.get(TeardownService),
    reconciler: app.get(ReconcileService),
    close: async () => {
      await app.close();
      await db.$disconnect();
      await removeQueues(config);
    },
  };
}

/** Deletes a test's queues from Redis once its workers are closed. */
export async function removeQueues(config: Pick<WorkerEnv, 'REDIS_URL' | 'QUEUE_PREFIX'>): Promise<void> {
  for (const name of QUEUE_NAMES) {
    const queue = new Queue(name, { connection: { url: config.REDIS_URL }, prefix: config.QUEUE_PREFIX });
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  }
}
