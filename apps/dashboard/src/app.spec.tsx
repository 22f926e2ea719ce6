import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { json, mockFetch, renderApp, tokens, user } from './test/render.js';

function api(role: 'owner' | 'operator', refreshOk = true) {
  localStorage.setItem('storefleet.signedIn', '1');
  return mockFetch((url) => {
    switch (url.pathname) {
      case '/api/v1/auth/refresh':
        return refreshOk ? json(tokens(user({ role }))) : json({ title: 'Unauthorized', status: 401 }, 401);
      case '/api/v1/stores':
        return json({ items: [], nextCursor: null });
      case '/api/v1/ops/queues':
        return json([{ queue: 'store-provisioning', counts: { waiting: 3, active: 1, failed: 2 } }]);
      case '/api/v1/ops/jobs':
        return json([]);
      case '/api/v1/platform/status':
        return json({
          cluster: { state: 'unmanaged', component: null, minutesLeft: null, startedAt: null, message: null, logPath: null },
        });
      default:
        return undefined;
    }
  });
}

describe('the app shell', () => {
  it('shows an owner no ops links and sends them away from ops routes', async () => {
    api('owner');
    renderApp('/ops/queues');
    expect(await screen.findByRole('heading', { name: 'Stores', level: 1 })).toBeTruthy();
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(
      within(nav)
        .getAllByRole('link')
        .map((a) => a.textContent),
    ).toEqual(['Stores']);
  });

  it('shows operators the ops screens', async () => {
    api('operator');
    renderApp('/ops/queues');
    expect(await screen.findByRole('heading', { name: 'Queues', level: 1 })).toBeTruthy();
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(
      within(nav)
        .getAllByRole('link')
        .map((a) => a.textContent),
    ).toEqual(['Stores', 'Queues', 'Audit log', 'Users']);
    const row = await screen.findByRole('row', { name: /store-provisioning/ });
    expect(
      within(row)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['3', '1', '0', '2', '0']);
  });

  it('tells a new owner how to start', async () => {
    api('owner');
    renderApp('/stores');
    expect(await screen.findByRole('heading', { name: 'You have no stores yet' })).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Create your first store' }));
    expect(screen.getByRole('dialog', { name: 'Create store' })).toBeTruthy();
  });

  it('returns to sign-in with a message when the session cannot be renewed', async () => {
    api('owner', false);
    renderApp('/stores');
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeTruthy();
    expect(screen.getByText('Your session expired. Please sign in again.')).toBeTruthy();
    expect(screen.getByLabelText('Email')).toBeTruthy();
    expect(screen.getByLabelText('Password')).toBeTruthy();
  });

  it('signs in and lands on the page the user asked for', async () => {
    mockFetch((url) => {
      if (url.pathname === '/api/v1/auth/login') return json(tokens(user()));
      if (url.pathname === '/api/v1/stores') return json({ items: [], nextCursor: null });
      return undefined;
    });
    renderApp('/stores');
    await userEvent.type(await screen.findByLabelText('Email'), 'owner@example.com');
    await userEvent.type(screen.getByLabelText('Password'), 'correct horse battery');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Stores', level: 1 })).toBeTruthy());
    expect(localStorage.getItem('storefleet.signedIn')).toBe('1');
    // The refresh token is the API's HttpOnly cookie: nothing of it reaches storage.
    expect(JSON.stringify({ ...localStorage, ...sessionStorage })).not.toContain('refresh');
  });
});
