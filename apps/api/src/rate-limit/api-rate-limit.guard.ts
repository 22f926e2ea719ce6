import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';

import { SKIP_API_RATE_LIMIT } from '../auth/decorators.js';
import { RateLimits } from './rate-limits.js';

/**
 * API-wide limit, after authentication: per user when signed in, per client IP
 * on public routes. Probes and login (which has its own limits) are exempt.
 */
@Injectable()
export class ApiRateLimitGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(RateLimits) private readonly limits: RateLimits,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const skip = this.reflector.getAllAndOverride<boolean | undefined>(SKIP_API_RATE_LIMIT, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (skip) return true;
    const req = context.switchToHttp().getRequest<Request>();
    const key = req.user ? `user:${req.user.id}` : `ip:${req.ip ?? 'unknown'}`;
    await this.limits.consume('api', key, 'Too many requests; slow down');
    return true;
  }
}
