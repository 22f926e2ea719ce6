import { createHash, createSecretKey, randomBytes, randomUUID } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { isUuid, type Role } from '@storefleet/contracts';
import { PrismaService, type RefreshToken } from '@storefleet/db';
import { LRUCache } from 'lru-cache';

import { API_CONFIG, type ApiEnv } from '../config/api-config.js';

export interface AccessTokenClaims {
  sub: string;
  role: Role;
  typ: 'access';
}

export type VerifiedAccess = { valid: true; userId: string; expiresAt: number } | { valid: false; reason: 'expired' | 'invalid' };

export type RefreshOutcome =
  | { kind: 'rotated'; userId: string; refreshToken: string }
  | { kind: 'reused'; userId: string; familyId: string }
  | { kind: 'invalid' };

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** Access tokens whose signature was checked, by their text; more than a replica's signed-in clients. */
const VERIFIED_TOKENS = 10_000;

/**
 * Access tokens: HS256 JWTs with issuer, audience and a short expiry.
 * Refresh tokens: opaque random strings stored as SHA-256 hashes, rotated on
 * every use; presenting a rotated token again revokes its whole family
 * (someone else has a copy).
 */
@Injectable()
export class TokensService {
  private readonly jwt: JwtService;
  /**
   * Every request carries its access token again: the signature and claims of a token once verified
   * are not checked again (a token's text cannot change), only its expiry, on every use. Revocation
   * is by user (UserDirectory), never by token, so nothing here needs invalidating.
   */
  private readonly verified = new LRUCache<string, { userId: string; expiresAt: number }>({ max: VERIFIED_TOKENS });

  constructor(
    @Inject(API_CONFIG) private readonly config: ApiEnv,
    @Inject(PrismaService) private readonly prisma: PrismaService,
  ) {
    this.jwt = new JwtService({
      // A KeyObject made once: given a string, jsonwebtoken would first try (and fail) to read it as a public key on every verify.
      secret: createSecretKey(Buffer.from(config.JWT_SECRET, 'utf8')),
      signOptions: {
        algorithm: 'HS256',
        issuer: config.JWT_ISSUER,
        audience: config.JWT_AUDIENCE,
        expiresIn: config.JWT_ACCESS_TTL_SECONDS,
      },
      verifyOptions: { algorithms: ['HS256'], issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE },
    });
  }

  get accessTokenTtlSeconds(): number {
    return this.config.JWT_ACCESS_TTL_SECONDS;
  }

  signAccessToken(user: { id: string; role: Role }): Promise<string> {
    const claims: AccessTokenClaims = { sub: user.id, role: user.role, typ: 'access' };
    return this.jwt.signAsync(claims, { jwtid: randomUUID() });
  }

  /**
   * The claims of a valid access token (signature, algorithm, issuer,
   * audience, expiry), or why it is not valid.
   */
  async verifyAccessToken(token: string): Promise<VerifiedAccess> {
    const known = this.verified.get(token);
    if (known) {
      if (known.expiresAt * 1_000 > Date.now()) return { valid: true, ...known };
      this.verified.delete(token);
      return { valid: false, reason: 'expired' };
    }
    let payload: Partial<AccessTokenClaims> & { exp?: unknown };
    try {
      payload = await this.jwt.verifyAsync(token);
    } catch (error) {
      return { valid: false, reason: error instanceof Error && error.name === 'TokenExpiredError' ? 'expired' : 'invalid' };
    }
    const { sub, typ, exp } = payload;
    if (typ !== 'access' || !isUuid(sub) || typeof exp !== 'number') {
      return { valid: false, reason: 'invalid' };
    }
    const access = { userId: sub.toLowerCase(), expiresAt: exp };
    this.verified.set(token, access);
    return { valid: true, ...access };
  }

  /** Starts a new family (a login) or continues one (a rotation). */
  async issueRefreshToken(userId: string, familyId: string = randomUUID()): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.prisma.refreshToken.create({
      data: {
        userId,
        familyId,
        tokenHash: sha256(token),
        expiresAt: new Date(Date.now() + this.config.REFRESH_TOKEN_TTL_SECONDS * 1000),
      },
    });
    return token;
  }

  /** Exchanges a refresh token for a new one. Exactly one of two racing uses wins; the other counts as reuse. */
  async rotate(token: string): Promise<RefreshOutcome> {
    const found = await this.find(token);
    if (!found || found.expiresAt <= new Date()) return { kind: 'invalid' };
    if (found.revokedAt) {
      await this.revokeFamily(found.familyId);
      return { kind: 'reused', userId: found.userId, familyId: found.familyId };
    }
    const { count } = await this.prisma.refreshToken.updateMany({
      where: { id: found.id, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (count === 0) {
      await this.revokeFamily(found.familyId);
      return { kind: 'reused', userId: found.userId, familyId: found.familyId };
    }
    return { kind: 'rotated', userId: found.userId, refreshToken: await this.issueRefreshToken(found.userId, found.familyId) };
  }

  /** Logout: the token's whole family stops working. Returns the owner, if the token was known. */
  async revoke(token: string): Promise<string | null> {
    const found = await this.find(token);
    if (!found) return null;
    await this.revokeFamily(found.familyId);
    return found.userId;
  }

  async revokeAllOf(userId: string): Promise<void> {
    await this.prisma.refreshToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
  }

  private find(token: string): Promise<RefreshToken | null> {
    return this.prisma.refreshToken.findUnique({ where: { tokenHash: sha256(token) } });
  }

  private async revokeFamily(familyId: string): Promise<void> {
    await this.prisma.refreshToken.updateMany({ where: { familyId, revokedAt: null }, data: { revokedAt: new Date() } });
  }
}
