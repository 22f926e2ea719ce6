/** Renders dashboard UI the way the app does: query client, announcer, session and router. */
import type { TokenResponse, UserView } from '@storefleet/contracts';
import { type QueryClient } from '@tanstack/react-query';
import { QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter } from 'react-router';
import { vi } from 'vitest';

import { AppRoutes, createQueryClient } from '../app.js';
import { AnnouncerProvider } from '../hooks/announcer.js';
import { SessionProvider } from '../hooks/session.js';

export function user(overrides: Partial<UserView> = {}): UserView {
  return {
    id: 'u-1',
    email: 'owner@example.com',
    role: 'owner',
    disabled: false,
    limits: { maxLiveStores: 5, maxProvisioningStores: 2, maxCreatesPerHour: 10 },
    limitOverrides: { maxLiveStores: null, maxProvisioningStores: null, maxCreatesPerHour: null },
    createdAt: '2025-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export function tokens(forUser: UserView): TokenResponse {
  return { accessToken: 'access-1', tokenType: 'Bearer', expiresIn: 900, user: forUser };
}

export function json(body: unknown, status = 200, contentType = 'application/json'): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': contentType } });
}

export type Route = (url: URL, init: RequestInit) => Response | Promise<Response> | undefined;

/** Replaces fetch with a router of canned responses (unit tests only; e2e tests use the real API). */
export function mockFetch(route: Route) {
  const calls: { url: URL; init: RequestInit }[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(input instanceof Request ? input.url : input instanceof URL ? input.href : input, 'http://localhost');
    calls.push({ url, init });
    const response = await route(url, init);
    if (!response) throw new Error(`Unexpected request ${init.method ?? 'GET'} ${url.pathname}`);
    return response;
  });
  vi.stubGlobal('fetch', fetchMock);
  return calls;
}

export function withProviders(ui: ReactElement, queryClient: QueryClient = createQueryClient()) {
  return render(
    <QueryClientProvider client={queryClient}>
      <AnnouncerProvider>
        <MemoryRouter>{ui}</MemoryRouter>
      </AnnouncerProvider>
    </QueryClientProvider>,
  );
}

/** The whole app at `path`, with a stored session that refreshes as `asUser`. */
export function renderApp(path: string, queryClient: QueryClient = createQueryClient()) {
  return render(
    <QueryClientProvider client={queryClient}>
      <AnnouncerProvider>
        <SessionProvider>
          <MemoryRouter initialEntries={[path]}>
            <AppRoutes />
          </MemoryRouter>
        </SessionProvider>
      </AnnouncerProvider>
    </QueryClientProvider>,
  );
}
