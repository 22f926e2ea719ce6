import { Module } from '@nestjs/common';
import { StoreLifecycle } from '@storefleet/db';

import { storeLifecycleProviders } from './store-lifecycle.provider.js';
import { StoresController } from './stores.controller.js';
import { StoresService } from './stores.service.js';

@Module({
  controllers: [StoresController],
  providers: [StoresService, ...storeLifecycleProviders],
  exports: [StoreLifecycle],
})
export class StoresModule {}
