import { randomBytes } from 'node:crypto';

import type { SecretSpec } from '../types.js';
import { generateSecretValues, randomToken, secretManifest } from './secret.js';

const spec: SecretSpec = {
  name: 'creds',
  namespace: 'store-a',
  labels: { a: 'b' },
  keys: { one: { length: 12 }, two: { length: 40 } },
  adminPasswordKey: 'one',
};

describe('secret generation', () => {
  it('makes tokens of the asked length from letters and digits only', () => {
    for (const length of [1, 24, 64]) expect(randomToken(randomBytes, length)).toMatch(new RegExp(`^[A-Za-z0-9]{${length}}$`));
  });

  it('discards bytes that would bias the alphabet', () => {
    // 248..255 are above the largest multiple of 62; only 0 survives here.
    const bytes = [255, 250, 248, 0];
    expect(randomToken(() => Uint8Array.from(bytes), 1)).toBe('A');
  });

  it('generates every key and keeps the values it is told to keep', () => {
    const values = generateSecretValues(spec, randomBytes, { one: 'kept-value' });
    expect(values.one).toBe('kept-value');
    expect(values.two).toHaveLength(40);
    expect(generateSecretValues(spec, randomBytes).two).not.toBe(values.two);
  });

  it('refuses to build a Secret with a value missing', () => {
    expect(() => secretManifest(spec, { one: 'x' })).toThrow('missing values for: two');
    expect(secretManifest(spec, { one: 'x', two: 'y' })).toMatchObject({
      metadata: { name: 'creds', namespace: 'store-a' },
      stringData: { one: 'x', two: 'y' },
    });
  });
});
