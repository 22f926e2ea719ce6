import type { BackupPolicyView, StoreView, UpdateBackupPolicyRequest } from '@storefleet/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { createBackup, deleteBackup, getBackupPolicy, listBackups, restoreBackup, updateBackupPolicy } from '../api/backups.js';
import { storeKeys, useStoreCacheWriter } from './use-stores.js';

export const backupKeys = {
  list: (storeId: string) => ['stores', 'backups', storeId] as const,
  policy: (storeId: string) => ['stores', 'backup-policy', storeId] as const,
};

/** How often a list with a running backup is read again: backups are not on the live stream of store changes. */
const RUNNING_REFRESH_MS = 5_000;

export function useBackups(storeId: string) {
  return useQuery({
    queryKey: backupKeys.list(storeId),
    queryFn: () => listBackups(storeId),
    refetchInterval: (query) => (query.state.data?.items.some((b) => b.status === 'running') ? RUNNING_REFRESH_MS : false),
  });
}

function useBackupMutation<A, R>(storeId: string, action: (args: A) => Promise<R>, after?: (result: R) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: action,
    onSuccess: async (result) => {
      after?.(result);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: backupKeys.list(storeId) }),
        queryClient.invalidateQueries({ queryKey: storeKeys.events(storeId) }),
      ]);
    },
  });
}

export function useCreateBackup(storeId: string) {
  return useBackupMutation(storeId, () => createBackup(storeId));
}

export function useDeleteBackup(storeId: string) {
  return useBackupMutation(storeId, (backupId: string) => deleteBackup(storeId, backupId));
}

export function useRestoreBackup(storeId: string) {
  const write = useStoreCacheWriter();
  return useBackupMutation(
    storeId,
    (backupId: string) => restoreBackup(storeId, backupId),
    (store: StoreView) => write(store),
  );
}

export function useBackupPolicy(storeId: string) {
  return useQuery({ queryKey: backupKeys.policy(storeId), queryFn: () => getBackupPolicy(storeId) });
}

export function useUpdateBackupPolicy(storeId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: UpdateBackupPolicyRequest) => updateBackupPolicy(storeId, change),
    onSuccess: (policy: BackupPolicyView) => queryClient.setQueryData(backupKeys.policy(storeId), policy),
  });
}
