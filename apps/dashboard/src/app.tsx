import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';

import { ApiError } from './api/client.js';
import { RequireSession, RequireStaff } from './components/guards.js';
import { Layout } from './components/layout.js';
import { AnnouncerProvider } from './hooks/announcer.js';
import { SessionProvider } from './hooks/session.js';
import { NotFoundPage } from './pages/not-found.js';
import { AuditPage } from './pages/ops-audit.js';
import { QueuesPage } from './pages/ops-queues.js';
import { UsersPage } from './pages/ops-users.js';
import { SignInPage } from './pages/sign-in.js';
import { StoreDetailPage } from './pages/store-detail.js';
import { StoresPage } from './pages/stores.js';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // Client errors (404, 403, validation) will not fix themselves; server hiccups might.
        retry: (failures, error) => failures < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
      },
      mutations: { retry: false },
    },
  });
}

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/sign-in" element={<SignInPage />} />
      <Route
        element={
          <RequireSession>
            <Layout />
          </RequireSession>
        }
      >
        <Route index element={<Navigate to="/stores" replace />} />
        <Route path="/stores" element={<StoresPage />} />
        <Route path="/stores/:id" element={<StoreDetailPage />} />
        <Route
          path="/ops/queues"
          element={
            <RequireStaff>
              <QueuesPage />
            </RequireStaff>
          }
        />
        <Route
          path="/ops/audit"
          element={
            <RequireStaff>
              <AuditPage />
            </RequireStaff>
          }
        />
        <Route
          path="/ops/users"
          element={
            <RequireStaff>
              <UsersPage />
            </RequireStaff>
          }
        />
        <Route path="/ops" element={<Navigate to="/ops/queues" replace />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

export function App({ queryClient = createQueryClient() }: { queryClient?: QueryClient }) {
  return (
    <QueryClientProvider client={queryClient}>
      <AnnouncerProvider>
        <SessionProvider>
          <BrowserRouter>
            <AppRoutes />
          </BrowserRouter>
        </SessionProvider>
      </AnnouncerProvider>
    </QueryClientProvider>
  );
}
