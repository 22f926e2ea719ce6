import { createRefusal, effectiveLimits, hasProvisioningSlot } from './limits.js';

const limits = { maxLiveStores: 5, maxProvisioningStores: 2, maxCreatesPerHour: 10 };
const idle = { live: 0, lastHour: 0, oldestInHour: null };

describe('per-user limits', () => {
  it("takes the user's overrides where set and the defaults elsewhere", () => {
    expect(effectiveLimits({ maxLiveStores: 1, maxProvisioningStores: null }, limits)).toEqual({ ...limits, maxLiveStores: 1 });
  });

  it('refuses a sixth live store when the limit is five', () => {
    expect(createRefusal({ ...idle, live: 4 }, limits)).toBeNull();
    expect(createRefusal({ ...idle, live: 5 }, limits)).toEqual({ limit: 'maxLiveStores', max: 5, current: 5 });
  });

  it('never refuses a create because stores are provisioning: the store waits for a slot instead', () => {
    // OwnerUsage has no provisioning count at all: the limit cannot refuse a create.
    expect(createRefusal({ ...idle, live: 4 }, { ...limits, maxProvisioningStores: 0 })).toBeNull();
    expect(hasProvisioningSlot(1, limits)).toBe(true);
    expect(hasProvisioningSlot(2, limits)).toBe(false);
  });

  it('refuses the eleventh create of the hour, saying when the oldest one leaves the window', () => {
    const now = Date.parse('2026-01-01T12:00:00Z');
    const refusal = createRefusal({ live: 0, lastHour: 10, oldestInHour: new Date(now - 50 * 60_000) }, limits, now);
    expect(refusal).toEqual({ limit: 'maxCreatesPerHour', max: 10, current: 10, retryAfterSeconds: 600 });
  });
});
