import { isStaff, STORE_ENGINES, STORE_STATUSES, type StoreEngine, type StoreStatus } from '@storefleet/contracts';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';

import type { StoreFilters } from '../api/stores.js';
import { CreateStoreDialog } from '../components/create-store-dialog.js';
import { ErrorAlert } from '../components/error-alert.js';
import { usePageTitle } from '../components/page-title.js';
import { StatusBadge } from '../components/status-badge.js';
import { useAnnounce } from '../hooks/announcer.js';
import { useCurrentUser } from '../hooks/session.js';
import { useUserEmails } from '../hooks/use-ops.js';
import { useStores } from '../hooks/use-stores.js';
import { engineLabel, formatAge, formatDateTime, statusLabel } from '../lib/format.js';

function EmptyState({ filtered, onCreate }: { filtered: boolean; onCreate: () => void }) {
  if (filtered) return <p className="empty">No stores match these filters.</p>;
  return (
    <div className="empty">
      <h2>You have no stores yet</h2>
      <p>
        A store is a complete online shop with its own web address and admin login. Choose <strong>Create store</strong>, give it
        a name and pick WooCommerce or Medusa. It is usually ready within a few minutes, and this page shows its progress as it
        happens.
      </p>
      <button type="button" className="button-primary" onClick={onCreate}>
        Create your first store
      </button>
    </div>
  );
}

export function StoresPage() {
  usePageTitle('Stores');
  const user = useCurrentUser();
  const staff = isStaff(user.role);
  const owners = useUserEmails(staff);
  const announce = useAnnounce();
  const [params, setParams] = useSearchParams();
  const filters: StoreFilters = {
    status: (params.get('status') ?? '') as StoreStatus | '',
    engine: (params.get('engine') ?? '') as StoreEngine | '',
  };
  const filtered = Boolean(filters.status || filters.engine);
  const stores = useStores(filters);
  const [creating, setCreating] = useState(false);
  const items = stores.data?.pages.flatMap((page) => page.items) ?? [];
  const now = Date.now();

  const setFilter = (key: keyof StoreFilters, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  return (
    <>
      <div className="page-head">
        <h1 tabIndex={-1}>Stores</h1>
        <button type="button" className="button-primary" onClick={() => setCreating(true)}>
          Create store
        </button>
      </div>
      {staff && <p className="muted">As an {user.role}, you see every user&apos;s stores.</p>}

      <form className="filters" aria-label="Filter stores" onSubmit={(e) => e.preventDefault()}>
        <div className="field field-inline">
          <label htmlFor="filter-status">Status</label>
          <select id="filter-status" value={filters.status} onChange={(e) => setFilter('status', e.target.value)}>
            <option value="">All live</option>
            {STORE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {statusLabel(s)}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-inline">
          <label htmlFor="filter-engine">Engine</label>
          <select id="filter-engine" value={filters.engine} onChange={(e) => setFilter('engine', e.target.value)}>
            <option value="">All</option>
            {STORE_ENGINES.map((e) => (
              <option key={e} value={e}>
                {engineLabel(e)}
              </option>
            ))}
          </select>
        </div>
      </form>

      <ErrorAlert error={stores.error} prefix="Could not load your stores." />
      {stores.isPending ? (
        <p role="status">Loading stores…</p>
      ) : items.length === 0 && !stores.error ? (
        <EmptyState filtered={filtered} onCreate={() => setCreating(true)} />
      ) : (
        <table className="data-table stores-table">
          <caption className="visually-hidden">Your stores, newest first. Statuses update live.</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col">Engine</th>
              {staff && <th scope="col">Owner</th>}
              <th scope="col">URL</th>
              <th scope="col">Age</th>
            </tr>
          </thead>
          <tbody>
            {items.map((store) => (
              <tr key={store.id} data-store-id={store.id}>
                <th scope="row" data-label="Name">
                  <Link to={`/stores/${store.id}`}>{store.name}</Link>
                </th>
                <td data-label="Status">
                  <StatusBadge status={store.status} />
                </td>
                <td data-label="Engine">{engineLabel(store.engine)}</td>
                {staff && (
                  <td data-label="Owner" className="small">
                    {store.ownerId === user.id ? 'you' : (owners.get(store.ownerId) ?? '—')}
                  </td>
                )}
                <td data-label="URL" className="url-cell">
                  {store.storefrontUrl ? (
                    <a href={store.storefrontUrl} target="_blank" rel="noreferrer">
                      {store.storefrontUrl.replace(/^https?:\/\//, '')}
                      <span className="visually-hidden"> (opens in a new tab)</span>
                    </a>
                  ) : (
                    <span className="muted">Not yet</span>
                  )}
                </td>
                <td data-label="Age">
                  <time dateTime={store.requestedAt} title={formatDateTime(store.requestedAt)}>
                    {formatAge(store.requestedAt, now)}
                  </time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {stores.hasNextPage && (
        <p>
          <button
            type="button"
            className="button-secondary"
            disabled={stores.isFetchingNextPage}
            onClick={() => void stores.fetchNextPage()}
          >
            {stores.isFetchingNextPage ? 'Loading…' : 'Show more stores'}
          </button>
        </p>
      )}

      {creating && (
        <CreateStoreDialog
          onClose={() => setCreating(false)}
          onCreated={(store) => {
            setCreating(false);
            announce(`Store ${store.name} requested. Its status updates here as it is provisioned.`);
          }}
        />
      )}
    </>
  );
}
