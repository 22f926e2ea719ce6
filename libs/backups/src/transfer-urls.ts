import { backupPrefix, MANIFEST_NAME } from './keys.js';
import type { BackupManifest } from './manifest.js';

/** What presigns one request on one key (S3ObjectStore). */
export interface RequestPresigner {
  presign(method: 'GET' | 'PUT', key: string, expiresInSeconds: number): Promise<string>;
}

/**
 * All a backup or restore Job gets of the bucket: file name (under the
 * backup's prefix) → presigned URL. Each URL is one method on one key for a
 * short while, so the set reaches this backup's objects and nothing else: not
 * another store's prefix, not another backup, not a list or a delete. The URLs
 * are bearer tokens: they travel as a Secret, never in a log.
 */
export type TransferUrls = Record<string, string>;

/** SigV4 allows presigned URLs of up to 7 days. */
export const MAX_URL_EXPIRY_SECONDS = 7 * 24 * 3600;

const FILE = /^[a-z0-9][a-z0-9._-]{0,62}$/;

function checkedExpiry(seconds: number): number {
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_URL_EXPIRY_SECONDS)
    throw new RangeError(`a presigned URL lives 1–${MAX_URL_EXPIRY_SECONDS} seconds, not ${seconds}`);
  return seconds;
}

function checkedFile(file: string): string {
  if (!FILE.test(file)) throw new Error(`${JSON.stringify(file)} is not a file name directly under a backup's prefix`);
  return file;
}

/**
 * The PUTs a backup Job makes: each of `files` under the backup's prefix, and
 * the manifest, which it writes last.
 */
export async function backupUploadUrls(
  presigner: RequestPresigner,
  ids: { storeId: string; backupId: string },
  files: readonly string[],
  expiresInSeconds: number,
): Promise<TransferUrls> {
  const prefix = backupPrefix(ids.storeId, ids.backupId);
  const urls: TransferUrls = {};
  for (const file of [...files, MANIFEST_NAME])
    urls[checkedFile(file)] = await presigner.presign('PUT', `${prefix}${file}`, checkedExpiry(expiresInSeconds));
  return urls;
}

/**
 * The GETs a restore Job makes: the objects of a manifest the worker has just
 * verified against the bucket, and nothing else.
 */
export async function backupDownloadUrls(
  presigner: RequestPresigner,
  manifest: BackupManifest,
  expiresInSeconds: number,
): Promise<TransferUrls> {
  const prefix = backupPrefix(manifest.storeId, manifest.backupId);
  const urls: TransferUrls = {};
  for (const object of manifest.objects)
    urls[checkedFile(object.key.slice(prefix.length))] = await presigner.presign(
      'GET',
      object.key,
      checkedExpiry(expiresInSeconds),
    );
  return urls;
}

/** A manifest's objects as the restore Job names them: file under the prefix, and SHA-256. */
export function manifestFiles(manifest: BackupManifest): { file: string; sha256: string }[] {
  const prefix = backupPrefix(manifest.storeId, manifest.backupId);
  return manifest.objects.map((o) => ({ file: o.key.slice(prefix.length), sha256: o.sha256 }));
}
