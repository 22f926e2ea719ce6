import {
  describeEngineVersion,
  isStaff,
  PROVISIONING_STEPS,
  storeActions,
  type StoreCredentialsView,
  type StoreView,
} from '@storefleet/contracts';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';

import { ApiError } from '../api/client.js';
import { BackupsPanel } from '../components/backups-panel.js';
import { DeleteStoreDialog } from '../components/delete-store-dialog.js';
import { DomainsEditor } from '../components/domains-editor.js';
import { EngineVersion, versionLabel } from '../components/engine-version.js';
import { ErrorAlert } from '../components/error-alert.js';
import { usePageTitle } from '../components/page-title.js';
import { StatusBadge } from '../components/status-badge.js';
import { StoreOperations } from '../components/store-operations.js';
import { Timeline, upcomingSteps } from '../components/timeline.js';
import { useAnnounce } from '../hooks/announcer.js';
import { useCurrentUser } from '../hooks/session.js';
import { useUserEmails } from '../hooks/use-ops.js';
import { useDeleteStore, useRetryStore, useRevealCredentials, useStore, useStoreEvents } from '../hooks/use-stores.js';
import { engineLabel, formatDateTime } from '../lib/format.js';

function ExternalLink({ href, children }: { href: string; children: string }) {
  return (
    <a className="button-secondary" href={href} target="_blank" rel="noreferrer">
      {children}
      <span className="visually-hidden"> (opens in a new tab)</span>
    </a>
  );
}

function Credentials({ store }: { store: StoreView }) {
  const reveal = useRevealCredentials();
  const [shown, setShown] = useState<StoreCredentialsView | null>(null);
  if (shown) {
    return (
      <div className="credentials">
        <dl>
          <dt>Username</dt>
          <dd className="mono">{shown.username}</dd>
          <dt>Password</dt>
          <dd className="mono">{shown.password}</dd>
        </dl>
        <button type="button" className="button-secondary button-small" onClick={() => setShown(null)}>
          Hide credentials
        </button>
      </div>
    );
  }
  return (
    <div>
      <button
        type="button"
        className="button-secondary"
        disabled={reveal.isPending}
        onClick={() => reveal.mutate(store.id, { onSuccess: setShown })}
      >
        {reveal.isPending ? 'Revealing…' : 'Reveal credentials'}
      </button>
      <ErrorAlert error={reveal.error} prefix="Could not reveal the credentials." />
    </div>
  );
}

