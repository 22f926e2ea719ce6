import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@storefleet/contracts';
import type { Request } from 'express';

import { problems } from '../problems/problem.js';
import { ROLES } from './decorators.js';

/** Enforces @Roles(...) after the JWT guard has attached the user. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(@Inject(Reflector) private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, [context.getHandler(), context.getClass()]);
    if (!roles || roles.length === 0) return true;
    const user = context.switchToHttp().getRequest<Request>().user;
    if (user && roles.includes(user.role)) return true;
    throw problems.forbidden(`This requires one of the roles: ${roles.join(', ')}`);
  }
}
