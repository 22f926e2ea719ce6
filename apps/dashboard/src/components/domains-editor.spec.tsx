import { ProblemType, type StoreStatus, type StoreView } from '@storefleet/contracts';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { json, mockFetch, withProviders } from '../test/render.js';
import { DomainsEditor } from './domains-editor.js';

const store = (status: StoreStatus, hostnames: string[] = []): Pick<StoreView, 'id' | 'name' | 'status' | 'domains'> => ({
  id: 's-1',
  name: 'corner-shop',
  status,
  domains: hostnames.map((hostname) => ({
    hostname,
    dnsRecord: { type: 'CNAME', name: hostname, value: 'ingress.stores.example.com' },
  })),
});

const puts = (calls: { url: URL; init: RequestInit }[]) =>
  calls
    .filter((c) => c.init.method === 'PUT')
    .map((c) => ({ path: c.url.pathname, body: JSON.parse(c.init.body as string) as unknown }));

describe('DomainsEditor', () => {
  it('shows the DNS record the owner must create for each custom domain', () => {
    withProviders(<DomainsEditor store={store('ready', ['shop.example.com', 'www.example.org'])} />);
    const table = screen.getByRole('table', { name: 'DNS records for corner-shop' });
    const row = within(table).getByRole('row', { name: /shop\.example\.com/ });
    expect(within(row).getByRole('cell', { name: 'CNAME' })).toBeTruthy();
    expect(within(row).getByRole('cell', { name: 'ingress.stores.example.com' })).toBeTruthy();
    expect(within(table).getAllByRole('row')).toHaveLength(3);
  });

  it('adds a domain with the keyboard, removes one and saves the whole list', async () => {
    const calls = mockFetch((url, init) =>
      init.method === 'PUT' && url.pathname === '/api/v1/stores/s-1/domains'
        ? json({ ...store('configuring', ['new.example.com']), updatedAt: '2026-12-02T00:00:00.000Z' }, 202)
        : json({}),
    );
    withProviders(<DomainsEditor store={store('ready', ['old.example.com'])} />);
    const save = screen.getByRole('button', { name: 'Save domains' });
    expect(save.hasAttribute('disabled')).toBe(true);

    await userEvent.type(screen.getByLabelText('Add a domain'), 'New.Example.com{Enter}');
    const list = screen.getByRole('list', { name: 'Domains to save' });
    expect(within(list).getByText('new.example.com')).toBeTruthy();
    expect(await screen.findByText('new.example.com added. Save to apply it.')).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: 'Remove old.example.com' }));
    expect(within(list).queryByText('old.example.com')).toBeNull();

    await userEvent.click(save);
    await waitFor(() =>
      expect(puts(calls)).toEqual([{ path: '/api/v1/stores/s-1/domains', body: { domains: ['new.example.com'] } }]),
    );
    expect(await screen.findByText(/Saving the domains of corner-shop/)).toBeTruthy();
  });

  it('refuses a malformed hostname beside the field, sending nothing', async () => {
    const calls = mockFetch(() => json({}));
    withProviders(<DomainsEditor store={store('ready')} />);
    const input = screen.getByLabelText('Add a domain');
    await userEvent.type(input, 'shop_example{Enter}');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText(/must be a fully qualified domain name/)).toBeTruthy();
    expect(screen.queryByRole('list', { name: 'Domains to save' })?.textContent).toBe('');
    expect(calls).toHaveLength(0);
  });

  it("shows the API's refusal: a domain another store has", async () => {
    mockFetch(() =>
      json(
        {
          type: ProblemType.DomainTaken,
          title: 'Domain taken',
          status: 409,
          detail: 'The domain shop.example.com is already used by another store',
        },
        409,
        'application/problem+json',
      ),
    );
    withProviders(<DomainsEditor store={store('ready')} />);
    await userEvent.type(screen.getByLabelText('Add a domain'), 'shop.example.com{Enter}');
    await userEvent.click(screen.getByRole('button', { name: 'Save domains' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The domains were not saved.');
    expect(alert.textContent).toContain('already used by another store');
  });

  it("lists the API's per-domain validation messages", async () => {
    mockFetch(() =>
      json(
        {
          type: ProblemType.Validation,
          title: 'Invalid request',
          status: 400,
          detail: 'The custom domains are invalid',
          errors: [{ field: 'domains[0]', message: "a.stores.example.com: is the platform's own domain" }],
        },
        400,
        'application/problem+json',
      ),
    );
    withProviders(<DomainsEditor store={store('degraded')} />);
    await userEvent.type(screen.getByLabelText('Add a domain'), 'a.stores.example.com{Enter}');
    await userEvent.click(screen.getByRole('button', { name: 'Save domains' }));
    expect(await screen.findByText(/is the platform's own domain/)).toBeTruthy();
  });

  it('offers no editor where the status does not allow a change, but still shows the records', () => {
    for (const status of ['suspended', 'configuring', 'provisioning'] as const) {
      const { unmount } = withProviders(<DomainsEditor store={store(status, ['shop.example.com'])} />);
      expect(screen.queryByLabelText('Add a domain')).toBeNull();
      expect(screen.getByRole('table', { name: 'DNS records for corner-shop' })).toBeTruthy();
      unmount();
    }
  });
});
