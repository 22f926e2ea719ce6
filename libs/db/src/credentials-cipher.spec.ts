import { randomBytes } from 'node:crypto';

import { CredentialsCipher } from './credentials-cipher.js';

describe('CredentialsCipher', () => {
  const cipher = new CredentialsCipher(randomBytes(32).toString('base64'));
  const login = { username: 'admin', password: 's3cret-Pa55' };

  it('round-trips a store login without leaving it readable', () => {
    const sealed = cipher.encrypt('store-1', login);
    expect(sealed).not.toContain('s3cret');
    expect(cipher.decrypt('store-1', sealed)).toEqual(login);
  });

  it('refuses a ciphertext moved to another store', () => {
    const sealed = cipher.encrypt('store-1', login);
    expect(() => cipher.decrypt('store-2', sealed)).toThrow();
  });

  it('refuses a tampered ciphertext', () => {
    const sealed = cipher.encrypt('store-1', login);
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] = body[0]! ^ 1;
    parts[3] = body.toString('base64url');
    expect(() => cipher.decrypt('store-1', parts.join('.'))).toThrow();
  });

  it('refuses a key of the wrong size', () => {
    expect(() => new CredentialsCipher(randomBytes(16).toString('base64'))).toThrow('32 bytes');
  });
});
