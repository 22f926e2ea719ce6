/**
 * The store page's backups: the list (newest first), back up now, and for
 * each backup restore, clone into a new store, or delete. What a store allows
 * comes from libs/contracts (storeActions), as everywhere.
 */
import { type BackupView, storeActions, type StoreView } from '@storefleet/contracts';
import { type FormEvent, useId, useState } from 'react';
import { useNavigate } from 'react-router';

import { useAnnounce } from '../hooks/announcer.js';
import { useBackups, useCreateBackup, useDeleteBackup, useRestoreBackup } from '../hooks/use-backups.js';
import { useCreateStore } from '../hooks/use-stores.js';
import { formatBytes, formatDateTime, newIdempotencyKey } from '../lib/format.js';
import { BackupPolicyForm } from './backup-policy-form.js';
import { useStoreNameField } from './create-store-dialog.js';
import { Dialog } from './dialog.js';
import { ErrorAlert } from './error-alert.js';

const STATUS_TEXT: Record<BackupView['status'], string> = { running: 'Running', completed: 'Completed', failed: 'Failed' };
const STATUS_PILL: Record<BackupView['status'], string> = { running: 'warn', completed: 'ok', failed: 'bad' };

type Pending = { kind: 'restore' | 'delete' | 'clone'; backup: BackupView } | null;

function RestoreDialog(props: { store: StoreView; backup: BackupView; onClose: () => void; onRestored: () => void }) {
  const restore = useRestoreBackup(props.store.id);
  const describedBy = useId();
  return (
    <Dialog title="Restore this backup?" onClose={props.onClose} describedBy={describedBy}>
      <p id={describedBy}>
        The database and files of <strong>{props.store.name}</strong> are replaced by the backup of{' '}
        {formatDateTime(props.backup.createdAt)}. Orders and changes made since then are lost. The storefront shows a maintenance
        page until the restore is done.
      </p>
      <ErrorAlert error={restore.error} prefix="The restore was not accepted." />
      <div className="actions">
        <button type="button" className="button-secondary" onClick={props.onClose}>
          Cancel
        </button>
        <button
          type="button"
          className="button-danger"
          disabled={restore.isPending}
          onClick={() => restore.mutate(props.backup.id, { onSuccess: props.onRestored })}
        >
          {restore.isPending ? 'Restoring…' : 'Restore'}
        </button>
      </div>
    </Dialog>
  );
}

