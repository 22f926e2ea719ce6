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

/**
 * A new store's name field: the message shown (the local rule once typed or
 * submitted, else the server's), and `accept()` for submit, which focuses the
 * field and says false while the name is wrong. Used by every dialog that
 * names a new store (create, clone).
 */
export function useStoreNameField(serverError: unknown) {
  const id = useId();
  const [name, setName] = useState('');
  const [touched, setTouched] = useState(false);
  const localProblem = nameMessage(name);
  const serverProblem = serverError instanceof ApiError ? serverError.fieldMessage('name') : undefined;
  const problem = (touched || name.length > 0 ? localProblem : null) ?? serverProblem ?? null;
  return {
    id,
    name,
    setName,
    problem,
    serverProblem,
    onBlur: () => setTouched(name.length > 0),
    accept: (): boolean => {
      setTouched(true);
      if (!localProblem) return true;
      document.getElementById(id)?.focus();
      return false;
    },
  };
}

export function CreateStoreDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (store: StoreView) => void }) {
  const [engine, setEngine] = useState<StoreEngine>('woocommerce');
  // One key per dialog: a double submit or a retried request creates one store.
  const [idempotencyKey] = useState(newIdempotencyKey);
  const create = useCreateStore();
  const field = useStoreNameField(create.error);
  const { id: nameId, name, problem: shownProblem, serverProblem: serverNameProblem } = field;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!field.accept()) return;
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
            onChange={(e) => field.setName(e.target.value)}
            onBlur={field.onBlur}
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
