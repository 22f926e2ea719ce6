import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from '@storefleet/contracts';
import type { Request } from 'express';

import { type Actor, actorOf } from './actor.js';

export const IS_PUBLIC = 'storefleet:public';
export const ROLES = 'storefleet:roles';
export const SKIP_API_RATE_LIMIT = 'storefleet:skip-api-rate-limit';

/** Opts a route out of authentication. Everything else requires a valid access token. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Restricts a route to these roles (checked after authentication). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

/** Exempts a route from the API-wide rate limit: probes, and login (which has its own, stricter limits). */
export const SkipApiRateLimit = () => SetMetadata(SKIP_API_RATE_LIMIT, true);

/** The caller: user (if signed in), request id, IP and user agent. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor =>
  actorOf(context.switchToHttp().getRequest<Request>()),
);
