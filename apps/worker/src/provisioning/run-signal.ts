import type { PrismaService } from '@storefleet/db';

import { StaleRunError } from './errors.js';
import { staleReason } from './step-runner.js';

const CHECK_EVERY_MS = 2_000;

/**
 * A signal aborted when the run must stop early: the store was marked for
 * deletion or retried (checked in Postgres every two seconds, a primary-key
 * read), or the worker is stopping. Long watches end at once; steps that
 * change the cluster re-check under the store's lock anyway.
 */
export function runSignal(
  db: PrismaService,
  storeId: string,
  attempt: number,
  shutdown: AbortSignal,
): { signal: AbortSignal; stop: () => void } {
  const controller = new AbortController();
  const timer = setInterval(() => {
    db.store
      .findUnique({ where: { id: storeId }, select: { status: true, provisionAttempts: true } })
      .then((store) => {
        const stale = staleReason(store, attempt);
        if (stale) controller.abort(new StaleRunError(stale));
      })
      .catch(() => undefined); // a database hiccup is no reason to stop; the next check decides
  }, CHECK_EVERY_MS);
  timer.unref();
  return { signal: AbortSignal.any([controller.signal, shutdown]), stop: () => clearInterval(timer) };
}
