import type { RequestMeta } from '../core/request-meta';
import type { FailedAuthThrottle } from '../credentials/failed-auth-throttle';
import { headerOccurrences } from './authenticate';
import { isUnknownCredential } from './key-authentication';
import type { KeyVerifier } from './key-verifier';
import type { RateLimitState, VerifyResult } from './verify-result';

/** A parsed application/x-www-form-urlencoded body (repeated names become arrays). */
export type FormBody = Record<string, string | string[] | undefined>;

/** One value of a form field; duplicates are an error (RFC 6749 §3.2). */
export function formField(body: FormBody, name: string): string | undefined {
  const value = body[name];
  if (Array.isArray(value)) throw new Error(`The parameter "${name}" is repeated`);
  return value === undefined || value === '' ? undefined : value;
}

/**
 * client_secret_basic credentials (RFC 6749 §2.3.1: form-urlencoded id and secret), or undefined; throws on a malformed
 * header.
 */
function basicCredentials(header: string | undefined): { clientId: string; clientSecret: string } | undefined {
  if (header === undefined) return undefined;
  const match = /^\s*Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw new Error('The Basic credentials are not client_id:client_secret');
  try {
    const form = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
    return { clientId: form(decoded.slice(0, colon)), clientSecret: form(decoded.slice(colon + 1)) };
  } catch {
    throw new Error('The Basic credentials are not form-urlencoded');
  }
}

export type ClientAuthError = 'invalid_request' | 'invalid_client' | 'temporarily_unavailable';

/**
 * A client's authentication: the verification, or the RFC 6749 §5.2 error to answer (retryAfter: the address is
 * throttled).
 */
export type ClientAuthResult =
  | { ok: true; result: Extract<VerifyResult, { valid: true }>; ratelimit?: RateLimitState }
  | {
      ok: false;
      status: 400 | 401 | 429;
      error: ClientAuthError;
      description: string;
      retryAfter?: number;
      ratelimit?: RateLimitState;
    };

export interface ClientAuthInput {
  rawHeaders: readonly string[];
  authorization: string | undefined;
  body: FormBody;
  meta: RequestMeta;
}

const throttledResult = (retryAfter: number): ClientAuthResult => ({
  ok: false,
  status: 429,
  error: 'temporarily_unavailable',
  description: 'Too many failed authentications from this address; retry later',
  retryAfter,
});

/** OAuth client authentication (client_secret_basic or client_secret_post) of a REST credential. */
export async function authenticateClient(
  deps: { failedAuth: FailedAuthThrottle; keyVerifier: KeyVerifier },
  input: ClientAuthInput,
): Promise<ClientAuthResult> {
  let basic: { clientId: string; clientSecret: string } | undefined;
  let postId: string | undefined;
  let postSecret: string | undefined;
  try {
    // Node keeps only the first of repeated Authorization headers: count them in the raw ones
    if (headerOccurrences(input.rawHeaders, 'authorization') > 1) throw new Error('Send one Authorization header');
    basic = basicCredentials(input.authorization);
    postId = formField(input.body, 'client_id');
    postSecret = formField(input.body, 'client_secret');
  } catch (error) {
    return { ok: false, status: 400, error: 'invalid_request', description: (error as Error).message };
  }
  if (basic && postSecret !== undefined)
    return {
      ok: false,
      status: 400,
      error: 'invalid_request',
      description: 'Use one client authentication method: client_secret_basic or client_secret_post',
    };
  if (basic && postId !== undefined && postId !== basic.clientId)
    return {
      ok: false,
      status: 400,
      error: 'invalid_request',
      description: 'client_id differs from the Basic credentials',
    };
  const clientId = basic?.clientId ?? postId;
  const clientSecret = basic?.clientSecret ?? postSecret;
  if (!clientId || !clientSecret)
    return {
      ok: false,
      status: 401,
      error: 'invalid_client',
      description: 'Client authentication required (client_secret_basic or client_secret_post)',
    };
  const throttled = deps.failedAuth.retryAfter(input.meta.ip);
  if (throttled !== undefined) return throttledResult(throttled);
  const result: VerifyResult =
    clientSecret.length > 4096
      ? { valid: false, code: 'MALFORMED' }
      : await deps.keyVerifier.verify(clientSecret, input.meta, { kinds: ['REST'] });
  const ratelimit = result.ratelimit;
  if (result.valid && result.key.clientId === clientId) return { ok: true, result, ratelimit };
  if (!result.valid && result.code === 'RATE_LIMITED') {
    return {
      ok: false,
      status: 429,
      error: 'temporarily_unavailable',
      description: 'Rate limit exceeded for this client; retry later',
      ratelimit,
    };
  }
  // a wrong secret, or a secret of another client: both are guesses
  if (result.valid || isUnknownCredential(result.code)) {
    const retryAfter = await deps.failedAuth.recordFailure(input.meta.ip);
    if (retryAfter !== undefined) return { ...throttledResult(retryAfter), ratelimit };
  }
  const reason =
    !result.valid && result.code === 'IP_NOT_ALLOWED'
      ? 'The client may not authenticate from this IP address'
      : 'Client authentication failed';
  return { ok: false, status: 401, error: 'invalid_client', description: reason, ratelimit };
}
