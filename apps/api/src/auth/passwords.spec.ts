import { generatePassword, hashPassword, normaliseEmail, verifyPassword } from './passwords.js';

describe('passwords', () => {
  it('hashes with argon2id and verifies only the right password', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(hash, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(hash, 'Correct horse battery staple')).toBe(false);
  });

  it('refuses any password for an account that does not exist', async () => {
    expect(await verifyPassword(null, '')).toBe(false);
    expect(await verifyPassword(null, 'anything')).toBe(false);
  });

  it('treats a corrupt hash as a wrong password, not a crash', async () => {
    expect(await verifyPassword('not-a-phc-string', 'x')).toBe(false);
  });

  it('generates long, unambiguous, different passwords', () => {
    const passwords = Array.from({ length: 200 }, () => generatePassword());
    for (const p of passwords) expect(p).toMatch(/^[A-HJ-NP-Za-km-z2-9]{24}$/);
    expect(new Set(passwords).size).toBe(200);
  });

  it('compares emails case-insensitively', () => {
    expect(normaliseEmail('  Admin@Example.COM ')).toBe('admin@example.com');
  });
});
