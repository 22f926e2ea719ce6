import { ApiException } from '@kubernetes/client-node';

import { KubeError } from './errors.js';
import { backoffDelay, withRetry } from './retry.js';
import type { Clock } from './token-bucket.js';

const instant: Clock = { now: () => 0, sleep: () => Promise.resolve() };
const policy = { attempts: 4, baseDelayMs: 100, maxDelayMs: 1_000 };

function failing(errors: Error[], value = 'ok') {
  let calls = 0;
  const call = () => {
    const error = errors[calls++];
    return error ? Promise.reject(error) : Promise.resolve(value);
  };
  return { call, calls: () => calls };
}

describe('withRetry', () => {
  it('retries transient errors until the call succeeds', async () => {
    const { call, calls } = failing([new ApiException(503, 'x', '{}', {}), new ApiException(429, 'x', '{}', {})]);
    await expect(withRetry('apply x', call, { policy, clock: instant })).resolves.toBe('ok');
    expect(calls()).toBe(3);
  });

  it('gives up after the last attempt with a transient KubeError', async () => {
    const { call, calls } = failing(Array.from({ length: 10 }, () => new ApiException(500, 'x', '{"message":"etcd down"}', {})));
    const error = await withRetry('apply x', call, { policy, clock: instant }).catch((e: unknown) => e);
    expect(calls()).toBe(4);
    expect(error).toBeInstanceOf(KubeError);
    expect(error).toMatchObject({ kind: 'transient', message: 'apply x: etcd down' });
  });

  it('does not retry permanent errors', async () => {
    const { call, calls } = failing([new ApiException(422, 'x', '{"message":"spec.replicas: Invalid value"}', {})]);
    await expect(withRetry('apply x', call, { policy, clock: instant })).rejects.toMatchObject({ kind: 'permanent' });
    expect(calls()).toBe(1);
  });

  it('backs off exponentially with jitter, capped', () => {
    expect(backoffDelay(0, policy, () => 1)).toBe(100);
    expect(backoffDelay(3, policy, () => 1)).toBe(800);
    expect(backoffDelay(10, policy, () => 1)).toBe(1_000);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(400);
  });
});
