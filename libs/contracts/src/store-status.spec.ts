import {
  assertStoreTransition,
  canTransition,
  IllegalStoreTransitionError,
  isLiveStatus,
  LIVE_STORE_STATUSES,
  nextStatuses,
  statusesLeadingTo,
  STORE_STATUSES,
  type StoreStatus,
} from './store-status.js';

describe('store status machine', () => {
  const legal: [StoreStatus, StoreStatus][] = [
    ['requested', 'provisioning'],
    ['provisioning', 'ready'],
    ['provisioning', 'failed'],
    ['failed', 'provisioning'],
    ['ready', 'degraded'],
    ['degraded', 'ready'],
    ['requested', 'deleting'],
    ['provisioning', 'deleting'],
    ['ready', 'deleting'],
    ['degraded', 'deleting'],
    ['failed', 'deleting'],
    ['deleting', 'deleted'],
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
    expect(nextStatuses('deleted')).toEqual([]);
    expect(nextStatuses('deleting')).toEqual(['deleted']);
  });

  it('lets every live status be deleted', () => {
    for (const status of LIVE_STORE_STATUSES.filter((s) => s !== 'deleting')) {
      expect(canTransition(status, 'deleting')).toBe(true);
    }
    expect(statusesLeadingTo('deleting').sort()).toEqual(['degraded', 'failed', 'provisioning', 'ready', 'requested']);
  });

  it('treats everything but "deleted" as live', () => {
    expect(STORE_STATUSES.filter(isLiveStatus)).toEqual([...LIVE_STORE_STATUSES]);
    expect(isLiveStatus('deleted')).toBe(false);
  });
});
