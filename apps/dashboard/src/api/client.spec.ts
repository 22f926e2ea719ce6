import { afterEach, describe, expect, it, vi } from 'vitest';

import { json, mockFetch, tokens, user } from '../test/render.js';
import { ApiError, apiRequest, endSession, getAccessToken, onSessionExpired, startSession } from './client.js';

afterEach(() => endSession());

function signedIn() {
  startSession({ ...tokens(user()), accessToken: 'old-access' });
}

function bearer(init: RequestInit): string | undefined {
  return (init.headers as Record<string, string>).Authorization;
}

describe('apiRequest', () => {
  it('sends the access token and parses JSON', async () => {
    signedIn();
    const calls = mockFetch(() => json({ ok: true }));
    await expect(apiRequest('/stores')).resolves.toEqual({ ok: true });
    expect(calls[0]!.url.pathname).toBe('/api/v1/stores');
    expect(bearer(calls[0]!.init)).toBe('Bearer old-access');
  });

  it('turns problem+json into an ApiError with the detail and field errors', async () => {
    signedIn();
    mockFetch(() =>
      json(
        {
          type: 'https://storefleet.dev/problems/validation',
          title: 'Invalid request',
          status: 400,
          detail: 'The name is invalid.',
          errors: [{ field: 'name', message: 'is reserved' }],
        },
        400,
        'application/problem+json',
      ),
    );
    const error = await apiRequest('/stores', { method: 'POST', body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    expect((error as ApiError).message).toBe('The name is invalid.');
    expect((error as ApiError).fieldMessage('name')).toBe('is reserved');
  });

  it('refreshes once for concurrent 401s, then retries each request with the new token', async () => {
    signedIn();
    let refreshes = 0;
    const calls = mockFetch((url, init) => {
      if (url.pathname === '/api/v1/auth/refresh') {
        refreshes += 1;
        // The cookie travels by itself; the request proves it is same-origin with the CSRF header.
        expect(init.credentials).toBe('same-origin');
        expect((init.headers as Record<string, string>)['X-Storefleet-Csrf']).toBe('1');
        expect(init.body).toBeUndefined();
        return json({ ...tokens(user()), accessToken: 'new-access' });
      }
      return bearer(init) === 'Bearer new-access'
        ? json({ path: url.pathname })
        : json({ title: 'Unauthorized', status: 401 }, 401);
    });
    const results = await Promise.all([apiRequest('/stores'), apiRequest('/audit'), apiRequest('/users')]);
    expect(results).toEqual([{ path: '/api/v1/stores' }, { path: '/api/v1/audit' }, { path: '/api/v1/users' }]);
    expect(refreshes).toBe(1);
    expect(getAccessToken()).toBe('new-access');
    expect(localStorage.getItem('storefleet.signedIn')).toBe('1');
    expect(calls).toHaveLength(7);
  });

  it('ends the session and tells listeners when the refresh is refused', async () => {
    signedIn();
    const expired = vi.fn();
    const unsubscribe = onSessionExpired(expired);
    mockFetch((url) =>
      url.pathname === '/api/v1/auth/refresh'
        ? json({ title: 'Unauthorized', status: 401 }, 401)
        : json({ title: 'Unauthorized', status: 401 }, 401),
    );
    const error = await apiRequest('/stores').catch((e: unknown) => e);
    unsubscribe();
    expect((error as ApiError).status).toBe(401);
    expect(expired).toHaveBeenCalledTimes(1);
    expect(getAccessToken()).toBeNull();
    expect(localStorage.getItem('storefleet.signedIn')).toBeNull();
  });

  it('treats a 401 from sign-in as wrong credentials, not an expired session', async () => {
    const expired = vi.fn();
    const unsubscribe = onSessionExpired(expired);
    mockFetch(() => json({ title: 'Unauthorized', status: 401, detail: 'Invalid email or password.' }, 401));
    const error = await apiRequest('/auth/login', { method: 'POST', body: {}, authenticated: false }).catch((e: unknown) => e);
    unsubscribe();
    expect((error as ApiError).message).toBe('Invalid email or password.');
    expect(expired).not.toHaveBeenCalled();
  });

  it('reports an unreachable server as a readable ApiError', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))),
    );
    const error = await apiRequest('/stores').catch((e: unknown) => e);
    expect((error as ApiError).status).toBe(0);
    expect((error as ApiError).message).toMatch(/Could not reach Storefleet/);
  });
});