function CloneDialog(props: { store: StoreView; backup: BackupView; onClose: () => void }) {
  const navigate = useNavigate();
  const announce = useAnnounce();
  const [idempotencyKey] = useState(newIdempotencyKey);
  const create = useCreateStore();
  const field = useStoreNameField(create.error);
  const { id: nameId, name, problem: shownProblem, serverProblem: serverNameProblem } = field;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!field.accept()) return;
    create.mutate(
      {
        request: { name, engine: props.store.engine, fromBackup: { storeId: props.store.id, backupId: props.backup.id } },
        idempotencyKey,
      },
      {
        onSuccess: (clone) => {
          announce(`Creating ${clone.name} from the backup of ${props.store.name}.`);
          void navigate(`/stores/${clone.id}`);
        },
      },
    );
  };

  return (
    <Dialog title="Clone into a new store" onClose={props.onClose}>
      <form onSubmit={submit} noValidate>
        <p>
          A new store with its own address and admin login, holding the data of this backup of <strong>{props.store.name}</strong>
          .
        </p>
        <div className="field">
          <label htmlFor={nameId}>New store name</label>
          <input
            id={nameId}
            value={name}
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            data-autofocus
            aria-invalid={shownProblem ? true : undefined}
            aria-describedby={shownProblem ? `${nameId}-error` : undefined}
            onChange={(e) => field.setName(e.target.value)}
            onBlur={field.onBlur}
          />
          {shownProblem && (
            <p className="field-error" id={`${nameId}-error`}>
              {shownProblem}
            </p>
          )}
        </div>
        {create.error && !serverNameProblem ? <ErrorAlert error={create.error} prefix="The clone was not created." /> : null}
        <div className="actions">
          <button type="button" className="button-secondary" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="button-primary" disabled={create.isPending}>
            {create.isPending ? 'Cloning…' : 'Clone'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function DeleteBackupDialog(props: { store: StoreView; backup: BackupView; onClose: () => void }) {
  const remove = useDeleteBackup(props.store.id);
  const announce = useAnnounce();
  return (
    <Dialog title="Delete this backup?" onClose={props.onClose}>
      <p>The backup of {formatDateTime(props.backup.createdAt)} is removed from the storage. This cannot be undone.</p>
      <ErrorAlert error={remove.error} prefix="The backup was not deleted." />
      <div className="actions">
        <button type="button" className="button-secondary" onClick={props.onClose}>
          Cancel
        </button>
        <button
          type="button"
          className="button-danger"
          disabled={remove.isPending}
          onClick={() =>
            remove.mutate(props.backup.id, {
              onSuccess: () => {
                announce('Backup deleted.');
                props.onClose();
              },
            })
          }
        >
          {remove.isPending ? 'Deleting…' : 'Delete backup'}
        </button>
      </div>
    </Dialog>
  );
}

export function BackupsPanel({ store }: { store: StoreView }) {
  const backups = useBackups(store.id);
  const create = useCreateBackup(store.id);
  const announce = useAnnounce();
  const [pending, setPending] = useState<Pending>(null);
  const allows = storeActions(store.status);
  const items = backups.data?.items ?? [];
  const close = () => setPending(null);

  return (
    <section aria-labelledby="backups-heading" className="card">
      <h2 id="backups-heading">Backups</h2>
      <p className="button-row">
        <button
          type="button"
          className="button-secondary"
          disabled={!allows.backup || create.isPending}
          onClick={() => create.mutate(undefined, { onSuccess: () => announce(`Backing up ${store.name}.`) })}
        >
          {create.isPending ? 'Starting…' : 'Back up now'}
        </button>
        {!allows.backup && <span className="muted">Backups can be made while the store is ready.</span>}
      </p>
      <ErrorAlert error={create.error} prefix="The backup was not started." />
      <ErrorAlert error={backups.error} prefix="Could not load the backups." />
      {backups.isPending ? (
        <p role="status">Loading backups…</p>
      ) : items.length === 0 ? (
        <p className="empty">No backups yet. “Back up now” makes one at once.</p>
      ) : (
        <table className="data-table">
          <caption className="visually-hidden">Backups of {store.name}, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Created</th>
              <th scope="col">Kind</th>
              <th scope="col">Status</th>
              <th scope="col" className="num">
                Size
              </th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {items.map((backup) => {
              const when = formatDateTime(backup.createdAt);
              return (
                <tr key={backup.id}>
                  <th scope="row" data-label="Created">
                    <time dateTime={backup.createdAt}>{when}</time>
                  </th>
                  <td data-label="Kind" className="capitalize">
                    {backup.trigger}
                  </td>
                  <td data-label="Status">
                    <span className={`pill pill-${STATUS_PILL[backup.status]}`}>{STATUS_TEXT[backup.status]}</span>
                    {backup.reason && <span className="small muted"> {backup.reason}</span>}
                  </td>
                  <td data-label="Size" className="num">
                    {backup.sizeBytes === null ? '—' : formatBytes(backup.sizeBytes)}
                  </td>
                  <td data-label="Actions">
                    <span className="button-row">
                      {backup.status === 'completed' && allows.restore && (
                        <button
                          type="button"
                          className="button-secondary button-small"
                          aria-label={`Restore the backup of ${when}`}
                          onClick={() => setPending({ kind: 'restore', backup })}
                        >
                          Restore
                        </button>
                      )}
                      {backup.status === 'completed' && (
                        <button
                          type="button"
                          className="button-secondary button-small"
                          aria-label={`Clone the backup of ${when} into a new store`}
                          onClick={() => setPending({ kind: 'clone', backup })}
                        >
                          Clone
                        </button>
                      )}
                      {backup.status !== 'running' && (
                        <button
                          type="button"
                          className="button-danger button-small"
                          aria-label={`Delete the backup of ${when}`}
                          onClick={() => setPending({ kind: 'delete', backup })}
                        >
                          Delete
                        </button>
                      )}
                    </span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <BackupPolicyForm storeId={store.id} />
      {pending?.kind === 'restore' && (
        <RestoreDialog
          store={store}
          backup={pending.backup}
          onClose={close}
          onRestored={() => {
            close();
            announce(`Restoring ${store.name}. The storefront is in maintenance until it is ready.`);
          }}
        />
      )}
      {pending?.kind === 'clone' && <CloneDialog store={store} backup={pending.backup} onClose={close} />}
      {pending?.kind === 'delete' && <DeleteBackupDialog store={store} backup={pending.backup} onClose={close} />}
    </section>
  );
}
