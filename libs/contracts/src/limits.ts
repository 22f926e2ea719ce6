/**
 * Per-user limits (PRODUCT.md section 3), decided here and nowhere else. The
 * live-store and hourly limits REFUSE a create; the provisioning limit never
 * refuses: a store over it is accepted as `requested` and waits for a slot.
 */
import type { LimitName } from './api.js';
import type { UserLimits } from './domain.js';

/** A user's own overrides; null (or absent) means the platform default. */
export type LimitOverrides = { [K in keyof UserLimits]?: number | null };

/** The limits that apply: the user's overrides where set, the platform defaults elsewhere. */
export function effectiveLimits(overrides: LimitOverrides, defaults: UserLimits): UserLimits {
  return {
    maxLiveStores: overrides.maxLiveStores ?? defaults.maxLiveStores,
    maxProvisioningStores: overrides.maxProvisioningStores ?? defaults.maxProvisioningStores,
    maxCreatesPerHour: overrides.maxCreatesPerHour ?? defaults.maxCreatesPerHour,
  };
}

/** What an owner has now, as counted under the owner's lock. */
export interface OwnerUsage {
  /** Stores not deleted. */
  live: number;
  /** Stores created in the last hour (deleted ones too). */
  lastHour: number;
  /** When the oldest of those was created. */
  oldestInHour: Date | null;
}

export interface LimitRefusal {
  limit: LimitName;
  max: number;
  current: number;
  /** For the hourly limit: seconds until a create would be accepted. */
  retryAfterSeconds?: number;
}

/** Why a new store must be refused, or null when it is accepted (possibly to wait for a provisioning slot). */
export function createRefusal(usage: OwnerUsage, limits: UserLimits, now = Date.now()): LimitRefusal | null {
  if (usage.live >= limits.maxLiveStores) return { limit: 'maxLiveStores', max: limits.maxLiveStores, current: usage.live };
  if (usage.lastHour >= limits.maxCreatesPerHour) {
    const freesAt = (usage.oldestInHour?.getTime() ?? now) + 3600_000;
    return {
      limit: 'maxCreatesPerHour',
      max: limits.maxCreatesPerHour,
      current: usage.lastHour,
      retryAfterSeconds: Math.max(1, Math.ceil((freesAt - now) / 1000)),
    };
  }
  return null;
}

/** May one more of the owner's stores start provisioning while `provisioning` already do? */
export function hasProvisioningSlot(provisioning: number, limits: UserLimits): boolean {
  return provisioning < limits.maxProvisioningStores;
}
