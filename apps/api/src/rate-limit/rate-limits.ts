import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

import { API_CONFIG, type ApiEnv } from '../config/api-config.js';
import { DependencyUnavailableError, problems } from '../problems/problem.js';
import { REDIS } from '../redis/redis.module.js';

export type Limiter = 'loginByIp' | 'loginByAccount' | 'api';

const retryAfterSeconds = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

/**
 * The API's rate limits, counted in Redis so every replica shares them. When
 * Redis cannot be reached the limits cannot be checked, and the request is
 * refused with 503 (fail closed) rather than let through unlimited.
 */
@Injectable()
export class RateLimits {
  private readonly limiters: Record<Limiter, RateLimiterRedis>;

  constructor(@Inject(API_CONFIG) config: ApiEnv, @Inject(REDIS) redis: Redis) {
    const make = (name: string, points: number, duration: number) =>
      new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: `${config.RATE_LIMIT_PREFIX}:${name}`,
        points,
        duration,
        rejectIfRedisNotReady: true,
      });
    this.limiters = {
      loginByIp: make('login-ip', config.LOGIN_RATE_LIMIT_PER_IP, config.LOGIN_RATE_LIMIT_WINDOW_SECONDS),
      loginByAccount: make('login-account', config.LOGIN_RATE_LIMIT_PER_ACCOUNT, config.LOGIN_RATE_LIMIT_WINDOW_SECONDS),
      api: make('api', config.API_RATE_LIMIT, config.API_RATE_LIMIT_WINDOW_SECONDS),
    };
  }

  /** Counts one request; throws a 429 problem (with Retry-After) when the limit is spent. */
  async consume(limiter: Limiter, key: string, detail: string): Promise<void> {
    try {
      await this.limiters[limiter].consume(key);
    } catch (error) {
      if (error instanceof RateLimiterRes) throw problems.rateLimited(retryAfterSeconds(error), detail);
      throw new DependencyUnavailableError('redis', error);
    }
  }

  /** Throws a 429 problem if the key has already spent its limit, without counting this request. */
  async assertNotExhausted(limiter: Limiter, key: string, detail: string): Promise<void> {
    let res: RateLimiterRes | null;
    try {
      res = await this.limiters[limiter].get(key);
    } catch (error) {
      throw new DependencyUnavailableError('redis', error);
    }
    if (res && res.remainingPoints <= 0) throw problems.rateLimited(retryAfterSeconds(res), detail);
  }

  /** Counts one failure without refusing this request (the next one will be). */
  async penalise(limiter: Limiter, key: string): Promise<void> {
    try {
      await this.limiters[limiter].penalty(key);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw new DependencyUnavailableError('redis', error);
    }
  }

  async reset(limiter: Limiter, key: string): Promise<void> {
    try {
      await this.limiters[limiter].delete(key);
    } catch (error) {
      throw new DependencyUnavailableError('redis', error);
    }
  }
}
