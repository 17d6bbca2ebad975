import type { IncomingHttpHeaders } from 'node:http';
import { KeywardError, rateLimited, unauthenticated } from '../errors';
import type { RequestMeta } from '../request-meta';
import { isAccessToken, type AccessTokens } from './access-tokens';
import { extractCredential, sessionOrReject, type CredentialResolvers } from './authenticate';
import type { FailureCode, KeyVerifier, RateLimitState, VerifiedKey, VerifyResult } from './key-verifier';
import { Principal } from './principal';
import { looksLikeSecret, TOKEN_PREFIX } from './tokens';

/** What one request learnt while authenticating (read by the RateLimit header hook). */
export interface KeyAuthState {
  ratelimit?: RateLimitState;
  key?: VerifiedKey;
}

export interface KeyAuthDeps {
  keyVerifier: KeyVerifier;
  accessTokens: AccessTokens;
  auth: { principalFromSession(token: string, request: RequestMeta): Promise<Principal> };
}

const MESSAGES: Record<FailureCode, string> = {
  MALFORMED: 'The API key is malformed (wrong format or checksum)',
  NOT_FOUND: 'Invalid API key or access token',
  REVOKED: 'The credential has been revoked',
  INACTIVE: 'The credential is inactive',
  EXPIRED: 'The credential has expired',
  IP_NOT_ALLOWED: 'The credential may not be used from this IP address',
  RATE_LIMITED: 'Rate limit exceeded for this credential; retry later',
};

/** The one mapping from a failed verification to the error the edge answers with. */
export function verifyFailureError(code: FailureCode, ratelimit?: RateLimitState): KeywardError {
  if (code === 'RATE_LIMITED') return rateLimited(ratelimit?.retryAfter ?? 60, MESSAGES.RATE_LIMITED);
  if (code === 'IP_NOT_ALLOWED') {
    const error = new KeywardError('FORBIDDEN', MESSAGES.IP_NOT_ALLOWED);
    error.extensions.http = { status: 403, headers: new Map<string, string>() };
    return error;
  }
  const error = unauthenticated(MESSAGES[code]);
  error.extensions.reason = code;
  return error;
}

/**
 * The `credential` resolver for `authenticate`: GRAPHQL and PERSONAL keys (`kwk_`, `kwp_`) and
 * REST access tokens (`at+jwt`). Other JWTs return undefined (sessions). The rate-limit state and
 * key land in `state` for the response headers, also when the request is rejected.
 */
export function keyCredentialResolver(deps: Pick<KeyAuthDeps, 'keyVerifier' | 'accessTokens'>, state: KeyAuthState): NonNullable<CredentialResolvers['credential']> {
  return (token, request) => resolveKeyCredential(deps, state, token, request);
}

const GRAPHQL_KINDS = Object.freeze(['GRAPHQL', 'PERSONAL'] as const);
const KEY_OPTIONS = Object.freeze({ kinds: GRAPHQL_KINDS });

async function resolveKeyCredential(deps: Pick<KeyAuthDeps, 'keyVerifier' | 'accessTokens'>, state: KeyAuthState, token: string, request: RequestMeta): Promise<Principal | undefined> {
  let result: VerifyResult;
  if (looksLikeSecret(token)) {
    if (token.startsWith(TOKEN_PREFIX.REST_SECRET)) {
      throw unauthenticated('A REST client secret is not sent with requests: exchange it at POST /oauth/token for an access token');
    }
    result = await deps.keyVerifier.verify(token, request, KEY_OPTIONS);
  } else if (isAccessToken(token)) {
    result = await deps.accessTokens.verify(token, request);
  } else {
    return undefined;
  }
  if (result.ratelimit) state.ratelimit = result.ratelimit;
  if (!result.valid) throw verifyFailureError(result.code, result.ratelimit);
  state.key = result.key;
  return result.principal;
}

/**
 * Header → Principal for REST routes and GraphQL: sessions, keys and access tokens. The same steps
 * as `authenticate` with `keyCredentialResolver`, without building resolver closures per request.
 */
export async function authenticateRequest(deps: KeyAuthDeps, headers: IncomingHttpHeaders, meta: RequestMeta, state: KeyAuthState): Promise<Principal> {
  const credential = extractCredential(headers);
  if (credential === undefined) return Principal.anonymous(meta);
  const principal = await resolveKeyCredential(deps, state, credential, meta);
  if (principal) return principal;
  return sessionOrReject(credential, meta, (token, request) => deps.auth.principalFromSession(token, request));
}

/** `RateLimit-Policy` and `RateLimit` (draft-ietf-httpapi-ratelimit-headers) for a key's state. */
export function rateLimitHeaders(state: RateLimitState): Record<string, string> {
  return { 'ratelimit-policy': rateLimitPolicy(state.limit), ratelimit: rateLimitValue(state) };
}

const policies = new Map<number, string>();

/** `RateLimit-Policy` for a per-minute limit (memoised: a handful of distinct limits exist). */
export function rateLimitPolicy(limit: number): string {
  let policy = policies.get(limit);
  if (policy === undefined) {
    policy = `"per-key";q=${limit};w=60`;
    if (policies.size < 1000) policies.set(limit, policy);
  }
  return policy;
}

/** `RateLimit`: what is left of the window and when it restarts. */
export function rateLimitValue(state: RateLimitState): string {
  return `"per-key";r=${state.remaining};t=${state.reset}`;
}
