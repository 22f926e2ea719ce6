import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Redis, type RedisOptions } from 'ioredis';

import { API_CONFIG, type ApiEnv } from '../config/api-config.js';

export const REDIS = Symbol('REDIS');

/**
 * Options for the API's own Redis connections: fail fast instead of queueing
 * commands while disconnected (a request then gets 503 rather than hanging),
 * and reconnect forever in the background so service resumes by itself.
 */
export function redisOptions(config: ApiEnv): RedisOptions {
  return {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: config.REDIS_COMMAND_TIMEOUT_MS,
    commandTimeout: config.REDIS_COMMAND_TIMEOUT_MS,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  };
}

/** Logs connection errors once per outage instead of once per reconnect attempt. */
export function quietErrors(redis: Redis, name: string): Redis {
  const logger = new Logger(name);
  let down = false;
  redis.on('error', (error: Error) => {
    if (!down) logger.warn(`Redis connection error: ${error.message}`);
    down = true;
  });
  redis.on('ready', () => {
    if (down) logger.log('Redis connection restored');
    down = false;
  });
  return redis;
}

/** One shared ioredis connection for commands (rate limits, health, publishing). */
@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [API_CONFIG],
      useFactory: (config: ApiEnv) => quietErrors(new Redis(config.REDIS_URL, redisOptions(config)), 'Redis'),
    },
  ],
  exports: [REDIS],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
