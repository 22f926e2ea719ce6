import type { KubeConfig } from '@kubernetes/client-node';
import { type DynamicModule, Module } from '@nestjs/common';
import { PrismaModule } from '@storefleet/db';
import type { EngineConfig } from '@storefleet/engines';
import { DEFAULT_FIELD_MANAGER, KubeModule } from '@storefleet/kube';
import { LoggingModule } from '@storefleet/logging';
import { QueueModule } from '@storefleet/queue';

import { backupProviders } from './backups/backup-handlers.js';
import { RedisClient } from './common/redis.provider.js';
import { ShutdownSignal } from './common/shutdown.js';
import { storeLifecycleProviders } from './common/store-lifecycle.provider.js';
import { ENGINE_CONFIG, engineConfigFrom } from './config/engine-config.js';
import { WORKER_CONFIG, type WorkerEnv } from './config/worker-config.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { OperationsService } from './operations/operations.service.js';
import { configuredProcessors, HandlerCheck, jobHandlersProvider } from './processors.js';
import { StoreBlueprints } from './provisioning/blueprints.js';
import { ClusterGate } from './provisioning/cluster-gate.js';
import { Pipeline } from './provisioning/pipeline.js';
import { ProvisioningService } from './provisioning/provisioning.service.js';
import { ClusterInventory } from './reconcile/inventory.js';
import { ReconcileScheduler } from './reconcile/reconcile.scheduler.js';
import { ReconcileService } from './reconcile/reconcile.service.js';
import { TeardownService } from './teardown/teardown.service.js';

/** What tests (and only tests) replace. */
export interface WorkerModuleOverrides {
  /** Credentials for the cluster instead of loadFromDefault() (a ServiceAccount's, in tests). */
  kubeConfig?: () => KubeConfig;
  engineConfig?: EngineConfig;
  /** Register the repeatable reconcile job (default true). */
  scheduleReconcile?: boolean;
}

@Module({})
export class WorkerModule {
  static forRoot(config: WorkerEnv, overrides: WorkerModuleOverrides = {}): DynamicModule {
    return {
      module: WorkerModule,
      global: true,
      imports: [
        LoggingModule.forRoot({ level: config.LOG_LEVEL, format: config.LOG_FORMAT }),
        MetricsModule,
        PrismaModule.forRoot({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE }),
        QueueModule.forRoot({ redisUrl: config.REDIS_URL, prefix: config.QUEUE_PREFIX }),
        KubeModule.forRoot({
          client: {
            qps: config.KUBE_QPS,
            burst: config.KUBE_BURST,
            fieldManager: DEFAULT_FIELD_MANAGER,
            requestTimeoutMs: config.KUBE_REQUEST_TIMEOUT_SECONDS * 1_000,
          },
          ...(overrides.kubeConfig ? { kubeConfig: overrides.kubeConfig } : {}),
        }),
      ],
      providers: [
        { provide: WORKER_CONFIG, useValue: config },
        { provide: ENGINE_CONFIG, useValue: overrides.engineConfig ?? engineConfigFrom(config) },
        RedisClient,
        ShutdownSignal,
        ...backupProviders,
        ...storeLifecycleProviders,
        StoreBlueprints,
        ClusterGate,
        Pipeline,
        ClusterInventory,
        ProvisioningService,
        TeardownService,
        OperationsService,
        ReconcileService,
        ...(overrides.scheduleReconcile === false ? [] : [ReconcileScheduler]),
        jobHandlersProvider,
        HandlerCheck,
        ...configuredProcessors(config),
      ],
      exports: [WORKER_CONFIG, ENGINE_CONFIG, ProvisioningService, TeardownService, ReconcileService],
    };
  }
}
