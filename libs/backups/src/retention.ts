/** A backup as retention sees it. */
export interface RetainedBackup {
  id: string;
  createdAt: Date;
}

/**
 * Keep the newest `keepLast` backups, return the others (oldest first) for
 * deletion. Ties on createdAt break on id, so the answer is deterministic.
 */
export function backupsBeyondRetention<T extends RetainedBackup>(backups: readonly T[], keepLast: number): T[] {
  if (!Number.isInteger(keepLast) || keepLast < 1) throw new RangeError(`keepLast must be an integer >= 1, got ${keepLast}`);
  const newestFirst = [...backups].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id.localeCompare(a.id));
  return newestFirst.slice(keepLast).reverse();
}
