import type { KubeConfig } from '@kubernetes/client-node';
import { type DynamicModule, Module } from '@nestjs/common';
import { PrismaModule } from '@storefleet/db';
import type { EngineConfig } from '@storefleet/engines';
import { DEFAULT_FIELD_MANAGER, KubeModule } from '@storefleet/kube';
import { QueueModule } from '@storefleet/queue';

import { RedisClient } from './common/redis.provider.js';
import { ShutdownSignal } from './common/shutdown.js';
import { StoreLifecycle } from './common/store-lifecycle.service.js';
import { ENGINE_CONFIG, engineConfigFrom } from './config/engine-config.js';
import { WORKER_CONFIG, type WorkerEnv } from './config/worker-config.js';
import { configuredProcessors } from './processors.js';
import { ProvisioningAdmission } from './provisioning/admission.js';
import { ProvisioningService } from './provisioning/provisioning.service.js';
import { StepEvents } from './provisioning/step-events.js';
import { StepRunner } from './provisioning/step-runner.js';
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
        StoreLifecycle,
        StepEvents,
        StepRunner,
        ProvisioningAdmission,
        ProvisioningService,
        TeardownService,
        ReconcileService,
        ...(overrides.scheduleReconcile === false ? [] : [ReconcileScheduler]),
        ...configuredProcessors(config),
      ],
      exports: [WORKER_CONFIG, ProvisioningService, TeardownService, ReconcileService],
    };
  }
}
