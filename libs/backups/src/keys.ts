/**
 * Where a store's backups live in the bucket. Every object of every backup of
 * a store is under that store's prefix, so a credential scoped to the prefix
 * can reach that store's backups and nothing else:
 *
 *   stores/<storeId>/backups/<backupId>/database.<ext>   the engine's dump, compressed
 *   stores/<storeId>/backups/<backupId>/files.tar.gz     the engine's uploaded files
 *   stores/<storeId>/backups/<backupId>/manifest.json    written LAST: its presence commits the backup
 */
const ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

export class InvalidBackupKeyError extends Error {
  constructor(what: string, value: string) {
    super(`${what} ${JSON.stringify(value)} cannot be part of a backup key (lowercase letters, digits and dashes, at most 63)`);
    this.name = 'InvalidBackupKeyError';
  }
}

function checked(what: string, value: string): string {
  if (!ID.test(value)) throw new InvalidBackupKeyError(what, value);
  return value;
}

/** Objects of a backup, other than the manifest. */
export const BACKUP_PARTS = ['database', 'files'] as const;
export type BackupPart = (typeof BACKUP_PARTS)[number];

export const MANIFEST_NAME = 'manifest.json';

/** The prefix of all backups of one store (ends with '/'). */
export function storeBackupsPrefix(storeId: string): string {
  return `stores/${checked('store id', storeId)}/backups/`;
}

/** The prefix of one backup (ends with '/'). */
export function backupPrefix(storeId: string, backupId: string): string {
  return `${storeBackupsPrefix(storeId)}${checked('backup id', backupId)}/`;
}

export function manifestKey(storeId: string, backupId: string): string {
  return `${backupPrefix(storeId, backupId)}${MANIFEST_NAME}`;
}

/** The backup id a key under a store's prefix belongs to, or null for a key outside it. */
export function backupIdOfKey(storeId: string, key: string): string | null {
  const prefix = storeBackupsPrefix(storeId);
  if (!key.startsWith(prefix)) return null;
  const id = key.slice(prefix.length).split('/')[0] ?? '';
  return ID.test(id) ? id : null;
}
