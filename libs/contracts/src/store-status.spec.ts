import {
  assertStoreTransition,
  canTransition,
  IllegalStoreTransitionError,
  isLiveStatus,
  LIVE_STORE_STATUSES,
  statusesLeadingTo,
  STORE_STATUSES,
  type StoreStatus,
} from './store-status.js';

describe('store status machine', () => {
  const legal: [StoreStatus, StoreStatus][] = [
    ['requested', 'provisioning'],
    ['provisioning', 'ready'],
    ['provisioning', 'failed'],
    ['failed', 'requested'],
    ['ready', 'degraded'],
    ['degraded', 'ready'],
    ['requested', 'deleting'],
    ['provisioning', 'deleting'],
    ['ready', 'deleting'],
    ['degraded', 'deleting'],
    ['failed', 'deleting'],
    ['deleting', 'deleted'],
    ['ready', 'suspending'],
    ['degraded', 'suspending'],
    ['suspending', 'suspended'],
    ['suspended', 'resuming'],
    ['resuming', 'ready'],
    ['resuming', 'degraded'],
    ['suspending', 'deleting'],
    ['suspended', 'deleting'],
    ['resuming', 'deleting'],
    ['ready', 'restoring'],
    ['degraded', 'restoring'],
    ['provisioning', 'restoring'],
    ['restoring', 'ready'],
    ['restoring', 'failed'],
    ['restoring', 'deleting'],
    ['ready', 'configuring'],
    ['degraded', 'configuring'],
    ['configuring', 'ready'],
    ['configuring', 'degraded'],
    ['configuring', 'deleting'],
    ['ready', 'upgrading'],
    ['degraded', 'upgrading'],
    ['upgrading', 'ready'],
    ['upgrading', 'degraded'],
    ['upgrading', 'deleting'],
  ];

  it.each(legal)('allows %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
    expect(() => assertStoreTransition(from, to)).not.toThrow();
  });

  it('refuses every move not in the specification', () => {
    const allowed = new Set(legal.map(([from, to]) => `${from}>${to}`));
    for (const from of STORE_STATUSES) {
      for (const to of STORE_STATUSES) {
        expect({ move: `${from}>${to}`, ok: canTransition(from, to) }).toEqual({
          move: `${from}>${to}`,
          ok: allowed.has(`${from}>${to}`),
        });
      }
    }
  });

  it('names both ends of a refused move in the error', () => {
    expect(() => assertStoreTransition('deleted', 'ready')).toThrow(IllegalStoreTransitionError);
    expect(() => assertStoreTransition('ready', 'provisioning')).toThrow('cannot move from "ready" to "provisioning"');
  });

  it('lets no store leave "deleted" and lets "deleting" only finish', () => {
    expect(STORE_STATUSES.filter((to) => canTransition('deleted', to))).toEqual([]);
    expect(STORE_STATUSES.filter((to) => canTransition('deleting', to))).toEqual(['deleted']);
  });

  it('lets every live status be deleted', () => {
    for (const status of LIVE_STORE_STATUSES.filter((s) => s !== 'deleting')) {
      expect(canTransition(status, 'deleting')).toBe(true);
    }
    expect(statusesLeadingTo('deleting').sort()).toEqual([
      'configuring',
      'degraded',
      'failed',
      'provisioning',
      'ready',
      'requested',
      'restoring',
      'resuming',
      'suspended',
      'suspending',
      'upgrading',
    ]);
  });

  it('upgrades only a working store, and an upgrade ends ready or degraded, never turned into another operation', () => {
    expect(statusesLeadingTo('upgrading')).toEqual(['ready', 'degraded']);
    for (const from of ['requested', 'provisioning', 'failed', 'suspended', 'suspending', 'resuming', 'restoring'] as const) {
      expect(canTransition(from, 'upgrading')).toBe(false);
    }
    // A second upgrade while one runs is refused (the API's 409), as is suspending mid-upgrade.
    expect(canTransition('upgrading', 'upgrading')).toBe(false);
    expect(canTransition('upgrading', 'suspending')).toBe(false);
    expect(STORE_STATUSES.filter((to) => canTransition('upgrading', to))).toEqual(['ready', 'degraded', 'deleting']);
  });

  it('suspends only a working store and resumes only a suspended one', () => {
    expect(statusesLeadingTo('suspending')).toEqual(['ready', 'degraded']);
    expect(statusesLeadingTo('resuming')).toEqual(['suspended']);
    expect(canTransition('failed', 'suspending')).toBe(false);
    expect(canTransition('ready', 'resuming')).toBe(false);
    // Half-way operations finish (or the store is deleted); they are never turned round.
    expect(canTransition('suspending', 'resuming')).toBe(false);
    expect(canTransition('resuming', 'suspending')).toBe(false);
  });

  it('treats everything but "deleted" as live', () => {
    expect(STORE_STATUSES.filter(isLiveStatus)).toEqual([...LIVE_STORE_STATUSES]);
    expect(isLiveStatus('deleted')).toBe(false);
  });
});
