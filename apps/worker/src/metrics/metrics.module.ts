import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { KUBE_OBSERVER } from '@storefleet/kube';

import { JobMetrics } from './job-metrics.js';
import { MetricsServer } from './metrics-server.js';
import { WorkerMetrics } from './worker-metrics.js';

/**
 * The worker's /metrics. WorkerMetrics is the one place figures are recorded:
 * BullMQ job events (JobMetrics), the Kubernetes client (as its KUBE_OBSERVER)
 * and the step timeline (StoreEvents in libs/db) report to it.
 */
@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [WorkerMetrics, { provide: KUBE_OBSERVER, useExisting: WorkerMetrics }, JobMetrics, MetricsServer],
  exports: [WorkerMetrics, KUBE_OBSERVER, MetricsServer],
})
export class MetricsModule {}
