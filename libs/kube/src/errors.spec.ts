import { ApiException } from '@kubernetes/client-node';

import { classifyKubeError } from './errors.js';

function apiError(code: number, status: { reason?: string; message?: string }) {
  return new ApiException(code, 'Unsuccessful HTTP Request', JSON.stringify({ kind: 'Status', code, ...status }), {});
}

describe('classifyKubeError', () => {
  it.each([
    [404, 'NotFound', 'not-found'],
    [409, 'AlreadyExists', 'already-exists'],
    [409, 'Conflict', 'transient'],
    [429, 'TooManyRequests', 'transient'],
    [500, 'InternalError', 'transient'],
    [503, 'ServiceUnavailable', 'transient'],
    [504, 'Timeout', 'transient'],
    [422, 'Invalid', 'permanent'],
    [400, 'BadRequest', 'permanent'],
  ])('treats HTTP %i (%s) as %s', (code, reason, kind) => {
    expect(classifyKubeError(apiError(code, { reason, message: 'x' })).kind).toBe(kind);
  });

  it('fails a quota refusal for good, keeping the API server’s words', () => {
    const error = classifyKubeError(
      apiError(403, {
        reason: 'Forbidden',
        message: 'pods "a" is forbidden: exceeded quota: store-quota, requested: limits.cpu=4',
      }),
      'apply Deployment store-a/wordpress',
    );
    expect(error.kind).toBe('permanent');
    expect(error.message).toBe(
      'apply Deployment store-a/wordpress: pods "a" is forbidden: exceeded quota: store-quota, requested: limits.cpu=4',
    );
  });

  it('retries writes into a namespace that is still being deleted', () => {
    const message =
      'deployments.apps "w" is forbidden: unable to create new content in namespace store-a because it is being terminated';
    expect(classifyKubeError(apiError(403, { reason: 'Forbidden', message })).kind).toBe('transient');
  });

  it('retries a create refused because a new quota has not been counted yet, not an exceeded one', () => {
    const uncounted = 'secrets "db" is forbidden: status unknown for quota: store-quota, resources: count/secrets';
    expect(classifyKubeError(apiError(403, { reason: 'Forbidden', message: uncounted })).kind).toBe('transient');
    const exceeded =
      'secrets "db" is forbidden: exceeded quota: store-quota, requested: count/secrets=1, used: count/secrets=10, limited: count/secrets=10';
    expect(classifyKubeError(apiError(403, { reason: 'Forbidden', message: exceeded })).kind).toBe('permanent');
  });

  it('retries dropped connections and timeouts, whatever wraps them', () => {
    const reset = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
    });
    expect(classifyKubeError(reset).kind).toBe('transient');
    expect(classifyKubeError(Object.assign(new Error('slow'), { name: 'TimeoutError' })).kind).toBe('transient');
    expect(classifyKubeError(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })).kind).toBe('transient');
  });

  it('does not retry a bug', () => {
    expect(classifyKubeError(new TypeError("Cannot read properties of undefined (reading 'name')")).kind).toBe('permanent');
  });
});
