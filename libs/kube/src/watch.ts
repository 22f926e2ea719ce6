import type { KubernetesObject } from '@kubernetes/client-node';

import type { KubeClient } from './kube-client.js';
import { collectionPath, type ResourceType } from './resources.js';
import { backoffDelay } from './retry.js';
import { systemClock } from './token-bucket.js';

/** What to watch: one kind, in one namespace (or cluster-wide), optionally filtered. */
export interface WatchTarget {
  type: ResourceType;
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

export interface WaitOptions {
  /** Epoch milliseconds after which waiting fails with WaitTimeoutError. */
  deadline: number;
  /** Aborting it stops the wait and rethrows the signal's reason. */
  signal?: AbortSignal;
  /** Names the wait in errors, e.g. "database ready". */
  description: string;
  /** Told why the watch restarts (for logs). */
  onRestart?: (reason: string) => void;
  /** How long the server keeps each watch open before the client resumes it (default 25 s). */
  watchSeconds?: number;
}

export class WaitTimeoutError extends Error {
  constructor(description: string) {
    super(`Timed out waiting for ${description}`);
    this.name = 'WaitTimeoutError';
  }
}

/** The objects a watch currently sees, by name. */
export type ObjectsByName<T> = ReadonlyMap<string, T>;

type Outcome<R> = { result: R } | { expired: true } | { error: unknown } | { closed: true } | { aborted: true };

/** The server ends a watch after this long; the client would drop a silent one after 30 s. */
const WATCH_SECONDS = 25;

/**
 * Lists, then watches, the target until `evaluate` returns something other
 * than undefined, and returns that. The watch resumes from the last
 * resourceVersion when the server ends it, re-lists when that version is too
 * old (410), and restarts with backoff after errors; only the deadline or the
 * signal ends the wait without a result. Never exits the process.
 */
export async function waitFor<T extends KubernetesObject, R>(
  client: KubeClient,
  target: WatchTarget,
  evaluate: (objects: ObjectsByName<T>) => R | undefined,
  options: WaitOptions,
): Promise<R> {
  const remaining = Math.max(0, options.deadline - Date.now());
  const timeout = AbortSignal.timeout(remaining);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const fail = (): never => {
    if (options.signal?.aborted) throw options.signal.reason;
    throw new WaitTimeoutError(options.description);
  };

  const objects = new Map<string, T>();
  let resourceVersion: string | undefined;
  let failures = 0;
  const path = collectionPath(target.type, target.namespace);

  while (true) {
    if (signal.aborted) fail();
    try {
      if (resourceVersion === undefined) {
        const { namespace, labelSelector, fieldSelector } = target;
        const list = await client.list<T>(target.type, { namespace, labelSelector, fieldSelector }, signal);
        objects.clear();
        for (const item of list.items) objects.set(item.metadata!.name!, item);
        resourceVersion = list.metadata?.resourceVersion;
        const result = evaluate(objects);
        if (result !== undefined) return result;
      }
      const started = Date.now();
      const outcome = await watchUntil<T, R>(client, path, target, objects, evaluate, {
        resourceVersion,
        signal,
        seconds: options.watchSeconds ?? WATCH_SECONDS,
        onVersion: (rv) => (resourceVersion = rv),
      });
      if ('result' in outcome) return outcome.result;
      if ('aborted' in outcome) fail();
      if ('expired' in outcome) {
        resourceVersion = undefined;
        continue;
      }
      // A watch the server ended normally after a while is simply resumed.
      if ('closed' in outcome && Date.now() - started > 1_000) {
        failures = 0;
        continue;
      }
      failures++;
      options.onRestart?.('error' in outcome ? String(outcome.error) : 'watch closed at once');
    } catch (error) {
      if (signal.aborted) fail();
      failures++;
      // Listing failed even after the client's retries: start over from a fresh list.
      resourceVersion = undefined;
      options.onRestart?.(error instanceof Error ? error.message : String(error));
    }
    await systemClock
      .sleep(backoffDelay(Math.min(failures, 6), { baseDelayMs: 500, maxDelayMs: 15_000 }) + 100, signal)
      .catch(() => undefined);
  }
}

function watchUntil<T extends KubernetesObject, R>(
  client: KubeClient,
  path: string,
  target: WatchTarget,
  objects: Map<string, T>,
  evaluate: (objects: ObjectsByName<T>) => R | undefined,
  watch: { resourceVersion: string | undefined; signal: AbortSignal; seconds: number; onVersion: (rv: string) => void },
): Promise<Outcome<R>> {
  const { resourceVersion, signal, onVersion } = watch;
  return new Promise((resolve) => {
    let stop: (() => void) | undefined;
    let settled = false;
    const finish = (outcome: Outcome<R>) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      stop?.();
      resolve(outcome);
    };
    const onAbort = () => finish({ aborted: true });
    signal.addEventListener('abort', onAbort, { once: true });

    const query = {
      resourceVersion,
      allowWatchBookmarks: true,
      timeoutSeconds: watch.seconds,
      labelSelector: target.labelSelector,
      fieldSelector: target.fieldSelector,
    };
    client
      .watch(
        path,
        query,
        (type, object) => {
          if (type === 'ERROR') {
            finish(object.code === 410 ? { expired: true } : { error: new Error(object.message ?? 'watch error') });
            return;
          }
          const rv = object.metadata?.resourceVersion;
          if (rv) onVersion(rv);
          if (type === 'BOOKMARK') return;
          const name = object.metadata?.name;
          if (!name) return;
          if (type === 'DELETED') objects.delete(name);
          else objects.set(name, object as T);
          const result = evaluate(objects);
          if (result !== undefined) finish({ result });
        },
        (error) => finish(error ? { error } : { closed: true }),
        signal,
      )
      .then(
        (close) => {
          stop = close;
          if (settled) close();
        },
        (error: unknown) => finish({ error }),
      );
  });
}
