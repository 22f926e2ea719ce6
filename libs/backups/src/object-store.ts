import type { Readable } from 'node:stream';

/** The few object-storage operations backups need; S3ObjectStore implements them against S3. */
export interface ObjectStore {
  put(key: string, body: Buffer | Readable, size?: number): Promise<void>;
  /** The object's bytes as a stream, or null when it does not exist. */
  get(key: string): Promise<Readable | null>;
  /** Keys under a prefix (all pages). */
  list(prefix: string): Promise<string[]>;
  /** Deletes the keys; missing keys are not an error. */
  delete(keys: string[]): Promise<void>;
}
