import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Role } from '@storefleet/contracts';
import { PrismaService } from '@storefleet/db';
import { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';

import { API_CONFIG, type ApiEnv } from '../config/api-config.js';
import { quietErrors, REDIS, redisOptions } from '../redis/redis.module.js';

export interface ActiveUser {
  id: string;
  email: string;
  role: Role;
}

/** null: no such user, or disabled (remembered too, so such a token costs no query either). */
interface Entry {
  user: ActiveUser | null;
}

/** A safety net only: changes reach every replica within moments through the channel below. */
const TTL_MS = 60_000;
const MAX_ENTRIES = 10_000;

/**
 * Who a valid access token's subject is now: deleted or disabled users are
 * nobody. Every authenticated request asks, so answers are cached in memory,
 * and every change to a user (UsersService.update) is announced on a Redis
 * channel that every replica listens to and drops its entry on — so a
 * disabled user is refused at once by the replica that made the change, and
 * by every other one as soon as the message reaches it (milliseconds, not the
 * cache's TTL). While a replica is not
 * subscribed (Redis down, reconnecting) it reads Postgres on every request
 * and forgets everything it cached, so it never serves an answer it might
 * have missed the invalidation of.
 */
@Injectable()
export class UserDirectory implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(UserDirectory.name);
  private readonly cache = new LRUCache<string, Entry>({ max: MAX_ENTRIES, ttl: TTL_MS });
  private readonly channel: string;
  private subscriber: Redis | null = null;
  private subscribed = false;
  /** Bumped by every invalidation: a read that overlapped one is not cached (it may predate the change). */
  private generation = 0;

  constructor(
    @Inject(PrismaService) private readonly prisma: PrismaService,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(API_CONFIG) private readonly config: ApiEnv,
  ) {
    this.channel = `${config.QUEUE_PREFIX}:users:changed`;
  }

  onModuleInit(): void {
    const subscriber = quietErrors(
      new Redis(this.config.REDIS_URL, { ...redisOptions(this.config), enableOfflineQueue: true, commandTimeout: undefined }),
      'UserDirectory',
    );
    this.subscriber = subscriber;
    subscriber.on('message', (_channel: string, id: string) => this.forget(id));
    subscriber.on('ready', () => {
      subscriber.subscribe(this.channel).then(
        () => {
          this.subscribed = true;
        },
        (error: unknown) => this.logger.warn(`Cannot subscribe to ${this.channel}: ${String(error)}`),
      );
    });
    const lost = () => {
      this.subscribed = false;
      this.forgetAll();
    };
    subscriber.on('close', lost);
    subscriber.on('end', lost);
  }

  onModuleDestroy(): void {
    this.subscribed = false;
    this.subscriber?.disconnect();
  }

  async activeUser(id: string): Promise<ActiveUser | null> {
    const cached = this.subscribed ? this.cache.get(id) : undefined;
    if (cached) return cached.user;
    const generation = this.generation;
    const row = await this.prisma.user.findUnique({
      where: { id },
      select: { id: true, email: true, role: true, disabled: true },
    });
    const user = row && !row.disabled ? { id: row.id, email: row.email, role: row.role } : null;
    if (this.subscribed && generation === this.generation) this.cache.set(id, { user });
    return user;
  }

  /** After a user changed in Postgres: every replica (this one first) reads them afresh. */
  async changed(id: string): Promise<void> {
    this.forget(id);
    await this.redis.publish(this.channel, id);
  }

  private forget(id: string): void {
    this.generation += 1;
    this.cache.delete(id);
  }

  private forgetAll(): void {
    this.generation += 1;
    this.cache.clear();
  }
}
