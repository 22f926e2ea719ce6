import { Module } from '@nestjs/common';

import { OutboxSweep } from './outbox-sweep.js';
import { StoreCreation } from './store-creation.service.js';
import { StoreJobs } from './store-jobs.js';
import { StoresController } from './stores.controller.js';
import { StoresService } from './stores.service.js';

@Module({
  controllers: [StoresController],
  providers: [StoresService, StoreCreation, StoreJobs, OutboxSweep],
  exports: [StoreJobs],
})
export class StoresModule {}
