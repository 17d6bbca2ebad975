import { randomUUID } from 'node:crypto';
import {
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  SignJWT,
  type JWK,
  type JWTPayload,
  type JWTVerifyResult,
  type CryptoKey,
} from 'jose';
import { IsNull, type DataSource } from 'typeorm';
import type { Config } from '../config/config';
import type { MasterKey } from '../crypto/master-key';
import { SigningKey } from '../db/entities/signing-key.entity';

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

export interface SigningKeysOptions {
  /** How often every instance re-reads the keys, so one rotated elsewhere is published everywhere (default 60 s). */
  reloadIntervalMs?: number;
  /**
   * How long a new key is only published (JWKS) before it signs (default 6 min: the reload interval
   * plus the JWKS responses' max-age), so every instance and every JWKS cache knows it first.
   */
  activationDelayMs?: number;
  /** The longest lifetime of a token these keys sign (sessions, access tokens): rotate() keeps their keys that long. */
  maxTokenLifetimeMs?: number;
}

export interface RotateOptions {
  /** Rotate although tokens signed with the key this rotation retires may still be live. */
  force?: boolean;
  /**
   * A leaked key: retire every other key now and sign with the new one at once (every token signed before stops
   * working).
   */
  retireAll?: boolean;
}

export interface RotateResult {
  kid: string;
  /** When instances start signing with the new key. */
  activeFrom: Date;
  /** Keys still published (and verifying) besides the new one. */
  kept: string[];
  retired: string[];
}

/** A rotation refused because tokens signed with the key it would retire may still be live. */
export class RotationTooSoonError extends Error {
  constructor(readonly safeFrom: Date) {
    super(
      `rotating now would retire a key whose tokens may still be live; the next safe rotation is at ${safeFrom.toISOString()}`,
    );
    this.name = 'RotationTooSoonError';
  }
}

/**
 * The longest lifetime of the tokens Keyward signs (sessions, access tokens): SigningKeysOptions.maxTokenLifetimeMs.
 */
export function longestTokenLifetimeMs(config: Pick<Config, 'sessionTtlSeconds' | 'accessTokenTtlSeconds'>): number {
  return Math.max(config.sessionTtlSeconds, config.accessTokenTtlSeconds) * 1000;
}

/** The keys that verify (and are published), newest first. */
const UNRETIRED = { where: { retiredAt: IsNull() }, order: { createdAt: 'DESC' } } as const;

const DEFAULT_RELOAD_INTERVAL_MS = 60_000;
/** The JWKS route's `Cache-Control: max-age` in seconds. */
export const JWKS_MAX_AGE_SECONDS = 300;
/** How far past `exp` a token still verifies (clock skew between instances). */
export const CLOCK_TOLERANCE_SECONDS = 5;
/**
 * A token with an unknown `kid` triggers a reload at most this often (such tokens are forged or from a retired key).
 */
const UNKNOWN_KID_RELOAD_MS = 10_000;

/**
 * Asymmetric keys (ES256) that sign Keyward's JWTs. Private keys are stored sealed with the master
 * key. Every un-retired key verifies and is published in the JWKS; the newest key that has been
 * published for `activationDelayMs` signs (before that, the one published longest), so a key
 * rotated on one instance (or by `keyward rotate-signing-key`) reaches every instance's JWKS
 * (reloaded every `reloadIntervalMs`) and every JWKS cache before any token carries it. A rotation
 * retires the keys older than the current newest one, so the previous key keeps verifying the
 * tokens in flight; `rotate` refuses while such tokens may still be live (unless forced).
 */
