import { Module } from '@nestjs/common';

import { RateLimits } from '../rate-limit/rate-limits.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { TokensService } from './tokens.service.js';

@Module({
  controllers: [AuthController],
  providers: [AuthService, TokensService, RateLimits],
  exports: [TokensService, RateLimits],
})
export class AuthModule {}
