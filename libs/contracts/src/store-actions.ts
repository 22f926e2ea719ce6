/**
 * What a store allows in each status: the API refuses what is not allowed
 * and the dashboard offers only what is. One table, both sides.
 */
import { statusesLeadingTo, type StoreStatus } from './store-status.js';

export const STORE_ACTIONS = [
  'delete',
  'retry',
  'revealCredentials',
  'suspend',
  'resume',
  'backup',
  'restore',
  'editDomains',
  'upgrade',
] as const;
export type StoreAction = (typeof STORE_ACTIONS)[number];

const ALLOWED: Readonly<Record<StoreAction, readonly StoreStatus[]>> = {
  // A store already deleting is not offered a delete; repeating DELETE on it is still answered 202 (idempotent).
  delete: [
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
  ],
  retry: ['failed'],
  // Shown once the store works; a store on its way out shows none.
  revealCredentials: ['ready', 'degraded'],
  // Exactly where the status machine allows the move: a working store is paused, a paused one resumed.
  suspend: statusesLeadingTo('suspending'),
  resume: statusesLeadingTo('resuming'),
  // Backing up and restoring need the store's database up and answering.
  backup: ['ready', 'degraded'],
  restore: ['ready', 'degraded'],
  // PUT /stores/{id}/domains: a working store, one change at a time.
  editDomains: statusesLeadingTo('configuring'),
  // Moving to another engine version (or back to the previous one) starts from a store at rest and running.
  upgrade: statusesLeadingTo('upgrading'),
};

export function storeAllows(status: StoreStatus, action: StoreAction): boolean {
  return ALLOWED[action].includes(status);
}

/** Every action and whether the status allows it. */
export function storeActions(status: StoreStatus): Record<StoreAction, boolean> {
  return Object.fromEntries(STORE_ACTIONS.map((action) => [action, storeAllows(status, action)])) as Record<StoreAction, boolean>;
}
