import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK, type JWTPayload, type JWTVerifyResult, type CryptoKey } from 'jose';
import { IsNull, type DataSource } from 'typeorm';
import type { MasterKey } from '../crypto/master-key';
import { SigningKey } from '../entities/signing-key.entity';

export const SIGNING_ALG = 'ES256';
const SEAL_CONTEXT = 'signing-key';

interface LoadedKey {
  kid: string;
  createdAt: Date;
  publicJwk: JWK;
  publicKey: CryptoKey;
  privateKey: CryptoKey;
}

export interface SignOptions {
  audience: string;
  subject: string;
  expiresInSeconds: number;
  /** JWT header `typ`, e.g. "at+jwt" for RFC 9068 access tokens. */
  typ?: string;
  jti?: string;
  /** `iss` claim; defaults to the issuer this instance was built with. */
  issuer?: string;
}

/**
 * Asymmetric keys (ES256) that sign Keyward's JWTs. Private keys are stored sealed with the master
 * key. The newest un-retired key signs; every un-retired key verifies and is published in the JWKS,
 * so tokens signed before a rotation stay valid until they expire.
 */
export class SigningKeys {
  private keys: LoadedKey[] = [];
  private loading: Promise<void> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly masterKey: MasterKey,
    readonly issuer: string,
  ) {}

  /** Loads keys from the database, creating the first one when there is none. */
  async init(): Promise<void> {
    await this.reload();
    if (this.keys.length === 0) await this.rotate();
  }

  private reload(): Promise<void> {
    this.loading ??= (async () => {
      try {
        const rows = await this.dataSource.getRepository(SigningKey).find({ where: { retiredAt: IsNull() }, order: { createdAt: 'DESC' } });
        const loaded: LoadedKey[] = [];
        for (const row of rows) {
          const publicJwk = JSON.parse(row.publicJwk) as JWK;
          const privateJwk = JSON.parse(this.masterKey.open(row.privateKeySealed, SEAL_CONTEXT).toString('utf8')) as JWK;
          loaded.push({
            kid: row.id,
            createdAt: row.createdAt,
            publicJwk,
            publicKey: (await importJWK(publicJwk, row.alg)) as CryptoKey,
            privateKey: (await importJWK(privateJwk, row.alg)) as CryptoKey,
          });
        }
        this.keys = loaded;
      } finally {
        this.loading = undefined;
      }
    })();
    return this.loading;
  }

  /** Creates a new signing key; keys older than the previous one are retired. */
  async rotate(): Promise<string> {
    const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
    const kid = randomUUID();
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: SIGNING_ALG, use: 'sig' };
    const privateJwk = await exportJWK(privateKey);
    await this.dataSource.transaction(async (em) => {
      const repo = em.getRepository(SigningKey);
      const active = await repo.find({ where: { retiredAt: IsNull() }, order: { createdAt: 'DESC' } });
      // keep the current key (it becomes "previous"), retire anything older
      for (const old of active.slice(1)) {
        old.retiredAt = new Date();
        await repo.save(old);
      }
      await repo.insert({ id: kid, alg: SIGNING_ALG, publicJwk: JSON.stringify(publicJwk), privateKeySealed: this.masterKey.seal(JSON.stringify(privateJwk), SEAL_CONTEXT), createdAt: new Date(), retiredAt: null });
    });
    await this.reload();
    return kid;
  }

  private current(): LoadedKey {
    const key = this.keys[0];
    if (!key) throw new Error('signing keys not initialised');
    return key;
  }

  async sign(claims: JWTPayload, options: SignOptions): Promise<{ token: string; expiresAt: Date; jti: string }> {
    const key = this.current();
    const now = Math.floor(Date.now() / 1000);
    const jti = options.jti ?? randomUUID();
    const exp = now + options.expiresInSeconds;
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: SIGNING_ALG, kid: key.kid, typ: options.typ ?? 'JWT' })
      .setIssuer(options.issuer ?? this.issuer)
      .setAudience(options.audience)
      .setSubject(options.subject)
      .setIssuedAt(now)
      .setExpirationTime(exp)
      .setJti(jti)
      .sign(key.privateKey);
    return { token, expiresAt: new Date(exp * 1000), jti };
  }

  /** Verifies signature, issuer (null: any), audience and expiry; throws on any failure. */
  async verify(token: string, audience: string, typ?: string, issuer: string | null = this.issuer): Promise<JWTVerifyResult> {
    return jwtVerify(
      token,
      async (header) => {
        let key = this.keys.find((k) => k.kid === header.kid);
        if (!key) {
          await this.reload(); // another instance may have rotated
          key = this.keys.find((k) => k.kid === header.kid);
        }
        if (!key) throw new Error('unknown key id');
        return key.publicKey;
      },
      { ...(issuer === null ? {} : { issuer }), audience, algorithms: [SIGNING_ALG], typ, clockTolerance: 5 },
    );
  }

  /** Public keys for `/.well-known/jwks.json`. */
  jwks(): { keys: JWK[] } {
    return { keys: this.keys.map((k) => k.publicJwk) };
  }
}
