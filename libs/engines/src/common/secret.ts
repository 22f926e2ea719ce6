import type { V1Secret } from '@kubernetes/client-node';

import type { SecretSpec } from '../types.js';

/** A source of cryptographically random bytes (node:crypto's randomBytes in the worker). */
export type RandomSource = (size: number) => Uint8Array;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
// The largest multiple of the alphabet's size below 256: bytes above it are
// discarded so every character is equally likely.
const UNBIASED_LIMIT = 256 - (256 % ALPHABET.length);

/** A random string of letters and digits (safe in shell, SQL and PHP without quoting). */
export function randomToken(random: RandomSource, length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of random(length * 2)) {
      if (byte < UNBIASED_LIMIT) out += ALPHABET[byte % ALPHABET.length];
      if (out.length === length) break;
    }
  }
  return out;
}

/** Fresh values for every key of the spec; `keep` supplies values that must not change. */
export function generateSecretValues(
  spec: SecretSpec,
  random: RandomSource,
  keep: Record<string, string> = {},
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(spec.keys).map(([key, { length }]) => [key, keep[key] ?? randomToken(random, length)]),
  );
}

export function secretManifest(spec: SecretSpec, values: Record<string, string>): V1Secret {
  const missing = Object.keys(spec.keys).filter((key) => !values[key]);
  if (missing.length > 0) throw new Error(`Secret ${spec.name} is missing values for: ${missing.join(', ')}`);
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: spec.name, namespace: spec.namespace, labels: spec.labels },
    type: 'Opaque',
    stringData: Object.fromEntries(Object.keys(spec.keys).map((key) => [key, values[key]!])),
  };
}
