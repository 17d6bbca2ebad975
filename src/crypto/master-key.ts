import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const VERSION = 'v1';

/**
 * The master key encrypts secrets at rest (signing keys, webhook secrets) with AES-256-GCM.
 * Sealed form: `v1.<iv b64url>.<tag b64url>.<ciphertext b64url>`; `context` is bound as AAD so a
 * sealed value cannot be moved to another purpose.
 */
export class MasterKey {
  private constructor(private readonly key: Buffer) {}

  static fromBytes(key: Buffer): MasterKey {
    if (key.length !== 32) throw new Error('master key must be 32 bytes');
    return new MasterKey(Buffer.from(key));
  }

  /**
   * The configured key, or the one in `<dataDir>/master.key`, generated there on first run.
   * `warn` is told when a key is generated.
   */
  static load(configured: Buffer | undefined, dataDir: string, warn: (message: string) => void): MasterKey {
    if (configured) return MasterKey.fromBytes(configured);
    const file = path.join(dataDir, 'master.key');
    if (fs.existsSync(file)) {
      const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
      if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key`);
      return new MasterKey(key);
    }
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const key = randomBytes(32);
    fs.writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
    warn(
      `KEYWARD_MASTER_KEY is not set: generated one into ${file}. Back it up, or set KEYWARD_MASTER_KEY in production; without it, encrypted secrets cannot be read.`,
    );
    return new MasterKey(key);
  }

  seal(plaintext: string | Buffer, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return [
      VERSION,
      iv.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
      ciphertext.toString('base64url'),
    ].join('.');
  }

  open(sealed: string, context: string): Buffer {
    const [version, iv, tag, ciphertext] = sealed.split('.');
    if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new Error('malformed sealed value');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]);
  }
}
