/**
 * Keeps every cached store current from the API's live stream (SSE), so no
 * screen polls. Each `store` event is written into the cached store page and
 * lists; the store's timeline is refetched, since a status change means the
 * worker recorded steps. Status changes are announced to screen readers.
 */
import type { StoreChangeMessage, StoreView } from '@storefleet/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';

import { getAccessToken, onAccessTokenChange, refreshSession } from '../api/client.js';
import { storeStreamUrl } from '../api/stores.js';
import { statusLabel } from '../lib/format.js';
import { useAnnounce } from './announcer.js';
import { storeKeys, type StorePages } from './use-stores.js';

export function applyStoreChange(store: StoreView, change: StoreChangeMessage): StoreView {
  return {
    ...store,
    status: change.status,
    statusReason: change.statusReason,
    storefrontUrl: change.storefrontUrl,
    adminUrl: change.adminUrl,
    updatedAt: change.updatedAt,
  };
}

export function useStoreStream(enabled: boolean) {
  const queryClient = useQueryClient();
  const announce = useAnnounce();

  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    let source: EventSource | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let stopped = false;

    const onStoreChange = (event: MessageEvent<string>) => {
      failures = 0;
      const change = JSON.parse(event.data) as StoreChangeMessage;
      const previous = queryClient.getQueryData<StoreView>(storeKeys.detail(change.storeId));
      let listed: StoreView | undefined;
      queryClient.setQueryData<StoreView>(storeKeys.detail(change.storeId), (store) => store && applyStoreChange(store, change));
      queryClient.setQueriesData<StorePages>(
        { queryKey: storeKeys.lists() },
        (data) =>
          data && {
            ...data,
            pages: data.pages.map((page) => ({
              ...page,
              items: page.items.map((store) => {
                if (store.id !== change.storeId) return store;
                listed ??= store;
                return applyStoreChange(store, change);
              }),
            })),
          },
      );
      const before = previous ?? listed;
      // A store no list knows about (made in another tab, or by another user for operators).
      if (!listed) void queryClient.invalidateQueries({ queryKey: storeKeys.lists() });
      void queryClient.invalidateQueries({ queryKey: storeKeys.events(change.storeId) });
      void queryClient.invalidateQueries({ queryKey: ['ops', 'queues'] });
      if (!before || before.status !== change.status) {
        announce(`Store ${change.name} is now ${statusLabel(change.status).toLowerCase()}.`);
      }
    };

    const connect = () => {
      const token = getAccessToken();
      if (stopped || !token) return;
      source = new EventSource(storeStreamUrl(token));
      source.addEventListener('store', onStoreChange);
      source.onopen = () => {
        failures = 0;
      };
      source.onerror = () => {
        // The browser reconnects by itself after a dropped connection; it gives
        // up (CLOSED) when the server refuses, usually an expired token.
        if (source?.readyState !== EventSource.CLOSED) return;
        source.close();
        source = null;
        failures += 1;
        const delay = Math.min(30_000, 1_000 * 2 ** Math.min(failures, 5));
        retryTimer = setTimeout(() => {
          void refreshSession().then(connect);
        }, delay);
      };
    };

    connect();
    // A new access token (sign-in or refresh) opens a new stream with it.
    const unsubscribe = onAccessTokenChange((token) => {
      source?.close();
      source = null;
      clearTimeout(retryTimer);
      if (token) connect();
    });
    return () => {
      stopped = true;
      unsubscribe();
      clearTimeout(retryTimer);
      source?.close();
    };
  }, [enabled, queryClient, announce]);
}
