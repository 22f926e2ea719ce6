import { classifyKubeError } from './errors.js';
import { type Clock, systemClock } from './token-bucket.js';

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 250, maxDelayMs: 8_000 };

/** Exponential backoff with full jitter: a random wait up to base·2^n, capped. */
export function backoffDelay(
  attempt: number,
  policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>,
  random = Math.random,
): number {
  return Math.round(random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt));
}

/**
 * Runs `call`, retrying transient failures with backoff. Anything else, or
 * the last transient failure, is thrown as a classified KubeError.
 */
export async function withRetry<T>(
  what: string,
  call: () => Promise<T>,
  options: { policy?: RetryPolicy; clock?: Clock; signal?: AbortSignal; onRetry?: (error: Error, attempt: number) => void } = {},
): Promise<T> {
  const { policy = DEFAULT_RETRY, clock = systemClock, signal } = options;
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (raw) {
      const error = classifyKubeError(raw, what);
      if (!error.transient || attempt + 1 >= policy.attempts || signal?.aborted) throw error;
      options.onRetry?.(error, attempt + 1);
      await clock.sleep(backoffDelay(attempt, policy), signal);
    }
  }
}
