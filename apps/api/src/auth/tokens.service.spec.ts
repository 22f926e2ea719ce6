import { jest } from '@jest/globals';
import type { PrismaService } from '@storefleet/db';

import type { ApiEnv } from '../config/api-config.js';
import { TokensService } from './tokens.service.js';

const config = {
  JWT_SECRET: 'a-test-secret-of-at-least-32-characters!',
  JWT_ISSUER: 'storefleet',
  JWT_AUDIENCE: 'storefleet-api',
  JWT_ACCESS_TTL_SECONDS: 60,
} as ApiEnv;
// Access tokens never touch the database; refresh tokens (not tested here) do.
const tokens = () => new TokensService(config, {} as PrismaService);
const user = { id: '0b7c6a36-3f0e-4d8a-9c52-7f0e4c1f2a11', role: 'owner' as const };

describe('TokensService access tokens (a verified token is remembered, its expiry never)', () => {
  afterEach(() => jest.useRealTimers());

  it('accepts a token on every use until it expires, then refuses it as expired', async () => {
    jest.useFakeTimers({ now: new Date('2026-12-03T12:00:00Z'), doNotFake: ['nextTick', 'setImmediate'] });
    const service = tokens();
    const token = await service.signAccessToken(user);
    const first = await service.verifyAccessToken(token);
    expect(first).toEqual({ valid: true, userId: user.id, expiresAt: Date.parse('2026-12-03T12:01:00Z') / 1000 });
    jest.setSystemTime(new Date('2026-12-03T12:00:59.999Z'));
    expect(await service.verifyAccessToken(token)).toEqual(first);
    jest.setSystemTime(new Date('2026-12-03T12:01:00Z'));
    expect(await service.verifyAccessToken(token)).toEqual({ valid: false, reason: 'expired' });
    expect(await service.verifyAccessToken(token)).toEqual({ valid: false, reason: 'expired' });
  });

  it('never accepts a token that differs from a remembered one, nor one signed with another secret', async () => {
    const service = tokens();
    const token = await service.signAccessToken(user);
    expect((await service.verifyAccessToken(token)).valid).toBe(true);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const flipped = `${signature.slice(0, -2)}${signature.at(-2) === 'A' ? 'B' : 'A'}${signature.at(-1)}`;
    expect(await service.verifyAccessToken(`${header}.${payload}.${flipped}`)).toEqual({ valid: false, reason: 'invalid' });
    const other = await new TokensService(
      { ...config, JWT_SECRET: 'another-secret-of-at-least-32-characters' },
      {} as PrismaService,
    ).signAccessToken(user);
    expect(await service.verifyAccessToken(other)).toEqual({ valid: false, reason: 'invalid' });
  });
});
