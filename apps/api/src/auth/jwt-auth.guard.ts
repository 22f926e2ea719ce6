import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { PrismaService } from '@storefleet/db';
import type { Request, Response } from 'express';
import passport from 'passport';
import { ExtractJwt, Strategy as JwtStrategy, type VerifiedCallback } from 'passport-jwt';

import { API_CONFIG, type ApiEnv } from '../config/api-config.js';
import { problems } from '../problems/problem.js';
import type { AuthUser } from './actor.js';
import { IS_PUBLIC } from './decorators.js';
import type { AccessTokenClaims } from './tokens.service.js';

const fromHeader = ExtractJwt.fromAuthHeaderAsBearerToken();

/**
 * Where the access token comes from: the Authorization header, or — only on
 * the live stream, because a browser's EventSource cannot set headers — the
 * `access_token` query parameter (which the request logger strips).
 */
export function tokenFromRequest(req: Request): string | null {
  const header = fromHeader(req);
  if (header) return header;
  const query = req.query.access_token;
  return req.path.endsWith('/stores/stream') && typeof query === 'string' && query.length > 0 ? query : null;
}

function unauthorizedDetail(info: unknown): string {
  if (info instanceof Error) {
    if (info.name === 'TokenExpiredError') return 'The access token has expired';
    if (info.message === 'No auth token') return 'Authentication is required';
  }
  return 'The access token is not valid';
}

/**
 * Global guard: every route needs a valid access token unless marked @Public().
 * Uses passport-jwt through a passport instance of its own (not the global
 * one), so several API instances in one process never share strategies.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  private readonly passport = new passport.Passport();

  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(PrismaService) private readonly prisma: PrismaService,
    @Inject(API_CONFIG) config: ApiEnv,
  ) {
    this.passport.use(
      'jwt',
      new JwtStrategy(
        {
          jwtFromRequest: tokenFromRequest,
          secretOrKey: config.JWT_SECRET,
          algorithms: ['HS256'],
          issuer: config.JWT_ISSUER,
          audience: config.JWT_AUDIENCE,
          ignoreExpiration: false,
        },
        (payload: Partial<AccessTokenClaims> & { exp?: number }, done: VerifiedCallback) => {
          this.userFor(payload).then(
            (user) => done(null, user ?? false),
            (error: unknown) => done(error, false),
          );
        },
      ),
    );
  }

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    return new Promise<boolean>((resolve, reject) => {
      const authenticate = this.passport.authenticate(
        'jwt',
        { session: false },
        (error: unknown, user: AuthUser | false, info: unknown) => {
          if (error) reject(error instanceof Error ? error : new Error('Authentication failed'));
          else if (!user) reject(problems.unauthorized(unauthorizedDetail(info)));
          else {
            req.user = user;
            resolve(true);
          }
        },
      ) as (req: Request, res: Response, next: (error?: unknown) => void) => void;
      authenticate(req, res, (error?: unknown) => reject(error instanceof Error ? error : new Error('Authentication failed')));
    });
  }

  /** The token's user as the database has them now: deleted or disabled users are refused. */
  private async userFor(payload: Partial<AccessTokenClaims> & { exp?: number }): Promise<AuthUser | null> {
    if (payload.typ !== 'access' || typeof payload.sub !== 'string' || typeof payload.exp !== 'number') return null;
    if (!/^[0-9a-f-]{36}$/i.test(payload.sub)) return null;
    const user = await this.prisma.user.findUnique({
      where: { id: payload.sub },
      select: { id: true, email: true, role: true, disabled: true },
    });
    if (!user || user.disabled) return null;
    return { id: user.id, email: user.email, role: user.role, tokenExpiresAt: payload.exp };
  }
}
