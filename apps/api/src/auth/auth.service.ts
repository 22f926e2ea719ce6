import { Inject, Injectable } from '@nestjs/common';
import type { TokenResponse, UserView } from '@storefleet/contracts';
import { PrismaService, type User } from '@storefleet/db';

import { AuditService } from '../audit/audit.service.js';
import { alreadyAudited } from '../audit/audited.js';
import { API_CONFIG, type ApiEnv } from '../config/api-config.js';
import { problems } from '../problems/problem.js';
import { RateLimits } from '../rate-limit/rate-limits.js';
import { toUserView } from '../users/user-view.js';
import type { Actor, AuthUser } from './actor.js';
import type { LoginDto } from './dto/auth.dto.js';
import { verifyPassword } from './passwords.js';
import { TokensService } from './tokens.service.js';

const INVALID_LOGIN = 'Email or password is incorrect';

/** A signed-in session: what the response body carries, and the refresh token for the cookie. */
export interface Session {
  tokens: TokenResponse;
  refreshToken: string;
}

@Injectable()
export class AuthService {
  constructor(
    @Inject(PrismaService) private readonly prisma: PrismaService,
    @Inject(TokensService) private readonly tokens: TokensService,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(RateLimits) private readonly limits: RateLimits,
    @Inject(API_CONFIG) private readonly config: ApiEnv,
  ) {}

  /**
   * Checks the per-IP and per-account limits, then the password. Every attempt
   * is audited: success, wrong password, unknown or disabled account, limited.
   */
  async login(actor: Actor, { email, password }: LoginDto): Promise<Session> {
    const failed = (reason: string, user: User | null, outcome: 'failure' | 'denied' = 'failure') =>
      this.audit.record(actor, {
        action: 'auth.login_failed',
        outcome,
        targetType: 'user',
        targetId: user?.id ?? null,
        as: { id: user?.id ?? null, email, role: user?.role ?? null },
        details: { reason },
      });

    try {
      await this.limits.consume('loginByIp', actor.ip ?? 'unknown', 'Too many sign-in attempts from this address');
      await this.limits.assertNotExhausted('loginByAccount', email, 'Too many failed sign-in attempts for this account');
    } catch (error) {
      await this.audit.recordQuietly(actor, {
        action: 'auth.login_failed',
        outcome: 'denied',
        as: { email },
        details: { reason: 'rate_limited' },
      });
      throw alreadyAudited(error);
    }

    const user = await this.prisma.user.findUnique({ where: { email } });
    const valid = await verifyPassword(user?.passwordHash ?? null, password);
    if (!user || !valid) {
      await this.limits.penalise('loginByAccount', email);
      await failed(user ? 'wrong_password' : 'unknown_account', user);
      throw alreadyAudited(problems.unauthorized(INVALID_LOGIN));
    }
    if (user.disabled) {
      await failed('disabled', user, 'denied');
      throw alreadyAudited(problems.unauthorized(INVALID_LOGIN));
    }
    await this.limits.reset('loginByAccount', email);
    await this.audit.record(actor, { action: 'auth.login', outcome: 'success', targetType: 'user', targetId: user.id, as: user });
    return this.tokenResponse(user, await this.tokens.issueRefreshToken(user.id));
  }

  async refresh(actor: Actor, refreshToken: string | null): Promise<Session> {
    const outcome = refreshToken ? await this.tokens.rotate(refreshToken) : ({ kind: 'invalid' } as const);
    if (outcome.kind === 'invalid') {
      await this.audit.record(actor, {
        action: 'auth.refresh',
        outcome: 'failure',
        details: { reason: refreshToken ? 'invalid_token' : 'no_cookie' },
      });
      throw alreadyAudited(problems.unauthorized(refreshToken ? 'The refresh token is not valid' : 'There is no session cookie'));
    }
    const user = await this.prisma.user.findUnique({ where: { id: outcome.userId } });
    const as = { id: outcome.userId, email: user?.email ?? null, role: user?.role ?? null };
    if (outcome.kind === 'reused') {
      await this.audit.record(actor, {
        action: 'auth.refresh',
        outcome: 'denied',
        targetType: 'user',
        targetId: outcome.userId,
        as,
        details: { reason: 'reused_token', revokedFamily: outcome.familyId },
      });
      throw alreadyAudited(
        problems.unauthorized('The refresh token was already used; every session it belonged to has been signed out'),
      );
    }
    if (!user || user.disabled) {
      await this.tokens.revoke(outcome.refreshToken);
      await this.audit.record(actor, {
        action: 'auth.refresh',
        outcome: 'denied',
        targetType: 'user',
        targetId: outcome.userId,
        as,
        details: { reason: 'disabled' },
      });
      throw alreadyAudited(problems.unauthorized('The account is disabled'));
    }
    await this.audit.record(actor, { action: 'auth.refresh', outcome: 'success', targetType: 'user', targetId: user.id, as });
    return this.tokenResponse(user, outcome.refreshToken);
  }

  /** Revokes the refresh token's whole family. Idempotent: an unknown token is not an error. */
  async logout(actor: Actor, refreshToken: string | null): Promise<void> {
    const userId = refreshToken ? await this.tokens.revoke(refreshToken) : null;
    const user = userId ? await this.prisma.user.findUnique({ where: { id: userId } }) : null;
    await this.audit.record(actor, {
      action: 'auth.logout',
      outcome: userId ? 'success' : 'failure',
      targetType: 'user',
      targetId: userId,
      as: { id: userId, email: user?.email ?? null, role: user?.role ?? null },
      ...(userId ? {} : { details: { reason: 'unknown_token' } }),
    });
  }

  async me(authUser: AuthUser): Promise<UserView> {
    const user = await this.prisma.user.findUnique({ where: { id: authUser.id } });
    if (!user) throw problems.unauthorized();
    return toUserView(user, this.config);
  }

  private async tokenResponse(user: User, refreshToken: string): Promise<Session> {
    return {
      tokens: {
        accessToken: await this.tokens.signAccessToken(user),
        tokenType: 'Bearer',
        expiresIn: this.tokens.accessTokenTtlSeconds,
        user: toUserView(user, this.config),
      },
      refreshToken,
    };
  }
}
