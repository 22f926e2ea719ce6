import { Module } from '@nestjs/common';

import { LiveController } from './live.controller.js';
import { StoreChanges } from './store-changes.js';

/** Imported before StoresModule so GET /stores/stream is routed before GET /stores/:id. */
@Module({ controllers: [LiveController], providers: [StoreChanges] })
export class LiveModule {}
