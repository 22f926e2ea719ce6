import { ProblemType, type StoreStatus } from '@storefleet/contracts';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { json, mockFetch, withProviders } from '../test/render.js';
import { EngineVersion, versionLabel } from './engine-version.js';

const V1 = '6.8.3-php8.3-apache/10.2.2';
const V2 = '6.9.0-php8.3-apache/10.3.0';

const store = (status: StoreStatus, engineVersion: string | null = V1) => ({
  id: 's-1',
  name: 'corner-shop',
  engine: 'woocommerce' as const,
  status,
  engineVersion,
  targetEngineVersion: null,
});

const offering = (versions: string[]) =>
  mockFetch((url, init) => {
    if (url.pathname === '/api/v1/platform/engine-versions') return json({ woocommerce: versions, medusa: ['0.2.0'] });
    if (init.method === 'POST' && url.pathname === '/api/v1/stores/s-1/upgrade') {
      return json({ ...store('upgrading'), targetEngineVersion: V2 }, 202);
    }
    return undefined;
  });

const options = () => screen.getAllByRole('option').map((o) => o.textContent);

describe('EngineVersion', () => {
  it('names the version the store runs in the words of its engine', () => {
    expect(versionLabel(store('ready'))).toBe('WordPress 6.8.3-php8.3-apache · WooCommerce 10.2.2');
    expect(versionLabel(store('ready', null))).toBe('The platform’s default images');
  });

  it("offers a ready store its engine's other versions and upgrades through the API, announcing it", async () => {
    const calls = offering([V1, V2]);
    withProviders(<EngineVersion store={store('ready')} />);
    const select = await screen.findByLabelText('Move to version');
    expect(select).toBeTruthy();
    expect(options()).toEqual(['WordPress 6.9.0-php8.3-apache · WooCommerce 10.3.0']);
    await userEvent.click(screen.getByRole('button', { name: 'Upgrade' }));
    await waitFor(() => expect(screen.getByText(/Moving corner-shop to WordPress 6\.9\.0/)).toBeTruthy());
    const post = calls.find((c) => c.init.method === 'POST');
    expect(post?.url.pathname).toBe('/api/v1/stores/s-1/upgrade');
    expect(JSON.parse(post?.init.body as string)).toEqual({ version: V2 });
  });

  it('lets a degraded store choose its own version again: the rollback of a failed upgrade', async () => {
    offering([V1, V2]);
    withProviders(<EngineVersion store={store('degraded')} />);
    await screen.findByLabelText('Move to version');
    expect(options()).toEqual([
      'WordPress 6.8.3-php8.3-apache · WooCommerce 10.2.2 (current: roll back)',
      'WordPress 6.9.0-php8.3-apache · WooCommerce 10.3.0',
    ]);
  });

  it('offers nothing while the store cannot move, or when no other version is offered', async () => {
    offering([V1, V2]);
    for (const status of ['upgrading', 'suspended', 'provisioning', 'failed'] as const) {
      const { container, unmount } = withProviders(<EngineVersion store={store(status)} />);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(container.querySelector('select')).toBeNull();
      unmount();
    }
    offering([V1]);
    const { container } = withProviders(<EngineVersion store={store('ready')} />);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(container.querySelector('select')).toBeNull();
  });

  it("shows the API's refusal", async () => {
    mockFetch((url) =>
      url.pathname === '/api/v1/platform/engine-versions'
        ? json({ woocommerce: [V1, V2], medusa: [] })
        : json(
            {
              type: ProblemType.IllegalTransition,
              title: 'Illegal status transition',
              status: 409,
              detail: 'The store is upgrading',
            },
            409,
            'application/problem+json',
          ),
    );
    withProviders(<EngineVersion store={store('ready')} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Upgrade' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The upgrade was not accepted.');
    expect(alert.textContent).toContain('The store is upgrading');
  });
});
