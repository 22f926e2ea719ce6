import { type BackupObjectView, type BackupPolicyView, type BackupView, DEFAULT_BACKUP_POLICY } from '@storefleet/contracts';
import type { Backup, BackupPolicy } from '@storefleet/db';

export function toBackupView(backup: Backup): BackupView {
  return {
    id: backup.id,
    storeId: backup.storeId,
    trigger: backup.trigger,
    status: backup.status,
    reason: backup.reason,
    engine: backup.engine,
    engineVersion: backup.engineVersion,
    manifestKey: backup.manifestKey,
    sizeBytes: backup.sizeBytes === null ? null : Number(backup.sizeBytes),
    objects: (backup.objects as BackupObjectView[] | null) ?? null,
    createdAt: backup.createdAt.toISOString(),
    completedAt: backup.completedAt?.toISOString() ?? null,
  };
}

/** A store's own policy, or the platform's defaults while it has none. */
export function toBackupPolicyView(storeId: string, policy: BackupPolicy | null): BackupPolicyView {
  return policy
    ? {
        storeId,
        intervalHours: policy.intervalHours,
        keepLast: policy.keepLast,
        isDefault: false,
        updatedAt: policy.updatedAt.toISOString(),
      }
    : { storeId, ...DEFAULT_BACKUP_POLICY, isDefault: true, updatedAt: null };
}
