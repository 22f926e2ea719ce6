import type { BackupView, StoreView } from '@storefleet/contracts';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { json, mockFetch, withProviders } from '../test/render.js';
import { BackupsPanel } from './backups-panel.js';

const store = (overrides: Partial<StoreView> = {}): StoreView => ({
  id: 's-1',
  name: 'corner-shop',
  engine: 'medusa',
  plan: 'small',
  ownerId: 'u-1',
  status: 'ready',
  statusReason: null,
  namespace: 'store-corner-shop',
  storefrontUrl: 'http://corner-shop.example.test/',
  adminUrl: 'http://corner-shop.example.test/app',
  provisionAttempts: 1,
  retryCount: 0,
  requestedAt: '2026-12-01T10:00:00.000Z',
  readyAt: '2026-12-01T10:05:00.000Z',
  deletedAt: null,
  updatedAt: '2026-12-01T10:05:00.000Z',
  engineVersion: null,
  targetEngineVersion: null,
  domains: [],
  ...overrides,
});

const backup = (id: string, overrides: Partial<BackupView> = {}): BackupView => ({
  id,
  storeId: 's-1',
  trigger: 'manual',
  status: 'completed',
  reason: null,
  engine: 'medusa',
  engineVersion: '17.5',
  manifestKey: `stores/s-1/backups/${id}/manifest.json`,
  sizeBytes: 4_404_019,
  objects: [],
  createdAt: '2026-12-01T12:00:00.000Z',
  completedAt: '2026-12-01T12:01:00.000Z',
  ...overrides,
});

const BACKUPS = [
  backup('b-done'),
  backup('b-failed', {
    status: 'failed',
    reason: 'the backup Job failed: DeadlineExceeded',
    sizeBytes: null,
    trigger: 'scheduled',
  }),
  backup('b-running', { status: 'running', sizeBytes: null, completedAt: null }),
];

function api(calls: { method: string; path: string; body: unknown }[]) {
  return mockFetch((url, init) => {
    const method = init.method ?? 'GET';
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    calls.push({ method, path: url.pathname, body });
    if (method === 'GET' && url.pathname === '/api/v1/stores/s-1/backups') return json({ items: BACKUPS, nextCursor: null });
    if (method === 'GET' && url.pathname === '/api/v1/stores/s-1/backup-policy')
      return json({ storeId: 's-1', intervalHours: 24, keepLast: 7, isDefault: true, updatedAt: null });
    if (method === 'POST' && url.pathname === '/api/v1/stores/s-1/backups')
      return json(backup('b-new', { status: 'running' }), 202);
    if (method === 'POST' && url.pathname === '/api/v1/stores/s-1/restore') return json(store({ status: 'restoring' }), 202);
    if (method === 'DELETE' && url.pathname === '/api/v1/stores/s-1/backups/b-done') return new Response(null, { status: 204 });
    if (method === 'POST' && url.pathname === '/api/v1/stores') return json(store({ id: 's-2', name: 'corner-copy' }), 202);
    return undefined;
  });
}

const row = async (text: RegExp) => (await screen.findByText(text)).closest('tr')!;

describe('BackupsPanel', () => {
  it('lists the backups with status, reason and size, and offers restore and clone only for a completed one', async () => {
    api([]);
    withProviders(<BackupsPanel store={store()} />);
    const table = await screen.findByRole('table', { name: 'Backups of corner-shop, newest first' });
    expect(within(table).getAllByRole('row')).toHaveLength(4);
    const done = within(table).getByText('Completed').closest('tr')!;
    expect(within(done).getByText('4.2 MB')).toBeTruthy();
    expect(within(done).getByRole('button', { name: /^Restore the backup of/ })).toBeTruthy();
    expect(within(done).getByRole('button', { name: /^Clone the backup of/ })).toBeTruthy();
    const failed = await row(/DeadlineExceeded/);
    expect(within(failed).queryByRole('button', { name: /^Restore/ })).toBeNull();
    expect(within(failed).getByRole('button', { name: /^Delete the backup/ })).toBeTruthy();
    const running = within(table).getByText('Running').closest('tr')!;
    expect(within(running).queryAllByRole('button')).toHaveLength(0);
  });

  it('backs up now, restores after confirming, and deletes a backup', async () => {
    const calls: { method: string; path: string; body: unknown }[] = [];
    api(calls);
    withProviders(<BackupsPanel store={store()} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Back up now' }));
    await waitFor(() => expect(calls).toContainEqual({ method: 'POST', path: '/api/v1/stores/s-1/backups', body: undefined }));

    await userEvent.click(within(await row(/^Completed$/)).getByRole('button', { name: /^Restore/ }));
    const dialog = screen.getByRole('dialog', { name: 'Restore this backup?' });
    expect(within(dialog).getByText(/storefront shows a maintenance page/)).toBeTruthy();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Restore' }));
    await waitFor(() =>
      expect(calls).toContainEqual({ method: 'POST', path: '/api/v1/stores/s-1/restore', body: { backupId: 'b-done' } }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    await userEvent.click(within(await row(/^Completed$/)).getByRole('button', { name: /^Delete/ }));
    await userEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Delete backup' }));
    await waitFor(() =>
      expect(calls).toContainEqual({ method: 'DELETE', path: '/api/v1/stores/s-1/backups/b-done', body: undefined }),
    );
  });

  it('clones a backup into a new store of the same engine, checking the new name first', async () => {
    const calls: { method: string; path: string; body: unknown }[] = [];
    api(calls);
    withProviders(<BackupsPanel store={store()} />);
    await userEvent.click(within(await row(/^Completed$/)).getByRole('button', { name: /^Clone/ }));
    const dialog = screen.getByRole('dialog', { name: 'Clone into a new store' });
    const name = within(dialog).getByLabelText('New store name');
    await userEvent.type(name, 'Bad Name');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Clone' }));
    expect(calls.filter((c) => c.path === '/api/v1/stores')).toHaveLength(0);
    expect(name.getAttribute('aria-invalid')).toBe('true');
    await userEvent.clear(name);
    await userEvent.type(name, 'corner-copy{Enter}');
    await waitFor(() =>
      expect(calls).toContainEqual({
        method: 'POST',
        path: '/api/v1/stores',
        body: { name: 'corner-copy', engine: 'medusa', fromBackup: { storeId: 's-1', backupId: 'b-done' } },
      }),
    );
  });

  it('offers no backup or restore while the store is restoring', async () => {
    api([]);
    withProviders(<BackupsPanel store={store({ status: 'restoring' })} />);
    await screen.findByRole('table');
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Back up now' }).disabled).toBe(true);
    expect(screen.queryByRole('button', { name: /^Restore/ })).toBeNull();
    expect(screen.getByRole('button', { name: /^Clone the backup/ })).toBeTruthy();
  });
});
