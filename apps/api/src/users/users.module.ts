import { Module } from '@nestjs/common';

import { AuthModule } from '../auth/auth.module.js';
import { FirstAdmin } from './first-admin.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [AuthModule],
  controllers: [UsersController],
  providers: [UsersService, FirstAdmin],
  exports: [UsersService],
})
export class UsersModule {}
