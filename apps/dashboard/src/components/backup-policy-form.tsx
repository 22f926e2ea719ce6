/**
 * A store's backup schedule and retention: how many hours between the
 * backups the platform makes on its own (0 = none) and how many completed
 * backups are kept. The ranges are the API's (BACKUP_POLICY_RANGE in
 * libs/contracts), checked here first; the API's refusals are shown too.
 */
import { BACKUP_POLICY_RANGE, type BackupPolicy, type BackupPolicyView } from '@storefleet/contracts';
import { type FormEvent, useId, useState } from 'react';

import { useAnnounce } from '../hooks/announcer.js';
import { useBackupPolicy, useUpdateBackupPolicy } from '../hooks/use-backups.js';
import { ErrorAlert } from './error-alert.js';

const LABELS: Record<keyof BackupPolicy, string> = {
  intervalHours: 'Hours between scheduled backups',
  keepLast: 'Completed backups to keep',
};
const HINTS: Record<keyof BackupPolicy, string> = {
  intervalHours: `0 turns scheduled backups off; at most ${BACKUP_POLICY_RANGE.intervalHours.max} (30 days)`,
  keepLast: `${BACKUP_POLICY_RANGE.keepLast.min} to ${BACKUP_POLICY_RANGE.keepLast.max}; older ones are deleted after each completed backup`,
};
const FIELDS = Object.keys(LABELS) as (keyof BackupPolicy)[];

/** What the policy means, in words. */
export function describePolicy(policy: BackupPolicy): string {
  const schedule =
    policy.intervalHours === 0
      ? 'No scheduled backups'
      : policy.intervalHours === 24
        ? 'Backed up daily'
        : `Backed up every ${policy.intervalHours} hour${policy.intervalHours === 1 ? '' : 's'}`;
  const kept =
    policy.keepLast === 1 ? 'only the latest completed backup is kept' : `the last ${policy.keepLast} completed backups are kept`;
  return `${schedule}; ${kept}.`;
}

function problemOf(field: keyof BackupPolicy, text: string): string | null {
  const { min, max } = BACKUP_POLICY_RANGE[field];
  if (!/^\d+$/.test(text.trim())) return `${LABELS[field]}: enter a whole number`;
  const value = Number(text);
  return value < min || value > max ? `${LABELS[field]}: from ${min} to ${max}` : null;
}

function PolicyEditor({ storeId, policy }: { storeId: string; policy: BackupPolicyView }) {
  const id = useId();
  const announce = useAnnounce();
  const update = useUpdateBackupPolicy(storeId);
  const [draft, setDraft] = useState<Record<keyof BackupPolicy, string>>({
    intervalHours: String(policy.intervalHours),
    keepLast: String(policy.keepLast),
  });
  const [shown, setShown] = useState<Partial<Record<keyof BackupPolicy, string>>>({});
  const changed = FIELDS.filter((field) => draft[field].trim() !== String(policy[field]));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems = Object.fromEntries(
      FIELDS.map((field) => [field, problemOf(field, draft[field])]).filter(([, problem]) => problem),
    ) as Partial<Record<keyof BackupPolicy, string>>;
    setShown(problems);
    if (Object.keys(problems).length > 0 || changed.length === 0) return;
    update.mutate(Object.fromEntries(changed.map((field) => [field, Number(draft[field])])), {
      onSuccess: (saved) => announce(`Backup schedule saved. ${describePolicy(saved)}`),
    });
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Schedule</h3>
      <p>
        {describePolicy(policy)}
        {policy.isDefault && <span className="muted"> (the platform&rsquo;s default)</span>}
      </p>
      <div className="button-row">
        {FIELDS.map((field) => (
          <div className="field" key={field}>
            <label htmlFor={`${id}-${field}`}>{LABELS[field]}</label>
            <span className="hint" id={`${id}-${field}-hint`}>
              {HINTS[field]}
            </span>
            <input
              id={`${id}-${field}`}
              value={draft[field]}
              inputMode="numeric"
              autoComplete="off"
              aria-invalid={shown[field] ? true : undefined}
              aria-describedby={`${id}-${field}-hint${shown[field] ? ` ${id}-${field}-error` : ''}`}
              onChange={(e) => setDraft({ ...draft, [field]: e.target.value })}
            />
            {shown[field] && (
              <p className="field-error" id={`${id}-${field}-error`}>
                {shown[field]}
              </p>
            )}
          </div>
        ))}
      </div>
      <ErrorAlert error={update.error} prefix="The schedule was not saved." />
      <p className="actions">
        <button type="submit" className="button-secondary" disabled={update.isPending || changed.length === 0}>
          {update.isPending ? 'Saving…' : 'Save schedule'}
        </button>
      </p>
    </form>
  );
}

export function BackupPolicyForm({ storeId }: { storeId: string }) {
  const policy = useBackupPolicy(storeId);
  if (policy.isPending) return <p role="status">Loading the backup schedule…</p>;
  if (policy.error) return <ErrorAlert error={policy.error} prefix="Could not load the backup schedule." />;
  // Keyed by the saved policy: after a save (or another's change) the fields start from what is saved.
  return <PolicyEditor key={policy.data.updatedAt ?? 'default'} storeId={storeId} policy={policy.data} />;
}
