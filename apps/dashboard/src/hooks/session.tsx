/**
 * Who is signed in. On load, the session cookie (HttpOnly, so only the API
 * reads it) restores the session if this browser signed in before; when the API can no longer renew it,
 * everyone is sent back to sign-in with a message saying why.
 */
import type { LoginRequest, UserView } from '@storefleet/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';

import { fetchCurrentUser, signIn as apiSignIn, signOut as apiSignOut } from '../api/auth.js';
import { endSession, hasStoredSession, onSessionExpired, refreshSession } from '../api/client.js';

export const SESSION_EXPIRED_MESSAGE = 'Your session expired. Please sign in again.';
export const SIGNED_OUT_MESSAGE = 'You have signed out.';

export type SessionState =
  { status: 'restoring' } | { status: 'signed-out'; notice: string | null } | { status: 'signed-in'; user: UserView };

interface SessionContextValue {
  session: SessionState;
  signIn: (credentials: LoginRequest) => Promise<void>;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [session, setSession] = useState<SessionState>(() =>
    hasStoredSession() ? { status: 'restoring' } : { status: 'signed-out', notice: null },
  );

  useEffect(() => {
    if (!hasStoredSession()) return;
    let cancelled = false;
    void (async () => {
      const tokens = await refreshSession();
      const user = tokens ? (tokens.user ?? (await fetchCurrentUser().catch(() => null))) : null;
      if (cancelled) return;
      if (!user) endSession();
      setSession(user ? { status: 'signed-in', user } : { status: 'signed-out', notice: SESSION_EXPIRED_MESSAGE });
    })();
    return () => {
      cancelled = true;
    };
  }, []);

  useEffect(
    () =>
      onSessionExpired(() => {
        queryClient.clear();
        setSession({ status: 'signed-out', notice: SESSION_EXPIRED_MESSAGE });
      }),
    [queryClient],
  );

  const signIn = useCallback(
    async (credentials: LoginRequest) => {
      const tokens = await apiSignIn(credentials);
      queryClient.clear();
      setSession({ status: 'signed-in', user: tokens.user });
    },
    [queryClient],
  );

  const signOut = useCallback(async () => {
    try {
      await apiSignOut();
    } catch {
      // The tokens are gone locally either way; the refresh token expires on its own.
    }
    queryClient.clear();
    setSession({ status: 'signed-out', notice: SIGNED_OUT_MESSAGE });
  }, [queryClient]);

  const value = useMemo(() => ({ session, signIn, signOut }), [session, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
}

/** The signed-in user; only for components rendered behind the sign-in guard. */
export function useCurrentUser(): UserView {
  const { session } = useSession();
  if (session.status !== 'signed-in') throw new Error('useCurrentUser needs a signed-in session');
  return session.user;
}
