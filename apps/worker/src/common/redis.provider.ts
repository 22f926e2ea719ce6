import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';

import { WORKER_CONFIG, type WorkerEnv } from '../config/worker-config.js';

/** The worker's own Redis connection: publishes store changes, remembers reported orphans. */
@Injectable()
export class RedisClient extends Redis implements OnModuleDestroy {
  constructor(@Inject(WORKER_CONFIG) config: WorkerEnv) {
    super(config.REDIS_URL, { maxRetriesPerRequest: 3 });
  }

  async onModuleDestroy(): Promise<void> {
    await this.quit().catch(() => this.disconnect());
  }
}
