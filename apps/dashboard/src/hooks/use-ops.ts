import type { UpdateUserRequest } from '@storefleet/contracts';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { type AuditFilters, listAudit } from '../api/audit.js';
import { listJobs, listQueueCounts, retryJob } from '../api/ops.js';
import { createUser, listUsers, updateUser } from '../api/users.js';

export function useQueueCounts() {
  return useQuery({ queryKey: ['ops', 'queues'], queryFn: listQueueCounts });
}

export function useFailedJobs() {
  return useQuery({ queryKey: ['ops', 'jobs', 'failed'], queryFn: () => listJobs('failed') });
}

export function useRetryJob() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: retryJob,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['ops'] }),
  });
}

export function useAuditLog(filters: AuditFilters, cursor: string | null) {
  return useQuery({
    queryKey: ['audit', filters, cursor],
    queryFn: () => listAudit(filters, cursor),
    placeholderData: (previous) => previous,
  });
}

export function useUsers(enabled = true) {
  return useInfiniteQuery({
    queryKey: ['users'],
    queryFn: ({ pageParam }) => listUsers(pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled,
  });
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, changes }: { id: string; changes: UpdateUserRequest }) => updateUser(id, changes),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
  });
}

/** Email by user id, for staff screens that show other users' stores (empty for owners, who cannot list users). */
export function useUserEmails(enabled: boolean): ReadonlyMap<string, string> {
  const users = useUsers(enabled);
  return new Map(users.data?.pages.flatMap((page) => page.items.map((user) => [user.id, user.email] as const)) ?? []);
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createUser,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
  });
}
