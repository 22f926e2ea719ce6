import type { UserLimits, UserView } from '@storefleet/contracts';
import type { User } from '@storefleet/db';

import type { ApiEnv } from '../config/api-config.js';

type LimitsSource = Pick<User, 'maxLiveStores' | 'maxProvisioningStores' | 'maxCreatesPerHour'>;

/** A user's limits: their own overrides where set, the platform defaults elsewhere. */
export function effectiveLimits(user: LimitsSource, config: ApiEnv): UserLimits {
  return {
    maxLiveStores: user.maxLiveStores ?? config.DEFAULT_MAX_LIVE_STORES,
    maxProvisioningStores: user.maxProvisioningStores ?? config.DEFAULT_MAX_PROVISIONING_STORES,
    maxCreatesPerHour: user.maxCreatesPerHour ?? config.DEFAULT_MAX_CREATES_PER_HOUR,
  };
}

export function toUserView(user: User, config: ApiEnv): UserView {
  return {
    id: user.id,
    email: user.email,
    role: user.role,
    disabled: user.disabled,
    limits: effectiveLimits(user, config),
    limitOverrides: {
      maxLiveStores: user.maxLiveStores,
      maxProvisioningStores: user.maxProvisioningStores,
      maxCreatesPerHour: user.maxCreatesPerHour,
    },
    createdAt: user.createdAt.toISOString(),
  };
}
