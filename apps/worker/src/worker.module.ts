import { type DynamicModule, Module } from '@nestjs/common';
import { PrismaModule } from '@storefleet/db';

import { WORKER_CONFIG, type WorkerEnv } from './config/worker-config.js';

@Module({})
export class WorkerModule {
  static forRoot(config: WorkerEnv): DynamicModule {
    return {
      module: WorkerModule,
      global: true,
      imports: [PrismaModule.forRoot({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE })],
      providers: [{ provide: WORKER_CONFIG, useValue: config }],
      exports: [WORKER_CONFIG],
    };
  }
}
