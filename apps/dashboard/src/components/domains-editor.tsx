import { hostnameProblem, normalizeDomain, storeActions, type StoreView } from '@storefleet/contracts';
import { type FormEvent, useId, useState } from 'react';

import { ApiError } from '../api/client.js';
import { useAnnounce } from '../hooks/announcer.js';
import { useSetStoreDomains } from '../hooks/use-stores.js';
import { ErrorAlert } from './error-alert.js';

type DomainsStore = Pick<StoreView, 'id' | 'name' | 'status' | 'domains'>;

/** The DNS records the owner creates, one per custom domain, as a table a screen reader reads row by row. */
function DnsRecords({ store }: { store: DomainsStore }) {
  if (store.domains.length === 0) return <p className="muted">This store is served on its platform address only.</p>;
  return (
    <>
      <p>
        Create these records at your DNS provider. The first domain is the store&rsquo;s main address: its links and redirects use
        it as soon as it is applied, so create its record right away. The others serve the store too.
      </p>
      <table className="dns-records">
        <caption className="visually-hidden">DNS records for {store.name}</caption>
        <thead>
          <tr>
            <th scope="col">Domain</th>
            <th scope="col">Type</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          {store.domains.map(({ hostname, dnsRecord }) => (
            <tr key={hostname}>
              <th scope="row" className="mono">
                {dnsRecord.name}
              </th>
              <td>{dnsRecord.type}</td>
              <td className="mono">{dnsRecord.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/**
 * The store's custom domains: the DNS record for each, and (where the
 * store's status allows the change, the same storeActions table the API
 * enforces) an editor to add and remove them. Saving sends the whole list;
 * the API's per-domain refusals (platform domain, limit, a domain another
 * store has) are shown beside the form.
 */
export function DomainsEditor({ store }: { store: DomainsStore }) {
  const announce = useAnnounce();
  const save = useSetStoreDomains();
  const inputId = useId();
  const saved = store.domains.map((d) => d.hostname);
  const [draft, setDraft] = useState<string[] | null>(null);
  const [entry, setEntry] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const editable = storeActions(store.status).editDomains;
  const list = draft ?? saved;
  const changed = draft !== null && draft.join(',') !== saved.join(',');

  const add = (event: FormEvent) => {
    event.preventDefault();
    // The platform's own rules (its domain, the limit, wildcards) are the API's; the shape is checked here.
    const why = hostnameProblem(entry.trim(), { allowWildcards: true });
    const host = normalizeDomain(entry.trim());
    if (why) return setProblem(`${entry || 'The domain'}: ${why}`);
    if (list.includes(host)) return setProblem(`${host} is already in the list`);
    setProblem(null);
    setDraft([...list, host]);
    setEntry('');
    announce(`${host} added. Save to apply it.`);
  };

  const remove = (host: string) => {
    setDraft(list.filter((h) => h !== host));
    announce(`${host} removed. Save to apply it.`);
  };

  const submit = () =>
    save.mutate(
      { id: store.id, domains: list },
      {
        onSuccess: () => {
          setDraft(null);
          announce(`Saving the domains of ${store.name}. The store serves them once it is ready again.`);
        },
      },
    );

  const fieldErrors = save.error instanceof ApiError ? (save.error.problem.errors ?? []) : [];

  return (
    <section className="card" aria-labelledby="domains-heading">
      <h2 id="domains-heading">Custom domains</h2>
      <DnsRecords store={store} />
      {store.status === 'configuring' && (
        <p className="alert alert-info" role="status">
          Applying the domains: the store keeps serving while its address and certificate are updated.
        </p>
      )}
      {editable && (
        <>
          <ul className="domain-list" aria-label="Domains to save">
            {list.map((host) => (
              <li key={host}>
                <span className="mono">{host}</span>
                <button
                  type="button"
                  className="button-secondary button-small"
                  aria-label={`Remove ${host}`}
                  onClick={() => remove(host)}
                >
                  Remove
                </button>
              </li>
            ))}
          </ul>
          <form className="field" onSubmit={add} noValidate>
            <label htmlFor={inputId}>Add a domain</label>
            <span className="hint" id={`${inputId}-hint`}>
              A domain you own, such as shop.example.com
            </span>
            <div className="button-row">
              <input
                id={inputId}
                value={entry}
                autoComplete="off"
                autoCapitalize="none"
                spellCheck={false}
                inputMode="url"
                aria-invalid={problem ? true : undefined}
                aria-describedby={`${inputId}-hint${problem ? ` ${inputId}-error` : ''}`}
                onChange={(e) => setEntry(e.target.value)}
              />
              <button type="submit" className="button-secondary">
                Add
              </button>
            </div>
            {problem && (
              <p className="field-error" id={`${inputId}-error`}>
                {problem}
              </p>
            )}
          </form>
          <ErrorAlert error={save.error} prefix="The domains were not saved." />
          {fieldErrors.length > 0 && (
            <ul className="field-error-list">
              {fieldErrors.map((e) => (
                <li key={`${e.field}:${e.message}`} className="field-error">
                  {e.message}
                </li>
              ))}
            </ul>
          )}
          <p className="button-row">
            <button type="button" className="button-primary" disabled={!changed || save.isPending} onClick={submit}>
              {save.isPending ? 'Saving…' : 'Save domains'}
            </button>
            {changed && (
              <button type="button" className="button-secondary" onClick={() => setDraft(null)}>
                Discard changes
              </button>
            )}
          </p>
        </>
      )}
    </section>
  );
}
