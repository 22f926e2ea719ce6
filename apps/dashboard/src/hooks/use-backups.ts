import type { StoreView } from '@storefleet/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { createBackup, deleteBackup, listBackups, restoreBackup } from '../api/backups.js';
import { storeKeys, useStoreCacheWriter } from './use-stores.js';

export const backupKeys = {
  list: (storeId: string) => ['stores', 'backups', storeId] as const,
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
