import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { MasterKey } from '../../src/crypto/master-key';

describe('MasterKey', () => {
  const key = MasterKey.fromBytes(randomBytes(32));

  it('opens what it sealed, for the same context', () => {
    const sealed = key.seal('whsec_very-secret', 'webhook-secret');
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain('very-secret');
    expect(key.open(sealed, 'webhook-secret').toString('utf8')).toBe('whsec_very-secret');
  });

  it('seals the same plaintext differently each time (random IV)', () => {
    expect(key.seal('same', 'ctx')).not.toBe(key.seal('same', 'ctx'));
  });

  it('refuses to open a value sealed for another context', () => {
    const sealed = key.seal('private jwk', 'signing-key');
    expect(() => key.open(sealed, 'webhook-secret')).toThrow();
  });

  it('refuses a tampered ciphertext, tag or IV', () => {
    const sealed = key.seal('payload', 'ctx');
    const [version, iv, tag, ciphertext] = sealed.split('.') as [string, string, string, string];
    const flip = (part: string) => {
      const bytes = Buffer.from(part, 'base64url');
      bytes[0]! ^= 1;
      return bytes.toString('base64url');
    };
    for (const tampered of [
      [version, iv, tag, flip(ciphertext)],
      [version, iv, flip(tag), ciphertext],
      [version, flip(iv), tag, ciphertext],
    ]) {
      expect(() => key.open(tampered.join('.'), 'ctx')).toThrow();
    }
  });

  it('refuses a value sealed with another key', () => {
    const sealed = MasterKey.fromBytes(randomBytes(32)).seal('payload', 'ctx');
    expect(() => key.open(sealed, 'ctx')).toThrow();
  });

  it('refuses malformed sealed values', () => {
    expect(() => key.open('v2.a.b.c', 'ctx')).toThrow('malformed sealed value');
    expect(() => key.open('garbage', 'ctx')).toThrow('malformed sealed value');
  });

  it('requires exactly 32 bytes', () => {
    expect(() => MasterKey.fromBytes(randomBytes(16))).toThrow('32 bytes');
  });

  describe('load', () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-master-'));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('generates a key file once, private to the owner, with a warning; later loads reuse it', () => {
      const warnings: string[] = [];
      const first = MasterKey.load(undefined, path.join(dir, 'data'), (m) => warnings.push(m));
      const file = path.join(dir, 'data', 'master.key');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('KEYWARD_MASTER_KEY is not set');
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      const sealed = first.seal('x', 'ctx');
      const second = MasterKey.load(undefined, path.join(dir, 'data'), (m) => warnings.push(m));
      expect(warnings).toHaveLength(1);
      expect(second.open(sealed, 'ctx').toString()).toBe('x');
    });

    it('prefers the configured key and writes no file', () => {
      const bytes = randomBytes(32);
      const loaded = MasterKey.load(bytes, dir, () => undefined);
      expect(fs.readdirSync(dir)).toEqual([]);
      expect(MasterKey.fromBytes(bytes).open(loaded.seal('y', 'c'), 'c').toString()).toBe('y');
    });

    it('rejects a key file that does not hold 32 bytes', () => {
      fs.writeFileSync(path.join(dir, 'master.key'), 'c2hvcnQ=\n');
      expect(() => MasterKey.load(undefined, dir, () => undefined)).toThrow('32-byte');
    });
  });
});
