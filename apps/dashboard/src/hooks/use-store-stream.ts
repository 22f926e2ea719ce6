/**
 * Keeps every cached store current from the API's live stream (SSE), so no
 * screen polls. Each `store` event carries the store's full StoreView (what
 * GET /stores/:id returns), which replaces the cached store page and its row
 * in the lists; the store's timeline is refetched, since a status change means the
 * worker recorded steps. Status changes are announced to screen readers.
 *
 * The API ends a stream when its access token expires, so every reconnect
 * first makes sure the token is fresh; after a gap, cached stores are
 * refetched in case a change was missed while disconnected.
 */
import { STORE_STREAM_EVENT, type StoreView } from '@storefleet/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';

import { freshAccessToken, getAccessToken, onAccessTokenChange } from '../api/client.js';
import { storeStreamUrl } from '../api/stores.js';
import { statusLabel } from '../lib/format.js';
import { useAnnounce } from './announcer.js';
import { storeKeys, type StorePages } from './use-stores.js';

export function useStoreStream(enabled: boolean) {
  const queryClient = useQueryClient();
  const announce = useAnnounce();

  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    let source: EventSource | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let missedChanges = false;
    let stopped = false;

    const onStoreChange = (event: MessageEvent<string>) => {
      const change = JSON.parse(event.data) as StoreView;
      const previous = queryClient.getQueryData<StoreView>(storeKeys.detail(change.id));
      let listed: StoreView | undefined;
      // A stream message older than what is cached (a slow replica) never overwrites it.
      const newer = (store: StoreView) => (store.updatedAt > change.updatedAt ? store : change);
      queryClient.setQueryData<StoreView>(storeKeys.detail(change.id), (store) => store && newer(store));
      queryClient.setQueriesData<StorePages>(
        { queryKey: storeKeys.lists() },
        (data) =>
          data && {
            ...data,
            pages: data.pages.map((page) => ({
              ...page,
              items: page.items.map((store) => {
                if (store.id !== change.id) return store;
                listed ??= store;
                return newer(store);
              }),
            })),
          },
      );
      const before = previous ?? listed;
      // A store no list knows about (made in another tab, or another user's for operators).
      if (!listed) void queryClient.invalidateQueries({ queryKey: storeKeys.lists() });
      void queryClient.invalidateQueries({ queryKey: storeKeys.events(change.id) });
      void queryClient.invalidateQueries({ queryKey: ['ops', 'queues'] });
      if (!before || before.status !== change.status) {
        announce(`Store ${change.name} is now ${statusLabel(change.status).toLowerCase()}.`);
      }
    };

    const open = (token: string) => {
      if (stopped) return;
      source?.close();
      const current = new EventSource(storeStreamUrl(token));
      source = current;
      current.addEventListener(STORE_STREAM_EVENT, onStoreChange);
      current.onopen = () => {
        failures = 0;
        if (missedChanges) {
          missedChanges = false;
          void queryClient.invalidateQueries({ queryKey: storeKeys.all });
        }
      };
      current.onerror = () => {
        // Reconnect ourselves rather than let the browser retry with a token that may have expired.
        current.close();
        if (source !== current) return;
        source = null;
        missedChanges = true;
        failures += 1;
        const delay = Math.min(30_000, 500 * 2 ** Math.min(failures - 1, 6));
        retryTimer = setTimeout(() => {
          void freshAccessToken().then((fresh) => {
            if (fresh && !source) open(fresh);
          });
        }, delay);
      };
    };

    const initial = getAccessToken();
    if (initial) open(initial);
    // A new access token (sign-in or refresh) opens a new stream with it.
    const unsubscribe = onAccessTokenChange((token) => {
      clearTimeout(retryTimer);
      if (source) missedChanges = true;
      source?.close();
      source = null;
      if (token) open(token);
    });
    return () => {
      stopped = true;
      unsubscribe();
      clearTimeout(retryTimer);
      source?.close();
    };
  }, [enabled, queryClient, announce]);
}
