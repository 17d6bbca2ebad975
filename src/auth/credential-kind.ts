import { decodeProtectedHeader } from 'jose';
import { looksLikeSecret } from '../credentials/tokens';
import { ACCESS_TOKEN_TYP } from './access-tokens';

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * What a presented credential is, by its shape alone (no signature or lookup): a Keyward secret
 * (`kwk_`, `kwp_`, `kws_`), an OAuth access token (a JWT typed `at+jwt`), a session token (any other
 * JWT), or nothing Keyward issues. Request authentication and introspection both decide with it.
 */
export type CredentialKind = 'SECRET' | 'ACCESS_TOKEN' | 'SESSION' | 'UNKNOWN';

export function credentialKind(token: string): CredentialKind {
  if (looksLikeSecret(token)) return 'SECRET';
  if (!JWT_SHAPE.test(token)) return 'UNKNOWN';
  try {
    const typ = decodeProtectedHeader(token).typ?.toLowerCase();
    return typ === ACCESS_TOKEN_TYP || typ === `application/${ACCESS_TOKEN_TYP}` ? 'ACCESS_TOKEN' : 'SESSION';
  } catch {
    return 'SESSION';
  }
}
