import { Module } from '@nestjs/common';

import { RateLimits } from '../rate-limit/rate-limits.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { TokensService } from './tokens.service.js';
import { UserDirectory } from './user-directory.js';

@Module({
  controllers: [AuthController],
  providers: [AuthService, TokensService, UserDirectory, RateLimits],
  exports: [TokensService, UserDirectory, RateLimits],
})
export class AuthModule {}
