import { STORE_ENGINES, type StoreEngine, storeNameProblem, type StoreView } from '@storefleet/contracts';
import { type FormEvent, useId, useState } from 'react';

import { ApiError } from '../api/client.js';
import { useCreateStore } from '../hooks/use-stores.js';
import { engineLabel, newIdempotencyKey } from '../lib/format.js';
import { Dialog } from './dialog.js';
import { ErrorAlert } from './error-alert.js';

const ENGINE_HINTS: Record<StoreEngine, string> = {
  woocommerce: 'WordPress with WooCommerce and the Storefront theme, on MariaDB.',
  medusa: 'Headless commerce with an admin panel, on Postgres and Redis.',
};

/** The inline message for a store name, or null when the name is acceptable. */
export function nameMessage(name: string): string | null {
  const problem = storeNameProblem(name);
  return problem ? `The name ${problem}.` : null;
}

export function CreateStoreDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (store: StoreView) => void }) {
  const nameId = useId();
  const [name, setName] = useState('');
  const [engine, setEngine] = useState<StoreEngine>('woocommerce');
  const [touched, setTouched] = useState(false);
  // One key per dialog: a double submit or a retried request creates one store.
  const [idempotencyKey] = useState(newIdempotencyKey);
  const create = useCreateStore();

  const localProblem = nameMessage(name);
  const serverNameProblem = create.error instanceof ApiError ? create.error.fieldMessage('name') : undefined;
  const shownProblem = (touched || name.length > 0 ? localProblem : null) ?? serverNameProblem ?? null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (localProblem) {
      document.getElementById(nameId)?.focus();
      return;
    }
    create.mutate({ request: { name, engine }, idempotencyKey }, { onSuccess: (store) => onCreated(store) });
  };

  return (
    <Dialog title="Create store" onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={nameId}>Store name</label>
          <p className="hint" id={`${nameId}-hint`}>
            Becomes the store&apos;s web address: 3–40 lowercase letters, digits or dashes.
          </p>
          <input
            id={nameId}
            name="name"
            value={name}
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            data-autofocus
            aria-invalid={shownProblem ? true : undefined}
            aria-describedby={`${nameId}-hint${shownProblem ? ` ${nameId}-error` : ''}`}
            onChange={(e) => setName(e.target.value)}
            onBlur={() => setTouched(name.length > 0)}
          />
          {shownProblem && (
            <p className="field-error" id={`${nameId}-error`}>
              {shownProblem}
            </p>
          )}
        </div>
        <fieldset className="field">
          <legend>Engine</legend>
          {STORE_ENGINES.map((value) => (
            <label key={value} className="radio">
              <input type="radio" name="engine" value={value} checked={engine === value} onChange={() => setEngine(value)} />
              <span>
                <strong>{engineLabel(value)}</strong>
                <span className="hint">{ENGINE_HINTS[value]}</span>
              </span>
            </label>
          ))}
        </fieldset>
        {create.error && !serverNameProblem ? <ErrorAlert error={create.error} prefix="The store was not created." /> : null}
        <div className="actions">
          <button type="button" className="button-secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button-primary" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create store'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
