import type { BackupPart } from './keys.js';
import { BACKUP_PARTS, backupPrefix } from './keys.js';

export const BACKUP_ENGINES = ['woocommerce', 'medusa'] as const;
export type BackupEngine = (typeof BACKUP_ENGINES)[number];

/** One object of a backup as the manifest records it. */
export interface ManifestObject {
  part: BackupPart;
  /** Full key in the bucket, under the backup's prefix. */
  key: string;
  /** Bytes stored (compressed). */
  size: number;
  /** Hex SHA-256 of the stored bytes. */
  sha256: string;
}

/**
 * What a backup is, written as manifest.json after every object it names is
 * in the bucket. A backup without a valid manifest whose objects match it does
 * not exist as far as restore is concerned.
 */
export interface BackupManifest {
  format: 1;
  storeId: string;
  backupId: string;
  engine: BackupEngine;
  /** Version of the engine's database server that wrote the dump (e.g. "17.5", "11.4.5-MariaDB"). */
  engineVersion: string;
  /** ISO 8601, UTC. */
  createdAt: string;
  objects: ManifestObject[];
}

export class InvalidManifestError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid backup manifest: ${problems.join('; ')}`);
    this.name = 'InvalidManifestError';
  }
}

const SHA256 = /^[0-9a-f]{64}$/;
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Validates a manifest read from the bucket (text or parsed JSON) against the
 * backup it is expected to describe. Throws an InvalidManifestError listing
 * every problem.
 */
export function parseManifest(input: unknown, expected: { storeId: string; backupId: string }): BackupManifest {
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch {
      throw new InvalidManifestError(['not JSON']);
    }
  }
  if (!isRecord(value)) throw new InvalidManifestError(['not an object']);
  const problems: string[] = [];
  if (value.format !== 1) problems.push(`format must be 1, got ${JSON.stringify(value.format)}`);
  if (value.storeId !== expected.storeId) problems.push(`storeId must be ${expected.storeId}`);
  if (value.backupId !== expected.backupId) problems.push(`backupId must be ${expected.backupId}`);
  if (!BACKUP_ENGINES.includes(value.engine as BackupEngine)) problems.push(`engine must be one of ${BACKUP_ENGINES.join(', ')}`);
  if (typeof value.engineVersion !== 'string' || value.engineVersion.trim() === '')
    problems.push('engineVersion must be a non-empty string');
  if (typeof value.createdAt !== 'string' || Number.isNaN(Date.parse(value.createdAt)))
    problems.push('createdAt must be an ISO 8601 time');
  const prefix = backupPrefix(expected.storeId, expected.backupId);
  const seen = new Set<string>();
  if (!Array.isArray(value.objects)) problems.push('objects must be an array');
  else {
    value.objects.forEach((object: unknown, i) => {
      if (!isRecord(object)) return problems.push(`objects[${i}] must be an object`);
      if (!BACKUP_PARTS.includes(object.part as BackupPart))
        problems.push(`objects[${i}].part must be one of ${BACKUP_PARTS.join(', ')}`);
      else if (seen.has(object.part as string)) problems.push(`objects[${i}].part ${String(object.part)} appears twice`);
      else seen.add(object.part as string);
      if (typeof object.key !== 'string' || !object.key.startsWith(prefix) || object.key.slice(prefix.length).includes('/'))
        problems.push(`objects[${i}].key must be directly under ${prefix}`);
      if (!Number.isSafeInteger(object.size) || (object.size as number) < 0)
        problems.push(`objects[${i}].size must be a non-negative integer`);
      if (typeof object.sha256 !== 'string' || !SHA256.test(object.sha256))
        problems.push(`objects[${i}].sha256 must be 64 lowercase hex digits`);
      return undefined;
    });
    if (!seen.has('database')) problems.push('objects must include the database dump');
  }
  if (problems.length > 0) throw new InvalidManifestError(problems);
  return value as unknown as BackupManifest;
}

/** What was found in the bucket for one object of a manifest (null: missing). */
export type ObservedObject = { size: number; sha256: string } | null;

/**
 * Compares a manifest with what the bucket holds. Returns the mismatches, an
 * empty list when every object is present with the recorded size and checksum.
 */
export function manifestMismatches(manifest: BackupManifest, observed: ReadonlyMap<string, ObservedObject>): string[] {
  return manifest.objects.flatMap((object) => {
    const found = observed.get(object.key);
    if (!found) return [`${object.part}: ${object.key} is missing`];
    const problems: string[] = [];
    if (found.size !== object.size) problems.push(`${object.part}: size ${found.size}, manifest says ${object.size}`);
    if (found.sha256 !== object.sha256) problems.push(`${object.part}: sha256 ${found.sha256}, manifest says ${object.sha256}`);
    return problems;
  });
}

/** Total stored bytes of a backup. */
export function manifestSize(manifest: BackupManifest): number {
  return manifest.objects.reduce((sum, object) => sum + object.size, 0);
}
