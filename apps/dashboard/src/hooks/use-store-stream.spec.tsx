import type { StoreView } from '@storefleet/contracts';
import { QueryClientProvider } from '@tanstack/react-query';
import { act, render, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { endSession, startSession } from '../api/client.js';
import { createQueryClient } from '../app.js';
import { tokens, user } from '../test/render.js';
import { AnnouncerProvider } from './announcer.js';
import { useStoreStream } from './use-store-stream.js';
import { storeKeys, type StorePages, useStore, useStores } from './use-stores.js';

class FakeEventSource {
  static readonly CLOSED = 2;
  static instances: FakeEventSource[] = [];
  readyState = 1;
  closed = false;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  private listeners = new Map<string, ((event: MessageEvent<string>) => void)[]>();
  constructor(readonly url: string) {
    FakeEventSource.instances.push(this);
  }
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close() {
    this.closed = true;
  }
  emit(type: string, data: unknown) {
    for (const listener of this.listeners.get(type) ?? []) listener(new MessageEvent(type, { data: JSON.stringify(data) }));
  }
}

const store: StoreView = {
  id: 's-1',
  name: 'corner-shop',
  engine: 'woocommerce',
  plan: 'small',
  ownerId: 'u-1',
  status: 'provisioning',
  statusReason: null,
  namespace: 'store-corner-shop',
  storefrontUrl: null,
  adminUrl: null,
  provisionAttempts: 1,
  retryCount: 0,
  requestedAt: '2025-01-01T10:00:00.000Z',
  readyAt: null,
  deletedAt: null,
  updatedAt: '2025-01-01T10:00:00.000Z',
  engineVersion: null,
  targetEngineVersion: null,
  domains: [],
};

const change: StoreView = {
  ...store,
  status: 'ready',
  storefrontUrl: 'http://corner-shop.localtest.me',
  adminUrl: 'http://corner-shop.localtest.me/wp-admin',
  readyAt: '2025-01-01T10:03:00.000Z',
  updatedAt: '2025-01-01T10:03:00.000Z',
};

function Stream() {
  useStoreStream(true);
  return null;
}

function setup() {
  vi.stubGlobal('EventSource', FakeEventSource);
  FakeEventSource.instances = [];
  startSession(tokens(user()));
  const queryClient = createQueryClient();
  queryClient.setQueryData(storeKeys.detail('s-1'), store);
  queryClient.setQueryData<StorePages>(storeKeys.list({}), { pages: [{ items: [store], nextCursor: null }], pageParams: [null] });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={queryClient}>
      <AnnouncerProvider>{children}</AnnouncerProvider>
    </QueryClientProvider>
  );
  render(<Stream />, { wrapper });
  return queryClient;
}

afterEach(() => endSession());

describe('useStoreStream', () => {
  it('connects with the access token in the query string', () => {
    setup();
    expect(FakeEventSource.instances).toHaveLength(1);
    expect(FakeEventSource.instances[0]!.url).toBe('/api/v1/stores/stream?access_token=access-1');
  });

  it('writes status changes into the cached store and lists, and announces them', async () => {
    const queryClient = setup();
    vi.spyOn(window, 'requestAnimationFrame').mockImplementation((cb) => {
      cb(0);
      return 0;
    });
    act(() => FakeEventSource.instances[0]!.emit('store', change));
    // The whole view, readyAt included (the store page shows when it became ready).
    expect(queryClient.getQueryData<StoreView>(storeKeys.detail('s-1'))).toEqual(change);
    const list = queryClient.getQueryData<StorePages>(storeKeys.list({}));
    expect(list?.pages[0]?.items[0]).toEqual(change);
    expect((await screen.findByTestId('announcer')).textContent).toBe('Store corner-shop is now ready.');
  });

  it('reconnects with the new token after a refresh', () => {
    setup();
    const first = FakeEventSource.instances[0]!;
    act(() => startSession({ ...tokens(user()), accessToken: 'access-2' }));
    expect(first.closed).toBe(true);
    expect(FakeEventSource.instances.at(-1)!.url).toContain('access_token=access-2');
  });
});

describe('a fetch answered before a change the stream already delivered', () => {
  function Page() {
    useStoreStream(true);
    useStore('s-1');
    useStores({});
    return null;
  }

  it('never puts the stale status back into the store page or the list', async () => {
    vi.spyOn(window, 'requestAnimationFrame').mockImplementation((cb) => {
      cb(0);
      return 0;
    });
    setup();
    // Every GET is answered only when the test says, with the store as it was before the change.
    const answers: (() => void)[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn((input: RequestInfo | URL) => {
        const url = input instanceof Request ? input.url : input.toString();
        const body = url.includes('/stores/s-1') ? store : { items: [store], nextCursor: null };
        return new Promise<Response>((resolve) =>
          answers.push(() => resolve(new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } }))),
        );
      }),
    );
    const queryClient = createQueryClient();
    queryClient.setQueryData(storeKeys.detail('s-1'), store);
    queryClient.setQueryData<StorePages>(storeKeys.list({}), {
      pages: [{ items: [store], nextCursor: null }],
      pageParams: [null],
    });
    render(
      <QueryClientProvider client={queryClient}>
        <AnnouncerProvider>
          <Page />
        </AnnouncerProvider>
      </QueryClientProvider>,
    );
    // The refetches start (an action's invalidation), then the stream delivers the change, then they answer.
    void queryClient.invalidateQueries({ queryKey: storeKeys.all });
    await waitFor(() => expect(answers.length).toBeGreaterThanOrEqual(2));
    act(() => FakeEventSource.instances.at(-1)!.emit('store', change));
    expect(queryClient.getQueryData<StoreView>(storeKeys.detail('s-1'))?.status).toBe('ready');
    act(() => {
      for (const answer of answers) answer();
    });
    await waitFor(() => expect(queryClient.isFetching()).toBe(0));
    expect(queryClient.getQueryData<StoreView>(storeKeys.detail('s-1'))).toEqual(change);
    expect(queryClient.getQueryData<StorePages>(storeKeys.list({}))?.pages[0]?.items[0]).toEqual(change);
  });
});

describe('useStoreStream after a dropped connection', () => {
  it('reconnects by itself with a token that is still fresh, and refetches what it may have missed', async () => {
    vi.useFakeTimers();
    try {
      const queryClient = setup();
      const invalidate = vi.spyOn(queryClient, 'invalidateQueries');
      const first = FakeEventSource.instances[0]!;
      act(() => first.onerror!());
      expect(first.closed).toBe(true);
      await act(() => vi.advanceTimersByTimeAsync(1_000));
      const second = FakeEventSource.instances.at(-1)!;
      expect(second).not.toBe(first);
      expect(second.url).toContain('access_token=access-1');
      act(() => second.onopen!());
      expect(invalidate).toHaveBeenCalledWith({ queryKey: ['stores'] });
    } finally {
      vi.useRealTimers();
    }
  });
});
