import type { CreateStoreRequest, Page, StoreView } from '@storefleet/contracts';
import {
  type InfiniteData,
  replaceEqualDeep,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';

import {
  createStore,
  deleteStore,
  getStore,
  listStoreEvents,
  listStores,
  operateStore,
  retryStore,
  revealCredentials,
  setStoreDomains,
  type StoreFilters,
  upgradeStore,
} from '../api/stores.js';

export const storeKeys = {
  all: ['stores'] as const,
  lists: () => ['stores', 'list'] as const,
  list: (filters: StoreFilters) => ['stores', 'list', filters] as const,
  detail: (id: string) => ['stores', 'detail', id] as const,
  events: (id: string) => ['stores', 'events', id] as const,
};

export type StorePages = InfiniteData<Page<StoreView>, string | null>;

/** The newer of two versions of a store (by updatedAt): what the cache keeps. */
export function newerStore(cached: StoreView | undefined, incoming: StoreView): StoreView {
  return cached && cached.updatedAt > incoming.updatedAt ? cached : incoming;
}

/**
 * A fetched store or page never replaces a newer version already cached: a
 * GET answered from before a change can arrive after the live stream
 * delivered that change (then the stale status stayed until the next refetch).
 */
function keepNewerStore(old: unknown, next: unknown): unknown {
  return replaceEqualDeep(old, old ? newerStore(old as StoreView, next as StoreView) : next);
}

function keepNewerStores(old: unknown, next: unknown): unknown {
  if (!old) return next;
  const cached = new Map((old as StorePages).pages.flatMap((page) => page.items.map((s) => [s.id, s] as const)));
  const fetched = next as StorePages;
  const merged: StorePages = {
    ...fetched,
    pages: fetched.pages.map((page) => ({ ...page, items: page.items.map((s) => newerStore(cached.get(s.id), s)) })),
  };
  return replaceEqualDeep(old, merged);
}

export function useStores(filters: StoreFilters) {
  return useInfiniteQuery({
    queryKey: storeKeys.list(filters),
    queryFn: ({ pageParam }) => listStores(filters, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    structuralSharing: keepNewerStores,
  });
}

export function useStore(id: string) {
  return useQuery({ queryKey: storeKeys.detail(id), queryFn: () => getStore(id), structuralSharing: keepNewerStore });
}

export function useStoreEvents(id: string) {
  return useQuery({ queryKey: storeKeys.events(id), queryFn: () => listStoreEvents(id) });
}

/**
 * Writes a store into every cached place it appears (its page and any list showing it), unless
 * what is cached is newer: an action's answer can arrive after the live stream's next change.
 */
export function useStoreCacheWriter() {
  const queryClient = useQueryClient();
  return (store: StoreView) => {
    const newest = (cached: StoreView | undefined) => newerStore(cached, store);
    queryClient.setQueryData<StoreView>(storeKeys.detail(store.id), newest);
    queryClient.setQueriesData<StorePages>({ queryKey: storeKeys.lists() }, (data) =>
      data
        ? {
            ...data,
            pages: data.pages.map((page) => ({ ...page, items: page.items.map((s) => (s.id === store.id ? newest(s) : s)) })),
          }
        : data,
    );
  };
}

export function useCreateStore() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ request, idempotencyKey }: { request: CreateStoreRequest; idempotencyKey: string }) =>
      createStore(request, idempotencyKey),
    onSuccess: async (store) => {
      queryClient.setQueryData(storeKeys.detail(store.id), store);
      await queryClient.invalidateQueries({ queryKey: storeKeys.lists() });
    },
  });
}

function useStoreAction<T = string>(
  action: (input: T) => Promise<StoreView | undefined>,
  idOf: (input: T) => string = (input) => input as string,
) {
  const queryClient = useQueryClient();
  const write = useStoreCacheWriter();
  return useMutation({
    mutationFn: (input: T) => action(input),
    onSuccess: async (store, input) => {
      const id = idOf(input);
      if (store) write(store);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: storeKeys.detail(id) }),
        queryClient.invalidateQueries({ queryKey: storeKeys.events(id) }),
        queryClient.invalidateQueries({ queryKey: storeKeys.lists() }),
      ]);
    },
  });
}

export function useDeleteStore() {
  return useStoreAction(deleteStore);
}

export function useRetryStore() {
  return useStoreAction(retryStore);
}

export function useSuspendStore() {
  return useStoreAction((id) => operateStore(id, 'suspend'));
}

export function useResumeStore() {
  return useStoreAction((id) => operateStore(id, 'resume'));
}

export function useUpgradeStore() {
  return useStoreAction(
    ({ id, version }: { id: string; version: string }) => upgradeStore(id, version),
    ({ id }) => id,
  );
}

export function useSetStoreDomains() {
  return useStoreAction(
    ({ id, domains }: { id: string; domains: string[] }) => setStoreDomains(id, domains),
    (v) => v.id,
  );
}

/** Credentials are shown once on request and never kept in the query cache. */
export function useRevealCredentials() {
  return useMutation({ mutationFn: (id: string) => revealCredentials(id), gcTime: 0 });
}
