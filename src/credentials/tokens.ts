import { hash, randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';

/**
 * Credential formats (docs/design.md §5), GitHub-style: a type prefix, 30 base62 random characters
 * (~178 bits) and a 6-character base62 CRC32 of the prefix+random part, so malformed or mistyped
 * tokens are rejected without a lookup and leaked ones are easy to scan for.
 */
export const TOKEN_PREFIX = {
  GRAPHQL: 'kwk_',
  PERSONAL: 'kwp_',
  REST_SECRET: 'kws_',
  REST_CLIENT_ID: 'kwc_',
} as const;
export type SecretKind = 'GRAPHQL' | 'PERSONAL' | 'REST_SECRET';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const RANDOM_LENGTH = 30;
const CHECKSUM_LENGTH = 6;
const CLIENT_ID_LENGTH = 22;
export const SECRET_LENGTH = 4 + RANDOM_LENGTH + CHECKSUM_LENGTH;
const SECRET_SHAPE = /^(kwk|kwp|kws)_[0-9A-Za-z]{36}$/;
const CLIENT_ID_SHAPE = /^kwc_[0-9A-Za-z]{22}$/;

/** Uniform base62 characters from the CSPRNG (rejection sampling: no modulo bias). */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248) out += ALPHABET[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

function base62Fixed(value: number, width: number): string {
  let out = '';
  let n = value;
  do {
    out = ALPHABET[n % 62] + out;
    n = Math.floor(n / 62);
  } while (n > 0);
  return out.padStart(width, '0');
}

function checksum(body: string): string {
  return base62Fixed(crc32(body) >>> 0, CHECKSUM_LENGTH);
}

/** A new secret of the given kind, e.g. `kwk_<30 random><6 checksum>`. */
export function generateSecret(kind: SecretKind): string {
  const body = TOKEN_PREFIX[kind] + randomBase62(RANDOM_LENGTH);
  return body + checksum(body);
}

/** A new public REST client id, `kwc_` + 22 base62. */
export function generateClientId(): string {
  return TOKEN_PREFIX.REST_CLIENT_ID + randomBase62(CLIENT_ID_LENGTH);
}

export function isClientId(value: string): boolean {
  return CLIENT_ID_SHAPE.test(value);
}

/** The kind of a well-formed secret whose checksum matches, or undefined (no lookup needed). */
export function parseSecret(token: string): SecretKind | undefined {
  if (token.length !== SECRET_LENGTH || !SECRET_SHAPE.test(token)) return undefined;
  const body = token.slice(0, SECRET_LENGTH - CHECKSUM_LENGTH);
  if (checksum(body) !== token.slice(SECRET_LENGTH - CHECKSUM_LENGTH)) return undefined;
  const prefix = token.slice(0, 4);
  return prefix === TOKEN_PREFIX.GRAPHQL ? 'GRAPHQL' : prefix === TOKEN_PREFIX.PERSONAL ? 'PERSONAL' : 'REST_SECRET';
}

/** True when the string looks like any Keyward secret (right prefix), checksum not checked. */
export function looksLikeSecret(token: string): boolean {
  return /^(kwk|kwp|kws)_/.test(token);
}

/** Keys are high-entropy: one SHA-256 is the right hash (no password-style stretching). */
export function hashSecret(secret: string): string {
  // one-shot crypto.hash (Node ≥ 20.12; engines ≥ 20.19): the digest of createHash().update(secret,
  // 'utf8').digest('hex') without a Hash object per call
  return hash('sha256', secret, 'hex');
}

/** What may be shown of a secret after creation: `prefix` (type prefix + 8) and `last4`. */
export function secretDisplay(secret: string): { prefix: string; last4: string } {
  return { prefix: secret.slice(0, 12), last4: secret.slice(-4) };
}
