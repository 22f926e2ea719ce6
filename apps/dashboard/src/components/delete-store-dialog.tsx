import type { StoreView } from '@storefleet/contracts';
import { type FormEvent, useId, useState } from 'react';

import { Dialog } from './dialog.js';
import { ErrorAlert } from './error-alert.js';

interface DeleteStoreDialogProps {
  store: Pick<StoreView, 'name'>;
  pending: boolean;
  error: unknown;
  onConfirm: () => void;
  onClose: () => void;
}

/** Deleting is irreversible, so the owner types the store's exact name first. */
export function DeleteStoreDialog({ store, pending, error, onConfirm, onClose }: DeleteStoreDialogProps) {
  const inputId = useId();
  const [typed, setTyped] = useState('');
  const confirmed = typed === store.name;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (confirmed && !pending) onConfirm();
  };

  return (
    <Dialog title={`Delete ${store.name}?`} onClose={onClose} describedBy={`${inputId}-warning`}>
      <form onSubmit={submit}>
        <p id={`${inputId}-warning`}>
          This removes the store, its database, its files and its web address. Orders and products in it are lost and cannot be
          recovered.
        </p>
        <div className="field">
          <label htmlFor={inputId}>
            Type <strong className="mono">{store.name}</strong> to confirm
          </label>
          <input
            id={inputId}
            value={typed}
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            data-autofocus
            onChange={(e) => setTyped(e.target.value)}
          />
        </div>
        <ErrorAlert error={error} prefix="The store was not deleted." />
        <div className="actions">
          <button type="button" className="button-secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button-danger" disabled={!confirmed || pending}>
            {pending ? 'Deleting…' : 'Delete store'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
