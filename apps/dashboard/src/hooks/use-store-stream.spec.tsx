import type { StoreChangeMessage, StoreView } from '@storefleet/contracts';
import { QueryClientProvider } from '@tanstack/react-query';
import { act, render, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { endSession, startSession } from '../api/client.js';
import { createQueryClient } from '../app.js';
import { tokens, user } from '../test/render.js';
import { AnnouncerProvider } from './announcer.js';
import { useStoreStream } from './use-store-stream.js';
import { storeKeys, type StorePages } from './use-stores.js';

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
};

const change: StoreChangeMessage = {
  storeId: 's-1',
  ownerId: 'u-1',
  name: 'corner-shop',
  status: 'ready',
  statusReason: null,
  storefrontUrl: 'http://corner-shop.localtest.me',
  adminUrl: 'http://corner-shop.localtest.me/wp-admin',
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
    expect(queryClient.getQueryData<StoreView>(storeKeys.detail('s-1'))).toMatchObject({
      status: 'ready',
      storefrontUrl: 'http://corner-shop.localtest.me',
    });
    const list = queryClient.getQueryData<StorePages>(storeKeys.list({}));
    expect(list?.pages[0]?.items[0]?.status).toBe('ready');
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
