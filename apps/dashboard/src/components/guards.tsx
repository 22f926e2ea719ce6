import { isStaff } from '@storefleet/contracts';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';

import { useSession } from '../hooks/session.js';

/** Renders its children for a signed-in user; otherwise sends them to sign-in and back afterwards. */
export function RequireSession({ children }: { children: ReactNode }) {
  const { session } = useSession();
  const location = useLocation();
  if (session.status === 'restoring') {
    return (
      <p className="loading-page" role="status">
        Loading…
      </p>
    );
  }
  if (session.status === 'signed-out') {
    return <Navigate to="/sign-in" replace state={{ from: `${location.pathname}${location.search}` }} />;
  }
  return children;
}

/** Ops screens: operators and admins only. Owners are sent to their stores. */
export function RequireStaff({ children }: { children: ReactNode }) {
  const { session } = useSession();
  if (session.status !== 'signed-in' || !isStaff(session.user.role)) return <Navigate to="/stores" replace />;
  return children;
}
