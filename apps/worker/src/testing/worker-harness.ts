import type { KubeConfig } from '@kubernetes/client-node';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { JobName, QUEUE_NAMES, QueueName } from '@storefleet/contracts';
import { createPrismaClient, type PrismaClient } from '@storefleet/db';
import type { EngineConfig } from '@storefleet/engines';
import { KubeClient } from '@storefleet/kube';
import { JobQueues } from '@storefleet/queue';
import { testWorkerEnv, type WorkerTestBed } from '@storefleet/testing';
import { Queue } from 'bullmq';

import { engineConfigFrom } from '../config/engine-config.js';
import { loadWorkerConfig, type WorkerEnv } from '../config/worker-config.js';
import { ProvisioningService } from '../provisioning/provisioning.service.js';
import { type PassReport, ReconcileService, type StoreReconcileReport } from '../reconcile/reconcile.service.js';
import { TeardownService } from '../teardown/teardown.service.js';
import { WorkerModule } from '../worker.module.js';

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
  /**
   * One reconcile pass as the schedule runs it, waiting until every store job
   * it enqueued has finished; the reports of those the queue still keeps
   * (its retention keeps the last 50 completed).
   */
  reconcileNow(options?: {
    tolerateFailures?: boolean;
  }): Promise<{ pass: PassReport; stores: StoreReconcileReport[]; failed: string[] }>;
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
    reconcileNow: async ({ tolerateFailures = false } = {}) => {
      const reconciler = app.get(ReconcileService);
      const queue = queues.queue(QueueName.Reconcile);
      const bucket = reconciler.bucket();
      // A job id is per store and bucket: clear this bucket's finished jobs so the pass can add them again.
      for (const job of await queue.getJobs(['completed', 'failed'])) {
        if ((job.data as { bucket?: number }).bucket === bucket) await job.remove();
      }
      const pass = await reconciler.pass();
      const until = Date.now() + 30 * 60_000;
      // Done when no reconcile job is left to run (finished ones are pruned past the queue's retention).
      while ((await queue.getJobCountByTypes('waiting', 'active', 'delayed', 'prioritized')) > 0) {
        if (Date.now() > until) throw new Error('store reconcile jobs did not finish within 30 minutes');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const finished = (await queue.getJobs(['completed', 'failed'])).filter(
        (job) => job.name === JobName.ReconcileStore && (job.data as { bucket?: number }).bucket === bucket,
      );
      const failed = finished.filter((job) => job.failedReason);
      if (failed.length > 0 && !tolerateFailures)
        throw new Error(`store reconcile failed: ${failed.map((j) => j.failedReason).join('; ')}`);
      return {
        pass,
        stores: finished.filter((job) => !job.failedReason).map((job) => job.returnvalue as StoreReconcileReport),
        failed: failed.map((job) => job.failedReason),
      };
    },
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

/**
 * A worker in this process on a test's workerTestBed: the bed's database and
 * identity, a queue prefix of its own (so several can run side by side),
 * closed before the bed removes its namespaces and database.
 */
export async function startBedWorker(
  bed: WorkerTestBed,
  options: { env?: Record<string, string>; engineConfig?: (base: EngineConfig) => EngineConfig } = {},
): Promise<TestWorker> {
  const worker = await startTestWorker({
    env: testWorkerEnv(bed.database.appUrl, options.env),
    kubeConfig: bed.identity.kubeConfig,
    ...(options.engineConfig ? { engineConfig: options.engineConfig } : {}),
  });
  bed.onTeardown(() => worker.close());
  return worker;
}
