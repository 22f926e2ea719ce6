import type { BackupObjectView, BackupView } from '@storefleet/contracts';
import type { Backup } from '@storefleet/db';

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