export class SigningKeys {
  private keys: LoadedKey[] = [];
  private loading: Promise<void> | undefined;
  private lastUnknownKidReload = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly reloadIntervalMs: number;
  readonly activationDelayMs: number;
  private readonly maxTokenLifetimeMs: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly masterKey: MasterKey,
    readonly issuer: string,
    options: SigningKeysOptions = {},
  ) {
    this.reloadIntervalMs = options.reloadIntervalMs ?? DEFAULT_RELOAD_INTERVAL_MS;
    this.activationDelayMs = options.activationDelayMs ?? this.reloadIntervalMs + JWKS_MAX_AGE_SECONDS * 1000;
    this.maxTokenLifetimeMs = options.maxTokenLifetimeMs ?? 24 * 3600 * 1000;
  }

  /** Loads keys from the database, creating the first one when there is none; then re-reads them periodically. */
  async init(): Promise<void> {
    await this.reload();
    if (this.keys.length === 0) await this.rotate();
    this.timer ??= setInterval(() => void this.reload().catch(() => undefined), this.reloadIntervalMs);
    this.timer.unref();
  }

  /** Stops the periodic reload. */
  close(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Re-reads the un-retired keys (a failed read keeps the keys loaded before). */
  reload(): Promise<void> {
    this.loading ??= (async () => {
      try {
        this.keys = await loadKeys(this.dataSource, this.masterKey);
      } finally {
        this.loading = undefined;
      }
    })();
    return this.loading;
  }

  /**
   * Creates a new signing key. It is published at once and signs from `activeFrom`; keys older
   * than the current newest one are retired (with `retireAll`: every other key, so the new key
   * signs at once; instances that have not reloaded yet sign with a retired key for up to the
   * reload interval). Refused with RotationTooSoonError while tokens signed with a key it would
   * retire may still be live, unless `force`.
   */
  async rotate(options: RotateOptions = {}): Promise<RotateResult> {
    const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
    const kid = randomUUID();
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: SIGNING_ALG, use: 'sig' };
    const privateJwk = await exportJWK(privateKey);
    const now = new Date();
    const result = await this.dataSource.transaction(async (em) => {
      const repo = em.getRepository(SigningKey);
      const active = await repo.find(UNRETIRED);
      const retire = options.retireAll ? active : active.slice(1);
      // a retired key's tokens stop verifying: they were signed until the newest key took over
      if (!options.force && !options.retireAll && retire.length > 0) {
        const safeFrom = new Date(active[0]!.createdAt.getTime() + this.activationDelayMs + this.maxTokenLifetimeMs);
        if (safeFrom > now) throw new RotationTooSoonError(safeFrom);
      }
      for (const old of retire) await repo.update({ id: old.id }, { retiredAt: now });
      await repo.insert({
        id: kid,
        alg: SIGNING_ALG,
        publicJwk: JSON.stringify(publicJwk),
        privateKeySealed: this.masterKey.seal(JSON.stringify(privateJwk), SEAL_CONTEXT),
        createdAt: now,
        retiredAt: null,
      });
      // the only key left signs at once (current() falls back to it)
      const alone = active.length === retire.length;
      return {
        kid,
        activeFrom: alone ? now : new Date(now.getTime() + this.activationDelayMs),
        kept: active.filter((k) => !retire.includes(k)).map((k) => k.id),
        retired: retire.map((k) => k.id),
      };
    });
    await this.reload();
    return result;
  }

  /** The key that signs now: the newest one published for activationDelayMs, else the one published longest. */
  private current(): LoadedKey {
    const now = Date.now();
    const key =
      this.keys.find((k) => now - k.createdAt.getTime() >= this.activationDelayMs) ?? this.keys[this.keys.length - 1];
    if (!key) throw new Error('signing keys not initialised');
    return key;
  }

  /** The `kid` that signs now. */
  currentKid(): string {
    return this.current().kid;
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

  /** True while the key `kid` verifies (loaded, not retired): a cached verification stays good only that long. */
  verifies(kid: string): boolean {
    return this.keys.some((k) => k.kid === kid);
  }

  /** Verifies signature, issuer (null: any), audience and expiry; throws on any failure. */
  async verify(
    token: string,
    audience: string,
    typ?: string,
    issuer: string | null = this.issuer,
  ): Promise<JWTVerifyResult> {
    return jwtVerify(
      token,
      async (header) => {
        let key = this.keys.find((k) => k.kid === header.kid);
        if (!key && Date.now() - this.lastUnknownKidReload >= UNKNOWN_KID_RELOAD_MS) {
          // the periodic reload publishes a new key before it signs; this catches up early, rate-limited
          // (a forged kid per request must not become a database read per request)
          this.lastUnknownKidReload = Date.now();
          await this.reload();
          key = this.keys.find((k) => k.kid === header.kid);
        }
        if (!key) throw new Error('unknown key id');
        return key.publicKey;
      },
      {
        ...(issuer === null ? {} : { issuer }),
        audience,
        algorithms: [SIGNING_ALG],
        typ,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      },
    );
  }

  /** Public keys for `/.well-known/jwks.json`. */
  jwks(): { keys: JWK[] } {
    return { keys: this.keys.map((k) => k.publicJwk) };
  }
}

/** The un-retired keys, newest first, with their private keys unsealed. */
async function loadKeys(dataSource: DataSource, masterKey: MasterKey): Promise<LoadedKey[]> {
  const rows = await dataSource.getRepository(SigningKey).find(UNRETIRED);
  const loaded: LoadedKey[] = [];
  for (const row of rows) {
    const publicJwk = JSON.parse(row.publicJwk) as JWK;
    const privateJwk = JSON.parse(masterKey.open(row.privateKeySealed, SEAL_CONTEXT).toString('utf8')) as JWK;
    loaded.push({
      kid: row.id,
      createdAt: row.createdAt,
      publicJwk,
      publicKey: (await importJWK(publicJwk, row.alg)) as CryptoKey,
      privateKey: (await importJWK(privateJwk, row.alg)) as CryptoKey,
    });
  }
  return loaded;
}
