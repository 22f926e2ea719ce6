import type { BackupPolicyView } from '@storefleet/contracts';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { json, mockFetch, withProviders } from '../test/render.js';
import { BackupPolicyForm, describePolicy } from './backup-policy-form.js';

const POLICY = '/api/v1/stores/s-1/backup-policy';

/** The policy endpoint as the API answers it: PATCH merges the change; a keepLast over 100 is refused as the API refuses it. */
function policyApi(calls: { method: string; body: unknown }[]) {
  let policy: BackupPolicyView = { storeId: 's-1', intervalHours: 24, keepLast: 7, isDefault: true, updatedAt: null };
  return mockFetch((url, init) => {
    if (url.pathname !== POLICY) return undefined;
    const method = init.method ?? 'GET';
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as Partial<BackupPolicyView>) : undefined;
    calls.push({ method, body });
    if (method === 'PATCH') {
      policy = { ...policy, ...body, isDefault: false, updatedAt: '2026-12-04T02:00:00.000Z' };
    }
    return json(policy);
  });
}

describe('BackupPolicyForm', () => {
  it('says what the policy means', () => {
    expect(describePolicy({ intervalHours: 24, keepLast: 7 })).toBe('Backed up daily; the last 7 completed backups are kept.');
    expect(describePolicy({ intervalHours: 0, keepLast: 1 })).toBe(
      'No scheduled backups; only the latest completed backup is kept.',
    );
    expect(describePolicy({ intervalHours: 1, keepLast: 3 })).toBe(
      'Backed up every 1 hour; the last 3 completed backups are kept.',
    );
    expect(describePolicy({ intervalHours: 168, keepLast: 3 })).toBe(
      'Backed up every 168 hours; the last 3 completed backups are kept.',
    );
  });

  it("shows the platform's default, and saves only what changed", async () => {
    const calls: { method: string; body: unknown }[] = [];
    policyApi(calls);
    withProviders(<BackupPolicyForm storeId="s-1" />);
    expect(await screen.findByText(/Backed up daily; the last 7 completed backups are kept\./, { selector: 'p' })).toBeTruthy();
    expect(screen.getByText(/the platform’s default/)).toBeTruthy();
    const save = screen.getByRole<HTMLButtonElement>('button', { name: 'Save schedule' });
    expect(save.disabled).toBe(true);

    const interval = screen.getByLabelText('Hours between scheduled backups');
    await userEvent.clear(interval);
    await userEvent.type(interval, '168');
    await userEvent.click(save);
    await waitFor(() => expect(calls).toContainEqual({ method: 'PATCH', body: { intervalHours: 168 } }));
    expect(
      await screen.findByText(/Backed up every 168 hours; the last 7 completed backups are kept\./, { selector: 'p' }),
    ).toBeTruthy();
    expect(screen.queryByText(/the platform’s default/)).toBeNull();
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Save schedule' }).disabled).toBe(true);
  });

  it('checks the ranges before sending anything', async () => {
    const calls: { method: string; body: unknown }[] = [];
    policyApi(calls);
    withProviders(<BackupPolicyForm storeId="s-1" />);
    const keep = await screen.findByLabelText('Completed backups to keep');
    const interval = screen.getByLabelText('Hours between scheduled backups');
    await userEvent.clear(keep);
    await userEvent.type(keep, '0');
    await userEvent.clear(interval);
    await userEvent.type(interval, '1.5');
    await userEvent.click(screen.getByRole('button', { name: 'Save schedule' }));
    expect(screen.getByText('Completed backups to keep: from 1 to 100')).toBeTruthy();
    expect(screen.getByText('Hours between scheduled backups: enter a whole number')).toBeTruthy();
    expect(keep.getAttribute('aria-invalid')).toBe('true');
    expect(calls.filter((c) => c.method === 'PATCH')).toEqual([]);

    // Fixed: scheduled backups off, three kept.
    await userEvent.clear(keep);
    await userEvent.type(keep, '3');
    await userEvent.clear(interval);
    await userEvent.type(interval, '0');
    await userEvent.click(screen.getByRole('button', { name: 'Save schedule' }));
    await waitFor(() => expect(calls).toContainEqual({ method: 'PATCH', body: { intervalHours: 0, keepLast: 3 } }));
    expect(
      await screen.findByText(/No scheduled backups; the last 3 completed backups are kept\./, { selector: 'p' }),
    ).toBeTruthy();
  });
});
