import { Inject, Injectable } from '@nestjs/common';
import { PrismaService } from '@storefleet/db';
import type { Redis } from 'ioredis';

import { REDIS } from '../redis/redis.module.js';

const CHECK_TIMEOUT_MS = 2_000;

function withinTimeout(check: Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), CHECK_TIMEOUT_MS);
  });
  return Promise.race([
    check.then(
      () => true,
      () => false,
    ),
    timeout,
  ]).finally(() => clearTimeout(timer));
}

@Injectable()
export class HealthService {
  constructor(
    @Inject(PrismaService) private readonly prisma: PrismaService,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async check(): Promise<{ postgres: boolean; redis: boolean }> {
    const [postgres, redis] = await Promise.all([
      withinTimeout(this.prisma.$queryRaw`SELECT 1`),
      withinTimeout(this.redis.ping()),
    ]);
    return { postgres, redis };
  }
}
