import { isStaff } from '@storefleet/contracts';
import { useEffect, useRef } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';

import { useCurrentUser, useSession } from '../hooks/session.js';
import { useStoreStream } from '../hooks/use-store-stream.js';
import { ClusterBanner } from './cluster-banner.js';

/** The signed-in frame: header with navigation, the page, and the live store stream. */
export function Layout() {
  const user = useCurrentUser();
  const { signOut } = useSession();
  const location = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);
  useStoreStream(true);

  // After client-side navigation, move focus to the new page's heading so
  // screen reader and keyboard users start at the top of what changed.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    mainRef.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [location.pathname]);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <div className="site-header-inner">
          <NavLink to="/stores" className="brand">
            Storefleet
          </NavLink>
          <nav aria-label="Main">
            <ul>
              <li>
                <NavLink to="/stores">Stores</NavLink>
              </li>
              {isStaff(user.role) && (
                <>
                  <li>
                    <NavLink to="/ops/queues">Queues</NavLink>
                  </li>
                  <li>
                    <NavLink to="/ops/audit">Audit log</NavLink>
                  </li>
                  <li>
                    <NavLink to="/ops/users">Users</NavLink>
                  </li>
                </>
              )}
            </ul>
          </nav>
          <div className="account">
            <span className="account-email" title={`Signed in as ${user.email} (${user.role})`}>
              {user.email}
            </span>
            <button type="button" className="button-secondary button-small" onClick={() => void signOut()}>
              Sign out
            </button>
          </div>
        </div>
      </header>
      <main id="main" ref={mainRef}>
        <ClusterBanner />
        <Outlet />
      </main>
    </>
  );
}
