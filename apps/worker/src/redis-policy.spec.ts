import type { Redis } from 'ioredis';

import { assertNoEviction } from './redis-policy.js';

/** Only CONFIG GET matters to the check. */
function redisWithPolicy(policy: string | undefined): Redis {
  return { config: (_op: string, key: string) => Promise.resolve(policy === undefined ? [] : [key, policy]) } as unknown as Redis;
}

describe('assertNoEviction', () => {
  it('accepts a Redis that never evicts', async () => {
    await expect(assertNoEviction(redisWithPolicy('noeviction'))).resolves.toBeUndefined();
  });

  it.each(['allkeys-lru', 'volatile-lru', 'allkeys-random', 'volatile-ttl'])(
    'refuses %s, naming the policy it found',
    async (policy) => {
      await expect(assertNoEviction(redisWithPolicy(policy))).rejects.toThrow(
        `Redis maxmemory-policy is "${policy}"; BullMQ needs "noeviction"`,
      );
    },
  );

  it('refuses a Redis that does not say', async () => {
    await expect(assertNoEviction(redisWithPolicy(undefined))).rejects.toThrow('"unknown"');
  });
});
