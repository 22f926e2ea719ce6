import { BACKUP_AUDIT_ACTIONS } from './backups.js';

/** Every id (users, stores, backups, ...) is a UUID in this form. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

export const ROLES = ['owner', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Operators and admins see every store, the queue and the audit log. */
export function isStaff(role: Role): boolean {
  return role === 'operator' || role === 'admin';
}

export const STORE_ENGINES = ['woocommerce', 'medusa'] as const;
export type StoreEngine = (typeof STORE_ENGINES)[number];

export const STORE_PLANS = ['small', 'medium', 'large'] as const;
export type StorePlan = (typeof STORE_PLANS)[number];

export const STEP_OUTCOMES = ['running', 'succeeded', 'failed'] as const;
export type StepOutcome = (typeof STEP_OUTCOMES)[number];

export const AUDIT_OUTCOMES = ['success', 'failure', 'denied'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** Audit actions, as written to the audit log. */
export const AUDIT_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'auth.refresh',
  'store.create',
  'store.delete',
  'store.retry',
  'store.reveal_credentials',
  'store.provisioning',
  'store.ready',
  'store.failed',
  'store.degraded',
  'store.deleted',
  'store.suspend',
  'store.suspended',
  'store.resume',
  'store.upgrade',
  'store.upgraded',
  'store.domains',
  'store.domains_applied',
  'user.create',
  'user.update',
  'user.update_limits',
  'job.retry',
  'cluster.orphan_found',
  ...BACKUP_AUDIT_ACTIONS,
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Per-user limits. Each user may override any of them; null means the platform default. */
export interface UserLimits {
  maxLiveStores: number;
  maxProvisioningStores: number;
  maxCreatesPerHour: number;
}
