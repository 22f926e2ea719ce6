/**
 * Backups of a store: what the API returns, the job payloads (their queue
 * and names are in queues.ts), the audit actions. How a backup is laid out in the bucket and when it
 * counts as completed: libs/backups.
 */

export const BACKUP_STATUSES = ['running', 'completed', 'failed'] as const;
export type BackupStatus = (typeof BACKUP_STATUSES)[number];

export const BACKUP_TRIGGERS = ['manual', 'scheduled'] as const;
export type BackupTrigger = (typeof BACKUP_TRIGGERS)[number];

export interface BackupObjectView {
  part: 'database' | 'files';
  key: string;
  size: number;
  sha256: string;
}

export interface BackupView {
  id: string;
  storeId: string;
  trigger: BackupTrigger;
  status: BackupStatus;
  /** Why it failed; null unless `failed`. */
  reason: string | null;
  engine: 'woocommerce' | 'medusa';
  /** The database server's version that wrote the dump (from the verified manifest). */
  engineVersion: string | null;
  /** Key of the backup's manifest.json in the platform's bucket. */
  manifestKey: string;
  /** Stored (compressed) bytes of all objects; null until completed. */
  sizeBytes: number | null;
  /** The verified manifest's objects; null until completed. */
  objects: BackupObjectView[] | null;
  createdAt: string;
  completedAt: string | null;
}

/** When a store is backed up on its own and how many completed backups it keeps. */
export interface BackupPolicy {
  /** Hours between scheduled backups; 0 turns them off. */
  intervalHours: number;
  /** Completed backups kept; after each completed backup, older ones are deleted from the bucket. */
  keepLast: number;
}

/** Defaults of a store's backup policy (a store without its own row uses them). */
export const DEFAULT_BACKUP_POLICY: Readonly<BackupPolicy> = { intervalHours: 24, keepLast: 7 };

/** What a policy may say: at least hourly (or off) up to monthly; 1 to 100 backups kept. */
export const BACKUP_POLICY_RANGE = {
  intervalHours: { min: 0, max: 720 },
  keepLast: { min: 1, max: 100 },
} as const satisfies Record<keyof BackupPolicy, { min: number; max: number }>;

export interface BackupPolicyView extends BackupPolicy {
  storeId: string;
  /** True while the store has no policy of its own (the platform's defaults apply). */
  isDefault: boolean;
  /** When the store's own policy was last changed; null while isDefault. */
  updatedAt: string | null;
}

/** PATCH /stores/{id}/backup-policy: change one or both (the other keeps its current value). */
export type UpdateBackupPolicyRequest = Partial<BackupPolicy>;

/** Audit actions of backups, restores and clones; part of AUDIT_ACTIONS. */
export const BACKUP_AUDIT_ACTIONS = [
  'backup.create',
  'backup.delete',
  'backup.completed',
  'backup.failed',
  'backup.policy_update',
  'store.restore',
  'store.restored',
  'store.restore_failed',
] as const;

export interface RunBackupJob {
  backupId: string;
  requestId?: string;
}

export interface DeleteBackupObjectsJob {
  storeId: string;
  backupId: string;
  requestId?: string;
}
