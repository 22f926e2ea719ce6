/**
 * The store status machine. Every status change in the platform goes through
 * `assertStoreTransition`, so the legal moves are written here and nowhere else.
 *
 *   requested → provisioning → ready ⇄ degraded
 *   provisioning → failed → provisioning (retry)
 *   any live status → deleting → deleted
 */
export const STORE_STATUSES = [
  'requested',
  'provisioning',
  'ready',
  'degraded',
  'failed',
  'deleting',
  'deleted',
] as const;

export type StoreStatus = (typeof STORE_STATUSES)[number];

const TRANSITIONS: Readonly<Record<StoreStatus, readonly StoreStatus[]>> = {
  requested: ['provisioning', 'deleting'],
  provisioning: ['ready', 'failed', 'deleting'],
  ready: ['degraded', 'deleting'],
  degraded: ['ready', 'deleting'],
  failed: ['provisioning', 'deleting'],
  // A teardown interrupted by a crash is resumed, never reverted.
  deleting: ['deleted'],
  deleted: [],
};

/** Statuses in which a store occupies a name, a namespace and a place in the owner's quota. */
export const LIVE_STORE_STATUSES: readonly StoreStatus[] = STORE_STATUSES.filter((s) => s !== 'deleted');

/** Statuses that count against the per-user "stores provisioning at once" limit. */
export const IN_FLIGHT_STORE_STATUSES: readonly StoreStatus[] = ['requested', 'provisioning'];

export function isLiveStatus(status: StoreStatus): boolean {
  return status !== 'deleted';
}

export function canTransition(from: StoreStatus, to: StoreStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** The statuses a store may move to from `from`. */
export function nextStatuses(from: StoreStatus): readonly StoreStatus[] {
  return TRANSITIONS[from];
}

/** The statuses from which a store may move to `to`. */
export function statusesLeadingTo(to: StoreStatus): StoreStatus[] {
  return STORE_STATUSES.filter((from) => TRANSITIONS[from].includes(to));
}

export class IllegalStoreTransitionError extends Error {
  constructor(
    readonly from: StoreStatus,
    readonly to: StoreStatus,
  ) {
    super(`A store cannot move from "${from}" to "${to}"`);
    this.name = 'IllegalStoreTransitionError';
  }
}

export function assertStoreTransition(from: StoreStatus, to: StoreStatus): void {
  if (!canTransition(from, to)) throw new IllegalStoreTransitionError(from, to);
}
