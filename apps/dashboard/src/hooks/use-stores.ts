import type { CreateStoreRequest, Page, StoreView } from '@storefleet/contracts';
import { type InfiniteData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import {
  createStore,
  deleteStore,
  getStore,
  listStoreEvents,
  listStores,
  retryStore,
  revealCredentials,
  type StoreFilters,
} from '../api/stores.js';

export const storeKeys = {
  all: ['stores'] as const,
  lists: () => ['stores', 'list'] as const,
  list: (filters: StoreFilters) => ['stores', 'list', filters] as const,
  detail: (id: string) => ['stores', 'detail', id] as const,
  events: (id: string) => ['stores', 'events', id] as const,
};

export type StorePages = InfiniteData<Page<StoreView>, string | null>;

export function useStores(filters: StoreFilters) {
  return useInfiniteQuery({
    queryKey: storeKeys.list(filters),
    queryFn: ({ pageParam }) => listStores(filters, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useStore(id: string) {
  return useQuery({ queryKey: storeKeys.detail(id), queryFn: () => getStore(id) });
}

export function useStoreEvents(id: string) {
  return useQuery({ queryKey: storeKeys.events(id), queryFn: () => listStoreEvents(id) });
}

/** Writes a store into every cached place it appears (its page and any list showing it). */
export function useStoreCacheWriter() {
  const queryClient = useQueryClient();
  return (store: StoreView) => {
    queryClient.setQueryData(storeKeys.detail(store.id), store);
    queryClient.setQueriesData<StorePages>({ queryKey: storeKeys.lists() }, (data) =>
      data
        ? {
            ...data,
            pages: data.pages.map((page) => ({ ...page, items: page.items.map((s) => (s.id === store.id ? store : s)) })),
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

function useStoreAction(action: (id: string) => Promise<StoreView | undefined>) {
  const queryClient = useQueryClient();
  const write = useStoreCacheWriter();
  return useMutation({
    mutationFn: (id: string) => action(id),
    onSuccess: async (store, id) => {
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

/** Credentials are shown once on request and never kept in the query cache. */
export function useRevealCredentials() {
  return useMutation({ mutationFn: (id: string) => revealCredentials(id), gcTime: 0 });
}