export function StoreDetailPage() {
  const { id = '' } = useParams();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const announce = useAnnounce();
  const store = useStore(id);
  const owners = useUserEmails(isStaff(user.role));
  const events = useStoreEvents(id);
  const retry = useRetryStore();
  const remove = useDeleteStore();
  const [deleting, setDeleting] = useState(false);
  usePageTitle(store.data?.name ?? 'Store');

  if (store.isPending) return <p role="status">Loading store…</p>;
  if (store.error) {
    const notFound = store.error instanceof ApiError && store.error.status === 404;
    return (
      <>
        <h1 tabIndex={-1}>{notFound ? 'Store not found' : 'Store'}</h1>
        {notFound ? <p>There is no store here, or it is not yours.</p> : <ErrorAlert error={store.error} />}
        <p>
          <Link to="/stores">Back to stores</Link>
        </p>
      </>
    );
  }

  const s = store.data;
  const allows = storeActions(s.status);
  const canRevealCredentials = s.ownerId === user.id && allows.revealCredentials;

  return (
    <>
      <p className="breadcrumb">
        <Link to="/stores">Stores</Link> <span aria-hidden="true">/</span>
      </p>
      <div className="page-head">
        <h1 tabIndex={-1}>{s.name}</h1>
        <StatusBadge status={s.status} />
      </div>

      {s.status === 'failed' && (
        <div className="alert alert-error">
          <p>
            <strong>Provisioning failed.</strong> {s.statusReason ?? 'The platform did not record a reason.'}
          </p>
        </div>
      )}
      {s.status === 'degraded' && s.statusReason && <p className="alert alert-warning">{s.statusReason}</p>}
      {(s.status === 'suspending' || s.status === 'suspended') && (
        <p className="alert alert-info">
          {s.status === 'suspended' ? 'This store is paused.' : 'This store is being paused.'} Visitors see a &ldquo;this shop is
          paused&rdquo; page; its data is kept. Resume it to serve the shop again.
        </p>
      )}
      {s.status === 'resuming' && (
        <p className="alert alert-info">This store is resuming. The shop serves again once every part of it is ready.</p>
      )}
      {s.status === 'upgrading' && (
        <p className="alert alert-info" role="status">
          Upgrading to {s.targetEngineVersion ? describeEngineVersion(s.engine, s.targetEngineVersion) : 'a new version'}: the
          engine&rsquo;s migrations run first, then the shop restarts on the new version. If the upgrade fails the shop keeps
          serving its current version.
        </p>
      )}
      {s.status === 'restoring' && (
        <p className="alert alert-warning" role="status">
          Restoring a backup: the storefront is in maintenance until the store is ready again.
        </p>
      )}

      <div className="store-grid">
        <section className="card" aria-labelledby="store-details">
          <h2 id="store-details">Details</h2>
          <dl className="details">
            <dt>Engine</dt>
            <dd>{engineLabel(s.engine)}</dd>
            <dt>Version</dt>
            <dd>{versionLabel(s)}</dd>
            <dt>Plan</dt>
            <dd className="capitalize">{s.plan}</dd>
            {s.ownerId !== user.id && (
              <>
                <dt>Owner</dt>
                <dd>{owners.get(s.ownerId) ?? s.ownerId}</dd>
              </>
            )}
            <dt>Namespace</dt>
            <dd className="mono">{s.namespace}</dd>
            <dt>Requested</dt>
            <dd>
              <time dateTime={s.requestedAt}>{formatDateTime(s.requestedAt)}</time>
            </dd>
            {s.readyAt && (
              <>
                <dt>Ready</dt>
                <dd>
                  <time dateTime={s.readyAt}>{formatDateTime(s.readyAt)}</time>
                </dd>
              </>
            )}
            <dt>Attempts</dt>
            <dd>{s.provisionAttempts}</dd>
          </dl>
        </section>

        <section className="card" aria-labelledby="store-access">
          <h2 id="store-access">Access</h2>
          {s.storefrontUrl || s.adminUrl ? (
            <p className="button-row">
              {s.storefrontUrl && <ExternalLink href={s.storefrontUrl}>Open storefront</ExternalLink>}
              {s.adminUrl && <ExternalLink href={s.adminUrl}>Open admin</ExternalLink>}
            </p>
          ) : (
            <p className="muted">The storefront and admin links appear when the store is ready.</p>
          )}
          {canRevealCredentials && <Credentials store={s} />}
        </section>
      </div>

      <section aria-labelledby="timeline-heading" className="card">
        <h2 id="timeline-heading">Provisioning timeline</h2>
        <ErrorAlert error={events.error} prefix="Could not load the timeline." />
        {events.data && (
          <Timeline
            events={events.data}
            upcoming={
              s.status === 'requested' || s.status === 'provisioning' ? upcomingSteps(events.data, PROVISIONING_STEPS) : []
            }
          />
        )}
      </section>

      {s.status !== 'deleting' && s.status !== 'deleted' && <DomainsEditor store={s} />}

      {s.status !== 'deleting' && s.status !== 'deleted' && <BackupsPanel store={s} />}

      <section aria-labelledby="actions-heading" className="card">
        <h2 id="actions-heading">Actions</h2>
        <StoreOperations store={s} />
        <EngineVersion store={s} />
        <ErrorAlert error={retry.error} prefix="The retry was not accepted." />
        <p className="button-row">
          {allows.retry && (
            <button
              type="button"
              className="button-primary"
              disabled={retry.isPending}
              onClick={() => retry.mutate(s.id, { onSuccess: () => announce(`Retrying ${s.name}. Provisioning starts again.`) })}
            >
              {retry.isPending ? 'Retrying…' : 'Retry'}
            </button>
          )}
          {allows.delete && (
            <button type="button" className="button-danger" onClick={() => setDeleting(true)}>
              Delete
            </button>
          )}
          {(s.status === 'deleting' || s.status === 'deleted') && (
            <span className="muted">This store is {s.status === 'deleting' ? 'being deleted' : 'deleted'}.</span>
          )}
        </p>
      </section>

      {deleting && (
        <DeleteStoreDialog
          store={s}
          pending={remove.isPending}
          error={remove.error}
          onClose={() => {
            remove.reset();
            setDeleting(false);
          }}
          onConfirm={() =>
            remove.mutate(s.id, {
              onSuccess: () => {
                setDeleting(false);
                announce(`Deleting ${s.name}.`);
                void navigate('/stores');
              },
            })
          }
        />
      )}
    </>
  );
}
