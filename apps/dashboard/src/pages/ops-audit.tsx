import { AUDIT_ACTIONS, type AuditOutcome } from '@storefleet/contracts';
import { type FormEvent, useState } from 'react';

import type { AuditFilters } from '../api/audit.js';
import { ErrorAlert } from '../components/error-alert.js';
import { usePageTitle } from '../components/page-title.js';
import { useAuditLog, useUsers } from '../hooks/use-ops.js';
import { formatDateTime } from '../lib/format.js';

const OUTCOME_CLASS: Record<AuditOutcome, string> = { success: 'ok', failure: 'bad', denied: 'warn' };

/** `<input type="datetime-local">` gives local wall time; the API wants an instant. */
export function localToIso(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

interface FilterDraft {
  actorId: string;
  action: string;
  targetId: string;
  from: string;
  to: string;
}

const EMPTY: FilterDraft = { actorId: '', action: '', targetId: '', from: '', to: '' };

function toFilters(draft: FilterDraft): AuditFilters {
  return {
    actorId: draft.actorId.trim() || undefined,
    action: draft.action || undefined,
    targetId: draft.targetId.trim() || undefined,
    from: localToIso(draft.from),
    to: localToIso(draft.to),
  };
}

export function AuditPage() {
  usePageTitle('Audit log');
  const [draft, setDraft] = useState<FilterDraft>(EMPTY);
  const [filters, setFilters] = useState<AuditFilters>({});
  // Cursors of the pages before the current one, so "Previous" can go back.
  const [cursors, setCursors] = useState<(string | null)[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const audit = useAuditLog(filters, cursor);
  const users = useUsers();
  const actors = users.data?.pages.flatMap((page) => page.items) ?? [];
  const entries = audit.data?.items ?? [];

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setFilters(toFilters(draft));
    setCursors([]);
    setCursor(null);
  };
  const reset = () => {
    setDraft(EMPTY);
    setFilters({});
    setCursors([]);
    setCursor(null);
  };
  const field = (key: keyof FilterDraft) => ({
    value: draft[key],
    onChange: (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value }),
  });

  return (
    <>
      <h1 tabIndex={-1}>Audit log</h1>
      <form className="filters filters-grid" aria-label="Filter the audit log" onSubmit={apply}>
        <div className="field">
          <label htmlFor="audit-actor">Actor</label>
          <select id="audit-actor" {...field('actorId')}>
            <option value="">Anyone</option>
            {actors.map((actor) => (
              <option key={actor.id} value={actor.id}>
                {actor.email}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-action">Action</label>
          <select id="audit-action" {...field('action')}>
            <option value="">Any action</option>
            {AUDIT_ACTIONS.map((action) => (
              <option key={action} value={action}>
                {action}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-target">Target (store, user or job id)</label>
          <input id="audit-target" autoComplete="off" spellCheck={false} {...field('targetId')} />
        </div>
        <div className="field">
          <label htmlFor="audit-from">From</label>
          <input id="audit-from" type="datetime-local" {...field('from')} />
        </div>
        <div className="field">
          <label htmlFor="audit-to">To</label>
          <input id="audit-to" type="datetime-local" {...field('to')} />
        </div>
        <div className="actions filters-actions">
          <button type="submit" className="button-primary">
            Apply filters
          </button>
          <button type="button" className="button-secondary" onClick={reset}>
            Clear
          </button>
        </div>
      </form>

      <ErrorAlert error={audit.error} prefix="Could not load the audit log." />
      {audit.isPending ? (
        <p role="status">Loading the audit log…</p>
      ) : entries.length === 0 ? (
        <p className="empty">No audit entries match these filters.</p>
      ) : (
        <table className="data-table audit-table" aria-busy={audit.isFetching}>
          <caption className="visually-hidden">Audit entries, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Actor</th>
              <th scope="col">Action</th>
              <th scope="col">Target</th>
              <th scope="col">Outcome</th>
              <th scope="col">From</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id}>
                <td data-label="When">
                  <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
                </td>
                <td data-label="Actor">
                  {entry.actorEmail ?? <span className="muted">system</span>}
                  {entry.actorRole && <span className="muted small"> ({entry.actorRole})</span>}
                </td>
                <th scope="row" data-label="Action" className="mono">
                  {entry.action}
                </th>
                <td data-label="Target" className="mono small break">
                  {entry.targetType ? `${entry.targetType} ` : ''}
                  {entry.targetId ?? '—'}
                </td>
                <td data-label="Outcome">
                  <span className={`pill pill-${OUTCOME_CLASS[entry.outcome]}`}>{entry.outcome}</span>
                </td>
                <td data-label="From" className="small nowrap">
                  {entry.ip ?? '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav className="pagination" aria-label="Audit log pages">
        <button
          type="button"
          className="button-secondary"
          disabled={cursors.length === 0 || audit.isFetching}
          onClick={() => {
            setCursor(cursors[cursors.length - 1] ?? null);
            setCursors(cursors.slice(0, -1));
          }}
        >
          Previous page
        </button>
        <span className="muted">Page {cursors.length + 1}</span>
        <button
          type="button"
          className="button-secondary"
          disabled={!audit.data?.nextCursor || audit.isFetching}
          onClick={() => {
            setCursors([...cursors, cursor]);
            setCursor(audit.data?.nextCursor ?? null);
          }}
        >
          Next page
        </button>
      </nav>
    </>
  );
}
