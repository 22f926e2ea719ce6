import { ProblemType, type StoreStatus } from '@storefleet/contracts';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { json, mockFetch, withProviders } from '../test/render.js';
import { StoreOperations } from './store-operations.js';

const store = (status: StoreStatus) => ({ id: 's-1', name: 'corner-shop', status });

describe('StoreOperations', () => {
  it('offers Suspend for a ready or degraded store and Resume for a suspended one, nothing otherwise', () => {
    for (const status of ['ready', 'degraded'] as const) {
      const { unmount } = withProviders(<StoreOperations store={store(status)} />);
      expect(screen.getByRole('button', { name: 'Suspend' })).toBeTruthy();
      expect(screen.queryByRole('button', { name: 'Resume' })).toBeNull();
      unmount();
    }
    const { unmount } = withProviders(<StoreOperations store={store('suspended')} />);
    expect(screen.getByRole('button', { name: 'Resume' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Suspend' })).toBeNull();
    unmount();
    for (const status of ['failed', 'provisioning', 'suspending', 'resuming', 'deleting'] as const) {
      const { container, unmount: done } = withProviders(<StoreOperations store={store(status)} />);
      expect(container.querySelector('button')).toBeNull();
      done();
    }
  });

  it('suspends through the API and tells screen-reader users what happens', async () => {
    const calls = mockFetch((url, init) =>
      init.method === 'POST' && url.pathname === '/api/v1/stores/s-1/suspend'
        ? json({ id: 's-1', name: 'corner-shop', status: 'suspending' }, 202)
        : json({}),
    );
    withProviders(<StoreOperations store={store('ready')} />);
    const button = screen.getByRole('button', { name: 'Suspend' });
    expect(button.getAttribute('aria-describedby')).toBe('suspend-hint');
    await userEvent.click(button);
    await waitFor(() =>
      expect(screen.getByText(/Suspending corner-shop\. Its storefront will show a paused page\./)).toBeTruthy(),
    );
    expect(calls.filter((c) => c.init.method === 'POST').map((c) => c.url.pathname)).toEqual(['/api/v1/stores/s-1/suspend']);
  });

  it("shows the API's refusal when the store moved on meanwhile", async () => {
    mockFetch(() =>
      json(
        {
          type: ProblemType.IllegalTransition,
          title: 'Illegal status transition',
          status: 409,
          detail: 'The store is resuming; it cannot become resuming',
        },
        409,
        'application/problem+json',
      ),
    );
    withProviders(<StoreOperations store={store('suspended')} />);
    await userEvent.click(screen.getByRole('button', { name: 'Resume' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The resume was not accepted.');
    expect(alert.textContent).toContain('The store is resuming');
  });
});
