import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Module } from '@nestjs/common';
import { QUEUE_NAMES } from '@storefleet/contracts';

import { JOB_DEFAULTS } from './job-defaults.js';
import { JobQueues } from './job-queues.js';

export interface QueueModuleOptions {
  redisUrl: string;
  /** Key prefix; tests give each suite its own so they do not see each other's jobs. */
  prefix?: string;
}

/** Registers every queue with its defaults and provides JobQueues. */
@Module({})
export class QueueModule {
  static forRoot({ redisUrl, prefix = 'storefleet' }: QueueModuleOptions): DynamicModule {
    return {
      module: QueueModule,
      global: true,
      imports: [
        // Workers block on Redis, so requests must never give up (maxRetriesPerRequest: null).
        BullModule.forRoot({ connection: { url: redisUrl, maxRetriesPerRequest: null }, prefix }),
        BullModule.registerQueue(...QUEUE_NAMES.map((name) => ({ name, defaultJobOptions: JOB_DEFAULTS[name] }))),
      ],
      providers: [JobQueues],
      exports: [JobQueues, BullModule],
    };
  }
}
