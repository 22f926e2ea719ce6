import { describe, expect, it } from 'vitest';

import { user } from '../test/render.js';
import { limitChanges } from './ops-users.js';

describe('limitChanges', () => {
  const u = user({ limitOverrides: { maxLiveStores: 8, maxProvisioningStores: null, maxCreatesPerHour: null } });

  it('sends only the limits that changed', () => {
    expect(limitChanges(u, { maxLiveStores: '8', maxProvisioningStores: '', maxCreatesPerHour: '20' })).toEqual({
      maxCreatesPerHour: 20,
    });
  });

  it('sends null for an emptied limit so the default applies again', () => {
    expect(limitChanges(u, { maxLiveStores: '', maxProvisioningStores: '', maxCreatesPerHour: '' })).toEqual({
      maxLiveStores: null,
    });
  });
});
