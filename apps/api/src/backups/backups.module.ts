import { Module } from '@nestjs/common';

import { StoresModule } from '../stores/stores.module.js';
import { BackupPolicyController, BackupsController, RestoreController } from './backups.controller.js';
import { BackupsService } from './backups.service.js';

@Module({
  imports: [StoresModule],
  controllers: [BackupsController, BackupPolicyController, RestoreController],
  providers: [BackupsService],
})
export class BackupsModule {}
