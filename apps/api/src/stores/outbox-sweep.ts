import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { PrismaService } from '@storefleet/db';
import type { Redis } from 'ioredis';

import { API_CONFIG, type ApiEnv } from '../config/api-config.js';
import { REDIS } from '../redis/redis.module.js';
import { StoreJobs } from './store-jobs.js';

const BATCH = 200;

/**
 * The database is the outbox for store jobs. A request enqueues right after
 * its transaction commits; if Redis was unreachable at that moment the store
 * still says requested/provisioning/deleting, and this sweep (in every
 * replica) enqueues the job for it. Job ids are deterministic, so a job that
 * already exists in any state is left alone: sweeping is always safe.
 */
@Injectable()
export class OutboxSweep implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxSweep.name);
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    @Inject(PrismaService) private readonly prisma: PrismaService,
    @Inject(StoreJobs) private readonly jobs: StoreJobs,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(API_CONFIG) private readonly config: ApiEnv,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.config.OUTBOX_SWEEP_INTERVAL_SECONDS;
    if (every === 0) return;
    this.timer = setInterval(() => void this.sweepQuietly(), every * 1000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Enqueues (idempotently) the job of every store that has waited long enough; returns how many were enqueued. */
  async sweep(): Promise<number> {
    if (this.redis.status !== 'ready') return 0;
    const cutoff = new Date(Date.now() - this.config.OUTBOX_SWEEP_AFTER_SECONDS * 1000);
    const stores = await this.prisma.store.findMany({
      where: { status: { in: ['requested', 'provisioning', 'deleting'] }, updatedAt: { lte: cutoff } },
      orderBy: { updatedAt: 'asc' },
      take: BATCH,
      select: { id: true, status: true, provisionAttempts: true },
    });
    let enqueued = 0;
    for (const store of stores) {
      const ok = store.status === 'deleting' ? await this.jobs.teardown(store) : await this.jobs.provision(store);
      if (!ok) break; // Redis went away mid-sweep; the next sweep carries on
      enqueued += 1;
    }
    return enqueued;
  }

  private async sweepQuietly(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.sweep();
    } catch (error) {
      this.logger.warn({ err: error }, 'Outbox sweep failed; will try again');
    } finally {
      this.running = false;
    }
  }
}
