import { DependencyUnavailableError } from '../problems/problem.js';
import { isRedisUnavailableError } from '../problems/to-problem.js';

/**
 * Resolves like `work`, or rejects with DependencyUnavailableError after `ms`.
 * For calls (BullMQ's) that would otherwise wait for Redis to come back.
 */
export async function withDeadline<T>(work: Promise<T>, ms: number, dependency: 'postgres' | 'redis'): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DependencyUnavailableError(dependency, new Error(`no answer within ${ms} ms`))), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } catch (error) {
    if (dependency === 'redis' && isRedisUnavailableError(error)) throw new DependencyUnavailableError(dependency, error);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
