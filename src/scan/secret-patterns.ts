import { hash } from 'node:crypto';
import { parseSecret, secretDisplay, type SecretKind } from '../credentials/tokens';
import { SECRET_PREFIX as WEBHOOK_SECRET_PREFIX } from '../domain/webhooks/signing';

/** What a found secret is: an API-key kind (checksum verified) or a webhook signing secret (no checksum). */
export type FoundSecretKind = SecretKind | 'WEBHOOK_SECRET';

/**
 * Candidates, matched on text decoded as latin1 (every byte one character, tokens are ASCII):
 * `kwk_|kwp_|kws_` + 36 base62, or `whsec_` + base64 of 32 bytes (43 characters and `=`).
 * The boundaries (no base62/base64 character right before or after) are checked in code: a regex
 * that starts with a lookbehind loses V8's fast literal search.
 */
const CANDIDATE = /kw[kps]_[0-9A-Za-z]{36}|whsec_[A-Za-z0-9+/]{43}=/g;
const BASE62 = /[0-9A-Za-z]/;
const BASE64 = /[A-Za-z0-9+/=]/;

/** The longest candidate (`whsec_` + 44), plus one character of context on each side. */
export const LONGEST_TOKEN = WEBHOOK_SECRET_PREFIX.length + 44;

export interface TokenMatch {
  /** Index in the searched text. */
  index: number;
  token: string;
  kind: FoundSecretKind;
}

/**
 * Keyward secrets in `text` whose checksum is valid (API keys: the same `parseSecret` that
 * authentication uses). Webhook secrets carry no checksum: any exact `whsec_` + 32-byte base64
 * is reported, marked as such by its kind.
 */
export function findTokens(text: string, from = 0, to = text.length): TokenMatch[] {
  const found: TokenMatch[] = [];
  CANDIDATE.lastIndex = from;
  for (let m = CANDIDATE.exec(text); m !== null && m.index < to; m = CANDIDATE.exec(text)) {
    const token = m[0];
    const end = m.index + token.length;
    const webhook = token.charCodeAt(0) === 0x77; // 'w'
    const boundary = webhook ? BASE64 : BASE62;
    if (m.index > 0 && BASE62.test(text[m.index - 1])) continue;
    if (end < text.length && boundary.test(text[end])) continue;
    const kind: FoundSecretKind | undefined = webhook ? 'WEBHOOK_SECRET' : parseSecret(token);
    // no real token can hide inside a rejected candidate: it would follow a base62 character
    if (kind) found.push({ index: m.index, token, kind });
  }
  return found;
}

/** What may be shown of a found secret: `kwk_AbCdEfGh…wxyz` (the console's prefix and last4), never more. */
export function maskSecret(token: string): string {
  if (token.startsWith(WEBHOOK_SECRET_PREFIX))
    return `${token.slice(0, WEBHOOK_SECRET_PREFIX.length + 4)}…${token.slice(-4)}`;
  const { prefix, last4 } = secretDisplay(token);
  return `${prefix}…${last4}`;
}

/** SHA-256 (hex) of a secret: what Keyward stores for keys and GitHub's `token_hash`; safe to print. */
export function secretFingerprint(token: string): string {
  return hash('sha256', token, 'hex');
}

export const KIND_LABEL: Record<FoundSecretKind, string> = {
  GRAPHQL: 'Keyward GraphQL API key',
  PERSONAL: 'Keyward personal API key',
  REST_SECRET: 'Keyward REST client secret',
  WEBHOOK_SECRET: 'Keyward webhook signing secret',
};
