import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';

import { backupIdOfKey, type BackupPart, backupPrefix, manifestKey, storeBackupsPrefix } from './keys.js';
import { type BackupManifest, InvalidManifestError, manifestMismatches, type ObservedObject, parseManifest } from './manifest.js';
import type { ObjectStore } from './object-store.js';

/** Why a backup cannot be restored (or marked completed). */
export class BackupNotRestorableError extends Error {
  constructor(
    readonly backupId: string,
    readonly problems: string[],
  ) {
    super(`Backup ${backupId} is not restorable: ${problems.join('; ')}`);
    this.name = 'BackupNotRestorableError';
  }
}

async function digest(stream: Readable): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    const bytes = chunk as Buffer;
    size += bytes.length;
    hash.update(bytes);
  }
  return { size, sha256: hash.digest('hex') };
}

async function readText(stream: Readable, limit = 64 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new InvalidManifestError([`larger than ${limit} bytes`]);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export interface BackupPartInput {
  part: BackupPart;
  /** File name under the backup's prefix, e.g. database.dump.gz. */
  name: string;
  body: Buffer;
}

/**
 * Writes a backup the way the backup Job does: every object first, the
 * manifest last. A writer killed at any point leaves either no manifest (the
 * backup does not exist for restore) or a complete one.
 */
export async function writeBackup(
  store: ObjectStore,
  meta: Omit<BackupManifest, 'format' | 'objects'>,
  parts: BackupPartInput[],
): Promise<BackupManifest> {
  const prefix = backupPrefix(meta.storeId, meta.backupId);
  const objects = [];
  for (const part of parts) {
    const key = `${prefix}${part.name}`;
    await store.put(key, part.body, part.body.length);
    objects.push({ part: part.part, key, size: part.body.length, sha256: createHash('sha256').update(part.body).digest('hex') });
  }
  const manifest: BackupManifest = { format: 1, ...meta, objects };
  const text = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
  await store.put(manifestKey(meta.storeId, meta.backupId), text, text.length);
  return manifest;
}

/**
 * Reads a backup's manifest back from the bucket and checks every object it
 * names against the bytes stored (size and SHA-256, computed from the bucket's
 * copy). Returns the manifest when it all matches; throws
 * BackupNotRestorableError otherwise (no manifest, an invalid one, a missing or
 * altered object). This is the only test of "completed" and of "restorable".
 */
export async function verifyBackup(store: ObjectStore, storeId: string, backupId: string): Promise<BackupManifest> {
  const body = await store.get(manifestKey(storeId, backupId));
  if (!body) throw new BackupNotRestorableError(backupId, ['no manifest (the backup was not committed)']);
  let manifest: BackupManifest;
  try {
    manifest = parseManifest(await readText(body), { storeId, backupId });
  } catch (error) {
    if (error instanceof InvalidManifestError) throw new BackupNotRestorableError(backupId, error.problems);
    throw error;
  }
  const observed = new Map<string, ObservedObject>();
  for (const object of manifest.objects) {
    const stream = await store.get(object.key);
    observed.set(object.key, stream ? await digest(stream) : null);
  }
  const mismatches = manifestMismatches(manifest, observed);
  if (mismatches.length > 0) throw new BackupNotRestorableError(backupId, mismatches);
  return manifest;
}

/** Backup ids that have any object in the bucket under the store's prefix (committed or not). */
export async function listBackupIds(store: ObjectStore, storeId: string): Promise<string[]> {
  const ids = new Set<string>();
  for (const key of await store.list(storeBackupsPrefix(storeId))) {
    const id = backupIdOfKey(storeId, key);
    if (id) ids.add(id);
  }
  return [...ids].sort();
}

/**
 * The newest backup of a store that verifies (restore's choice when none is
 * named); half-written or altered backups are skipped. Null when none.
 */
export async function latestRestorableBackup(store: ObjectStore, storeId: string): Promise<BackupManifest | null> {
  const verified: BackupManifest[] = [];
  for (const id of await listBackupIds(store, storeId)) {
    try {
      verified.push(await verifyBackup(store, storeId, id));
    } catch (error) {
      if (!(error instanceof BackupNotRestorableError)) throw error;
    }
  }
  verified.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.backupId.localeCompare(a.backupId));
  return verified[0] ?? null;
}

/** Deletes every object of one backup, the manifest first (so it stops being restorable before its parts go). */
export async function deleteBackupObjects(store: ObjectStore, storeId: string, backupId: string): Promise<void> {
  await store.delete([manifestKey(storeId, backupId)]);
  await store.delete(await store.list(backupPrefix(storeId, backupId)));
}
