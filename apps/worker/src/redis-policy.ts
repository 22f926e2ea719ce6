import type { Redis } from 'ioredis';

/**
 * BullMQ loses jobs if Redis may evict keys; refuse to start unless the
 * server's maxmemory-policy is noeviction.
 */
export async function assertNoEviction(redis: Redis): Promise<void> {
  const reply = await redis.config('GET', 'maxmemory-policy');
  const policy = reply[1];
  if (policy !== 'noeviction') {
    throw new Error(
      `Redis maxmemory-policy is "${policy ?? 'unknown'}"; BullMQ needs "noeviction" so queued jobs are never evicted`,
    );
  }
}
