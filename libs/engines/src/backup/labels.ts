import { LABELS, storeLabels } from '../labels.js';
import type { BlueprintStore, EngineConfig } from '../types.js';

/**
 * Value of app.kubernetes.io/component on backup and restore Job pods. Kept
 * out of COMPONENTS (the long-running parts of a store that diagnostics and
 * readiness look at): these Jobs come and go with each backup.
 */
export const BACKUP_COMPONENT = 'backup';

export function backupLabels(store: BlueprintStore, config: EngineConfig, name: string): Record<string, string> {
  return { ...storeLabels(store, config), [LABELS.component]: BACKUP_COMPONENT, [LABELS.name]: name };
}

/** Selects the store's backup and restore pods (same stable keys as componentSelector). */
export function backupSelector(store: BlueprintStore): Record<string, string> {
  return { [LABELS.instance]: store.name, [LABELS.component]: BACKUP_COMPONENT };
}
