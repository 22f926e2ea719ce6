import type { BackupPolicyView, BackupView, Page, StoreView, UpdateBackupPolicyRequest } from '@storefleet/contracts';

import { apiRequest } from './client.js';

const backupsOf = (storeId: string) => `/stores/${encodeURIComponent(storeId)}/backups`;

/** A store's backups, newest first. */
export function listBackups(storeId: string, cursor?: string | null, limit = 20): Promise<Page<BackupView>> {
  return apiRequest<Page<BackupView>>(backupsOf(storeId), { query: { cursor, limit } });
}

export function createBackup(storeId: string): Promise<BackupView> {
  return apiRequest<BackupView>(backupsOf(storeId), { method: 'POST' });
}

export function deleteBackup(storeId: string, backupId: string): Promise<undefined> {
  return apiRequest<undefined>(`${backupsOf(storeId)}/${encodeURIComponent(backupId)}`, { method: 'DELETE' });
}

/** Replaces the store's data with the backup's: the store answers `restoring`, then becomes ready again. */
export function restoreBackup(storeId: string, backupId: string): Promise<StoreView> {
  return apiRequest<StoreView>(`/stores/${encodeURIComponent(storeId)}/restore`, { method: 'POST', body: { backupId } });
}

const policyOf = (storeId: string) => `/stores/${encodeURIComponent(storeId)}/backup-policy`;

/** How often the store is backed up on its own and how many completed backups it keeps. */
export function getBackupPolicy(storeId: string): Promise<BackupPolicyView> {
  return apiRequest<BackupPolicyView>(policyOf(storeId));
}

export function updateBackupPolicy(storeId: string, change: UpdateBackupPolicyRequest): Promise<BackupPolicyView> {
  return apiRequest<BackupPolicyView>(policyOf(storeId), { method: 'PATCH', body: change });
}
