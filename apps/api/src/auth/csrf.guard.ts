import type { CanActivate, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

import { assertSameOriginRequest } from './session-cookie.js';

/** Refuses (403) a request to a cookie-authenticated route that may come from another site. */
export class CsrfGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    assertSameOriginRequest(context.switchToHttp().getRequest<Request>());
    return true;
  }
}
