import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';

import { problems } from '../problems/problem.js';
import { IS_PUBLIC } from './decorators.js';
import { TokensService } from './tokens.service.js';
import { UserDirectory } from './user-directory.js';

const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i;

/**
 * Where the access token comes from: the Authorization header, or — only on
 * the live stream, because a browser's EventSource cannot set headers — the
 * `access_token` query parameter (which the request logger strips).
 */
export function tokenFromRequest(req: Request): string | null {
  const header = req.headers.authorization;
  const match = typeof header === 'string' ? BEARER.exec(header) : null;
  if (match) return match[1]!;
  const query = req.query.access_token;
  return req.path.endsWith('/stores/stream') && typeof query === 'string' && query.length > 0 ? query : null;
}

/**
 * Global guard: every route needs a valid access token unless marked
 * @Public(). The token is verified by @nestjs/jwt (TokensService); its user
 * must still exist and not be disabled (UserDirectory).
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(TokensService) private readonly tokens: TokensService,
    @Inject(UserDirectory) private readonly users: UserDirectory,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const req = context.switchToHttp().getRequest<Request>();
    const token = tokenFromRequest(req);
    if (!token) throw problems.unauthorized('Authentication is required');
    const access = await this.tokens.verifyAccessToken(token);
    if (!access.valid) {
      throw problems.unauthorized(access.reason === 'expired' ? 'The access token has expired' : 'The access token is not valid');
    }
    const user = await this.users.activeUser(access.userId);
    if (!user) throw problems.unauthorized('The access token is not valid');
    req.user = { ...user, tokenExpiresAt: access.expiresAt };
    return true;
  }
}
