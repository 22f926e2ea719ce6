import { storeActions, storeAllows } from './store-actions.js';
import { STORE_STATUSES } from './store-status.js';

describe('store actions', () => {
  it('offers retry only for a failed store', () => {
    expect(STORE_STATUSES.filter((s) => storeAllows(s, 'retry'))).toEqual(['failed']);
  });

  it('offers delete for every live store except one already deleting', () => {
    expect(STORE_STATUSES.filter((s) => storeAllows(s, 'delete'))).toEqual([
      'requested',
      'provisioning',
      'ready',
      'degraded',
      'failed',
      'restoring',
      'suspending',
      'suspended',
      'resuming',
      'configuring',
      'upgrading',
    ]);
  });

  it('offers an upgrade (or a rollback) only for a working store, not while one runs', () => {
    expect(STORE_STATUSES.filter((s) => storeAllows(s, 'upgrade'))).toEqual(['ready', 'degraded']);
    expect(storeActions('upgrading')).toMatchObject({ delete: true, upgrade: false, suspend: false, backup: false });
  });

  it('offers suspend for a working store and resume for a suspended one', () => {
    expect(STORE_STATUSES.filter((s) => storeAllows(s, 'suspend'))).toEqual(['ready', 'degraded']);
    expect(STORE_STATUSES.filter((s) => storeAllows(s, 'resume'))).toEqual(['suspended']);
    expect(storeActions('suspended')).toEqual({
      delete: true,
      retry: false,
      revealCredentials: false,
      suspend: false,
      resume: true,
      backup: false,
      restore: false,
      editDomains: false,
      upgrade: false,
    });
  });

  it('reveals credentials only of a working store (ready or degraded)', () => {
    expect(STORE_STATUSES.filter((s) => storeAllows(s, 'revealCredentials'))).toEqual(['ready', 'degraded']);
    expect(storeActions('deleting')).toEqual({
      delete: false,
      retry: false,
      revealCredentials: false,
      suspend: false,
      resume: false,
      backup: false,
      restore: false,
      editDomains: false,
      upgrade: false,
    });
  });

  it('backs up and restores only a store whose database answers (ready or degraded), never one restoring', () => {
    expect(STORE_STATUSES.filter((s) => storeAllows(s, 'backup'))).toEqual(['ready', 'degraded']);
    expect(STORE_STATUSES.filter((s) => storeAllows(s, 'restore'))).toEqual(['ready', 'degraded']);
    expect(storeActions('restoring')).toMatchObject({ delete: true, restore: false, revealCredentials: false });
  });

  it('edits custom domains only of a working store, one change at a time', () => {
    expect(STORE_STATUSES.filter((s) => storeAllows(s, 'editDomains'))).toEqual(['ready', 'degraded']);
    expect(storeActions('configuring')).toMatchObject({ delete: true, editDomains: false, suspend: false });
  });
});
