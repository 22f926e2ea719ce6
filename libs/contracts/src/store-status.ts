/**
 * The store status machine. Every status change in the platform goes through
 * `assertStoreTransition`, so the legal moves are written here and nowhere else.
 *
 *   requested → provisioning → ready ⇄ degraded
 *   provisioning → failed → requested (retry: waits for a provisioning slot like a new store)
 *   ready | degraded → suspending → suspended → resuming → ready (or degraded: it did not come back)
 *   ready | degraded → restoring → ready | failed   (restore of a backup; a clone restores right after provisioning)
 *   ready | degraded → configuring → ready (or degraded: the new hosts did not come up)   (custom domains applied)
 *   ready | degraded → upgrading → ready (new engine version) | degraded (old version kept, with the reason)
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
  'restoring',
  'suspending',
  'suspended',
  'resuming',
  'configuring',
  'upgrading',
] as const;

export type StoreStatus = (typeof STORE_STATUSES)[number];

const TRANSITIONS: Readonly<Record<StoreStatus, readonly StoreStatus[]>> = {
  requested: ['provisioning', 'deleting'],
  // A clone (a store created from a backup) restores its data once provisioned.
  provisioning: ['ready', 'failed', 'deleting', 'restoring'],
  ready: ['degraded', 'suspending', 'deleting', 'restoring', 'configuring', 'upgrading'],
  degraded: ['ready', 'suspending', 'deleting', 'restoring', 'configuring', 'upgrading'],
  // A suspend or resume is finished (by the worker, or by the reconciler after a crash), never reversed half-way.
  suspending: ['suspended', 'deleting'],
  suspended: ['resuming', 'deleting'],
  resuming: ['ready', 'degraded', 'deleting'],
  // Its custom domains are being applied (Ingress hosts and TLS, the engine's canonical URL); finished, never reversed.
  configuring: ['ready', 'degraded', 'deleting'],
  // An upgrade ends at the new version (ready) or, failed, back at the old one (degraded, retryable or rolled back).
  upgrading: ['ready', 'degraded', 'deleting'],
  // A retry queues again for a provisioning slot: it never skips the owner's limit.
  failed: ['requested', 'deleting'],
  // A teardown interrupted by a crash is resumed, never reverted.
  deleting: ['deleted'],
  deleted: [],
  // A failed restore fails the store (retryable: provisioning again, then the same restore).
  restoring: ['ready', 'failed', 'deleting'],
};

/** Statuses in which a store occupies a name, a namespace and a place in the owner's quota. */
export const LIVE_STORE_STATUSES: readonly StoreStatus[] = STORE_STATUSES.filter((s) => s !== 'deleted');

/**
 * Statuses that count against the per-user "stores provisioning at once"
 * limit. A suspended (or suspending, resuming) store is not provisioning; it
 * still counts as live.
 */
export const IN_FLIGHT_STORE_STATUSES: readonly StoreStatus[] = ['requested', 'provisioning'];

/** Statuses in which the store's workloads are (being) scaled to zero and its storefront shows the paused page. */
export const PAUSED_STORE_STATUSES: readonly StoreStatus[] = ['suspending', 'suspended'];

export function isLiveStatus(status: StoreStatus): boolean {
  return status !== 'deleted';
}

export function canTransition(from: StoreStatus, to: StoreStatus): boolean {
  return TRANSITIONS[from].includes(to);
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
