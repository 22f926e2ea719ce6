import { defaultLimits } from '@storefleet/config';
import { effectiveLimits, type UserView } from '@storefleet/contracts';
import type { User } from '@storefleet/db';

import type { ApiEnv } from '../config/api-config.js';

export function toUserView(user: User, config: ApiEnv): UserView {
  return {
    id: user.id,
    email: user.email,
    role: user.role,
    disabled: user.disabled,
    limits: effectiveLimits(user, defaultLimits(config)),
    limitOverrides: {
      maxLiveStores: user.maxLiveStores,
      maxProvisioningStores: user.maxProvisioningStores,
      maxCreatesPerHour: user.maxCreatesPerHour,
    },
    createdAt: user.createdAt.toISOString(),
  };
}
