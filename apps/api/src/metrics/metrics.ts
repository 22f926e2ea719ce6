import { Inject, Injectable, Logger } from '@nestjs/common';
import { QUEUE_NAMES, STORE_STATUSES } from '@storefleet/contracts';
import { PrismaService } from '@storefleet/db';
import { JobQueues } from '@storefleet/queue';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

import { API_CONFIG, type ApiEnv } from '../config/api-config.js';
import { QUEUE_JOB_STATES } from '../ops/ops.service.js';
import { withDeadline } from '../redis/with-deadline.js';

/** What one scrape reads from Postgres and BullMQ; null where the source did not answer. */
interface Snapshot {
  stores: Map<string, number> | null;
  jobs: { queue: string; state: string; count: number }[] | null;
}

/**
 * The API's Prometheus registry (one per app instance, not prom-client's global).
 *
 * - HTTP latency: a histogram observed by this replica.
 * - Stores by status and jobs by queue and state: read from Postgres and
 *   BullMQ at scrape time (two small counts), so every replica reports the
 *   same platform-wide values — aggregate them with max(), not sum().
 * - What the worker does (jobs run, step durations, Kubernetes requests) is
 *   the worker's own /metrics (apps/worker/src/metrics), not computed here.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  private readonly logger = new Logger(Metrics.name);
  private last: { at: number; snapshot: Promise<Snapshot> } | undefined;

  constructor(
    @Inject(PrismaService) private readonly prisma: PrismaService,
    @Inject(JobQueues) private readonly queues: JobQueues,
    @Inject(API_CONFIG) private readonly config: ApiEnv,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'storefleet_api_' });
    this.httpDuration = new Histogram({
      name: 'storefleet_http_request_duration_seconds',
      help: 'HTTP request latency by route pattern',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    // prom-client calls collect() with the metric as `this` and collects metrics concurrently,
    // so each reads the same per-scrape snapshot.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    new Gauge({
      name: 'storefleet_metrics_source_up',
      help: '1 if the source of the platform-wide metrics answered during this scrape',
      labelNames: ['source'],
      registers: [this.registry],
      async collect() {
        const snap = await self.snapshot();
        this.set({ source: 'postgres' }, snap.stores ? 1 : 0);
        this.set({ source: 'redis' }, snap.jobs ? 1 : 0);
      },
    });
    new Gauge({
      name: 'storefleet_stores',
      help: 'Stores by status (platform-wide, from Postgres)',
      labelNames: ['status'],
      registers: [this.registry],
      async collect() {
        this.reset();
        const { stores } = await self.snapshot();
        if (stores) for (const status of STORE_STATUSES) this.set({ status }, stores.get(status) ?? 0);
      },
    });
    new Gauge({
      name: 'storefleet_queue_jobs',
      help: 'Jobs by queue and state (platform-wide, from BullMQ)',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const { queue, state, count } of (await self.snapshot()).jobs ?? []) this.set({ queue, state }, count);
      },
    });
  }

  /** One read of every source per scrape (memoised for a second). */
  private snapshot(): Promise<Snapshot> {
    if (!this.last || Date.now() - this.last.at > 1_000) this.last = { at: Date.now(), snapshot: this.read() };
    return this.last.snapshot;
  }

  private async read(): Promise<Snapshot> {
    const [stores, jobs] = await Promise.all([
      this.quietly('postgres', async () => {
        const rows = await this.prisma.store.groupBy({ by: ['status'], _count: { _all: true } });
        return new Map(rows.map((r) => [r.status as string, r._count._all]));
      }),
      this.quietly('redis', async () => {
        const perQueue = await Promise.all(
          QUEUE_NAMES.map(async (queue) => {
            const counts = await withDeadline(
              this.queues.queue(queue).getJobCounts(...QUEUE_JOB_STATES),
              this.config.REDIS_COMMAND_TIMEOUT_MS,
              'redis',
            );
            return Object.entries(counts).map(([state, count]) => ({ queue, state, count }));
          }),
        );
        return perQueue.flat();
      }),
    ]);
    return { stores, jobs };
  }

  private async quietly<T>(source: string, read: () => Promise<T>): Promise<T | null> {
    try {
      return await read();
    } catch (error) {
      this.logger.warn({ err: error, source }, 'Metrics source unavailable during scrape');
      return null;
    }
  }
}
