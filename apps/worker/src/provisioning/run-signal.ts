import type { PrismaService } from '@storefleet/db';

import { StaleRunError } from './errors.js';

const CHECK_EVERY_MS = 2_000;

/**
 * A signal aborted when the run must stop early: `stale` names why for the
 * store as it is now (deleted or retried; checked in Postgres every two
 * seconds, a primary-key read), or the worker is stopping. Long watches end at once; steps that
 * change the cluster re-check under the store's lock anyway.
 */
export function runSignal(
  db: PrismaService,
  storeId: string,
  stale: (store: { status: string; provisionAttempts: number } | null) => string | null,
  shutdown: AbortSignal,
): { signal: AbortSignal; stop: () => void } {
  const controller = new AbortController();
  const timer = setInterval(() => {
    db.store
      .findUnique({ where: { id: storeId }, select: { status: true, provisionAttempts: true } })
      .then((store) => {
        const why = stale(store);
        if (why) controller.abort(new StaleRunError(why));
      })
      .catch(() => undefined); // a database hiccup is no reason to stop; the next check decides
  }, CHECK_EVERY_MS);
  timer.unref();
  return { signal: AbortSignal.any([controller.signal, shutdown]), stop: () => clearInterval(timer) };
}
