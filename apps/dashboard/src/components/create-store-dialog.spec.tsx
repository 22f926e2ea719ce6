import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { json, mockFetch, withProviders } from '../test/render.js';
import { CreateStoreDialog, nameMessage } from './create-store-dialog.js';

function open() {
  const onClose = vi.fn();
  const onCreated = vi.fn();
  withProviders(
    <>
      <button type="button">Opener</button>
      <CreateStoreDialog onClose={onClose} onCreated={onCreated} />
    </>,
  );
  return { onClose, onCreated, name: screen.getByLabelText('Store name') };
}

describe('CreateStoreDialog', () => {
  it('explains what is wrong with the name while the user types', async () => {
    const { name } = open();
    await userEvent.type(name, 'My');
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('The name must be 3 to 40 characters long.')).toBeTruthy();
    // The message is tied to the field for screen readers.
    expect(name.getAttribute('aria-describedby')).toContain(screen.getByText(/must be 3 to 40/).id);

    await userEvent.type(name, 'Shop');
    expect(screen.getByText(/may contain only lowercase letters/)).toBeTruthy();

    await userEvent.clear(name);
    await userEvent.type(name, 'admin');
    expect(screen.getByText('The name is reserved.')).toBeTruthy();

    await userEvent.clear(name);
    await userEvent.type(name, 'corner-shop');
    expect(name.getAttribute('aria-invalid')).toBeNull();
    expect(screen.queryByText(/The name/)).toBeNull();
  });

  it('offers the engines as a radio group, WooCommerce first and chosen', () => {
    open();
    const group = screen.getByRole('group', { name: 'Engine' });
    const radios = screen.getAllByRole('radio');
    expect(group.contains(radios[0]!)).toBe(true);
    expect(radios.map((r) => (r as HTMLInputElement).value)).toEqual(['woocommerce', 'medusa']);
    expect(screen.getByRole<HTMLInputElement>('radio', { name: /WooCommerce/ }).checked).toBe(true);
  });

  it('does not send an invalid name to the API', async () => {
    const calls = mockFetch(() => json({}));
    const { name } = open();
    await userEvent.click(screen.getByRole('button', { name: 'Create store' }));
    expect(calls).toHaveLength(0);
    expect(screen.getByText('The name must be 3 to 40 characters long.')).toBeTruthy();
    expect(document.activeElement).toBe(name);
  });

  it('creates the store with the chosen engine and an idempotency key', async () => {
    const store = { id: 's-1', name: 'corner-shop', engine: 'medusa', status: 'requested' };
    const calls = mockFetch((url, init) =>
      url.pathname === '/api/v1/stores' && init.method === 'POST' ? json(store, 202) : undefined,
    );
    const { name, onCreated } = open();
    await userEvent.type(name, 'corner-shop');
    await userEvent.click(screen.getByRole('radio', { name: /Medusa/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Create store' }));
    await waitFor(() => expect(onCreated).toHaveBeenCalledWith(store));
    expect(JSON.parse(calls[0]!.init.body as string)).toEqual({ name: 'corner-shop', engine: 'medusa' });
    expect((calls[0]!.init.headers as Record<string, string>)['Idempotency-Key']).toMatch(/^[0-9a-f]{32}$/);
  });

  it('shows the API’s reason when the store is refused', async () => {
    mockFetch(() =>
      json(
        {
          type: 'https://storefleet.dev/problems/limit-exceeded',
          title: 'Limit exceeded',
          status: 429,
          detail: 'You already have 5 live stores.',
        },
        429,
        'application/problem+json',
      ),
    );
    const { name, onCreated } = open();
    await userEvent.type(name, 'sixth-shop');
    await userEvent.click(screen.getByRole('button', { name: 'Create store' }));
    expect((await screen.findByRole('alert')).textContent).toContain('You already have 5 live stores.');
    expect(onCreated).not.toHaveBeenCalled();
  });

  it('shows a name problem from the API next to the field', async () => {
    mockFetch(() =>
      json(
        {
          type: 'https://storefleet.dev/problems/store-name-taken',
          title: 'Name taken',
          status: 409,
          detail: 'That name is taken.',
          errors: [{ field: 'name', message: 'is already used by another store' }],
        },
        409,
        'application/problem+json',
      ),
    );
    const { name } = open();
    await userEvent.type(name, 'taken-name');
    await userEvent.click(screen.getByRole('button', { name: 'Create store' }));
    // Typing again replaces the server's verdict with the local one.
    expect(await screen.findByText('is already used by another store')).toBeTruthy();
  });

  it('keeps focus inside the dialog and closes on Escape', async () => {
    const { onClose, name } = open();
    const dialog = screen.getByRole('dialog', { name: 'Create store' });
    expect(document.activeElement).toBe(name);
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    // Tab through every control and wrap around; focus never leaves the dialog.
    for (let i = 0; i < 8; i += 1) {
      await userEvent.tab();
      expect(dialog.contains(document.activeElement)).toBe(true);
    }
    await userEvent.tab({ shift: true });
    expect(dialog.contains(document.activeElement)).toBe(true);
    await userEvent.keyboard('{Escape}');
    expect(onClose).toHaveBeenCalled();
  });
});

describe('nameMessage', () => {
  it('is null for a good name and a sentence otherwise', () => {
    expect(nameMessage('my-shop')).toBeNull();
    expect(nameMessage('-shop')).toMatch(/^The name may contain only/);
  });
});
