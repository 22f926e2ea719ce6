import { describeEngineVersion, storeActions, type StoreView } from '@storefleet/contracts';
import { useId, useState } from 'react';

import { useAnnounce } from '../hooks/announcer.js';
import { useEngineVersions } from '../hooks/use-platform-status.js';
import { useUpgradeStore } from '../hooks/use-stores.js';
import { ErrorAlert } from './error-alert.js';

type VersionedStore = Pick<StoreView, 'id' | 'name' | 'engine' | 'status' | 'engineVersion' | 'targetEngineVersion'>;

/** What the store runs, as the details list shows it. */
export function versionLabel(store: VersionedStore): string {
  return store.engineVersion ? describeEngineVersion(store.engine, store.engineVersion) : 'The platform’s default images';
}

/**
 * Where the status allows an upgrade (the same storeActions table the API
 * enforces), the versions the store may move to:
 * the offered versions of its engine but the one it runs (a degraded store may
 * choose its own again: the rollback of a failed upgrade).
 */
export function EngineVersion({ store }: { store: VersionedStore }) {
  const announce = useAnnounce();
  const versions = useEngineVersions();
  const upgrade = useUpgradeStore();
  const selectId = useId();
  const [chosen, setChosen] = useState('');
  const allows = storeActions(store.status).upgrade;
  const offered = (versions.data?.[store.engine] ?? []).filter((v) => v !== store.engineVersion || store.status === 'degraded');
  const choice = offered.includes(chosen) ? chosen : (offered[0] ?? '');

  return (
    <div className="engine-version">
      {allows && offered.length > 0 && (
        <form
          className="field-inline"
          onSubmit={(event) => {
            event.preventDefault();
            upgrade.mutate(
              { id: store.id, version: choice },
              {
                onSuccess: () =>
                  announce(
                    `Moving ${store.name} to ${describeEngineVersion(store.engine, choice)}. It is ready again once done.`,
                  ),
              },
            );
          }}
        >
          <label htmlFor={selectId}>Move to version</label>
          <select id={selectId} value={choice} onChange={(event) => setChosen(event.target.value)}>
            {offered.map((v) => (
              <option key={v} value={v}>
                {describeEngineVersion(store.engine, v)}
                {v === store.engineVersion ? ' (current: roll back)' : ''}
              </option>
            ))}
          </select>
          <button type="submit" className="button-secondary" disabled={upgrade.isPending || !choice}>
            {upgrade.isPending ? 'Upgrading…' : 'Upgrade'}
          </button>
        </form>
      )}
      <ErrorAlert error={upgrade.error} prefix="The upgrade was not accepted." />
      <ErrorAlert error={versions.error} prefix="Could not load the offered versions." />
    </div>
  );
}
