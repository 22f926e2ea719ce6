import type { PrismaClient, Store } from '@storefleet/db';

/** First key of the two-key advisory locks, so ours never collide with anyone else's. */
const STORE_LOCK_SPACE = 0x53_46_53_54; // "SFST"

/**
 * Runs `work` while holding a Postgres advisory lock on the store, with the
 * store as it is once the lock is held. Every change the worker makes to a
 * store's namespace runs under it, and teardown takes it before deleting the
 * namespace: a step or a drift repair that started before the store was
 * marked deleting finishes first, and one that starts after sees "deleting"
 * and stops. A crashed worker's lock goes with its connection.
 */
export async function withStoreLock<T>(
  db: PrismaClient,
  storeId: string,
  work: (store: Store | null) => Promise<T>,
  options: { timeoutMs?: number } = {},
): Promise<T> {
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${STORE_LOCK_SPACE}::int, hashtext(${storeId}))`;
      const store = await tx.store.findUnique({ where: { id: storeId } });
      return work(store);
    },
    // Only single changes run under it (never a wait), so a minute is generous.
    { maxWait: 30_000, timeout: options.timeoutMs ?? 60_000 },
  );
}
