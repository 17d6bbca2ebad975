import { dummyPasswordHash, generatePassword, hashPassword, verifyPassword } from '../../src/crypto/password';

describe('password hashing', () => {
  it('stores scrypt with its parameters and a random salt, never the password', async () => {
    const a = await hashPassword('correct horse battery staple');
    const b = await hashPassword('correct horse battery staple');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('horse');
  });

  it('verifies the right password and rejects others', async () => {
    const hash = await hashPassword('correct horse battery staple');
    await expect(verifyPassword('correct horse battery staple', hash)).resolves.toBe(true);
    await expect(verifyPassword('correct horse battery stapl', hash)).resolves.toBe(false);
    await expect(verifyPassword('', hash)).resolves.toBe(false);
  });

  it('treats Unicode forms of the same password alike (NFKC)', async () => {
    const hash = await hashPassword('caf\u00e9-p\u00e4ssword');
    await expect(verifyPassword('cafe\u0301-pa\u0308ssword', hash)).resolves.toBe(true);
  });

  it('rejects malformed or foreign hashes instead of throwing', async () => {
    await expect(verifyPassword('x', 'bcrypt$2b$10$abc')).resolves.toBe(false);
    await expect(verifyPassword('x', '')).resolves.toBe(false);
  });

  it('keeps verifying hashes made with other cost parameters', async () => {
    const current = await hashPassword('pw-12345678');
    const [, , , , salt] = current.split('$');
    // A hash with N=1024 made by the same scheme still verifies (parameters are read from it).
    const { scryptSync } = await import('node:crypto');
    const old = [
      'scrypt',
      1024,
      8,
      1,
      salt,
      scryptSync('pw-12345678', Buffer.from(salt!, 'base64url'), 32, { N: 1024, r: 8, p: 1 }).toString('base64url'),
    ].join('$');
    await expect(verifyPassword('pw-12345678', old)).resolves.toBe(true);
  });

  it('has a dummy hash for unknown users that no guess matches', async () => {
    const dummy = await dummyPasswordHash();
    expect(dummy).toBe(await dummyPasswordHash());
    await expect(verifyPassword('', dummy)).resolves.toBe(false);
  });

  it('generates long, distinct, URL- and shell-safe passwords', () => {
    const passwords = new Set(Array.from({ length: 50 }, generatePassword));
    expect(passwords.size).toBe(50);
    for (const password of passwords) expect(password).toMatch(/^[A-Za-z0-9]{20}-[0-9a-f]{10}$/);
  });
});
