import type { IncomingMessage } from 'node:http';
import { KeywardError, rateLimited, unauthenticated } from '../core/errors';
import type { RequestMeta } from '../core/request-meta';
import type { AccessTokens } from './access-tokens';
import { extractCredential, refusedCredential } from './authenticate';
import { credentialKind } from './credential-kind';
import type { FailedAuthThrottle } from '../credentials/failed-auth-throttle';
import type { FailureCode, KeyVerifier, RateLimitState, VerifiedKey, VerifyResult } from './key-verifier';
import { Principal } from '../core/principal';
import { TOKEN_PREFIX } from '../credentials/tokens';

/** What one request learnt while authenticating (read by the RateLimit header hook). */
export interface KeyAuthState {
  ratelimit?: RateLimitState;
  key?: VerifiedKey;
}

export interface KeyAuthDeps {
  keyVerifier: KeyVerifier;
  accessTokens: AccessTokens;
  failedAuth: FailedAuthThrottle;
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

const THROTTLED = 'Too many failed authentications from this address; retry later';

/** Refusal of a request from an address throttled for failed authentications (FailedAuthThrottle). */
export const addressThrottled = (retryAfter: number) => rateLimited(retryAfter, THROTTLED);

/** Failures that mean "no such credential": what guessing and key stuffing produce. */
export function isUnknownCredential(code: unknown): boolean {
  return code === 'MALFORMED' || code === 'NOT_FOUND';
}

/**
 * Rejects with `error`; when it refused a credential that does not exist (extensions.reason), counts
 * that against the address first, and rejects with RATE_LIMITED when it was one too many.
 */
function refuse(failedAuth: FailedAuthThrottle, request: RequestMeta, error: unknown): Promise<never> {
  if (!(error instanceof KeywardError) || !isUnknownCredential(error.extensions.reason)) return Promise.reject(error);
  return failedAuth.recordFailure(request.ip).then((retryAfter) => {
    throw retryAfter === undefined ? error : addressThrottled(retryAfter);
  });
}

/**
 * The one mapping from a failed verification to the error the edge answers with. A refusal is the same
 * answer every time, so each is made once and shared (never mutated): a flood of made-up keys costs
 * no error object per request (docs/design.md §6). RATE_LIMITED carries its own Retry-After.
 */
export function verifyFailureError(code: FailureCode, ratelimit?: RateLimitState): KeywardError {
  if (code === 'RATE_LIMITED') return rateLimited(ratelimit?.retryAfter ?? 60, MESSAGES.RATE_LIMITED);
  let error = REFUSALS.get(code);
  if (error === undefined) REFUSALS.set(code, (error = refusalOf(code)));
  return error;
}

const REFUSALS = new Map<Exclude<FailureCode, 'RATE_LIMITED'>, KeywardError>();

function refusalOf(code: Exclude<FailureCode, 'RATE_LIMITED'>): KeywardError {
  if (code === 'IP_NOT_ALLOWED') {
    const error = new KeywardError('FORBIDDEN', MESSAGES.IP_NOT_ALLOWED);
    error.extensions.http = { status: 403, headers: new Map<string, string>() };
    return error;
  }
  const error = refusedCredential(MESSAGES[code], code);
  // a credential was sent and failed (RFC 6750 §3): say so in the challenge
  (error.extensions.http as { headers: Map<string, string> }).headers.set(
    'www-authenticate',
    `Bearer realm="keyward", error="invalid_token", error_description="${MESSAGES[code]}"`,
  );
  return error;
}

/** What a credential of no Keyward shape is refused with (made once, as the refusals above). */
let notACredential: KeywardError | undefined;

const GRAPHQL_KINDS = Object.freeze(['GRAPHQL', 'PERSONAL'] as const);
const KEY_OPTIONS = Object.freeze({ kinds: GRAPHQL_KINDS });

/**
 * The credential's principal: GRAPHQL and PERSONAL keys (`kwk_`, `kwp_`), REST access tokens
 * (`at+jwt`) and session tokens; anything else UNAUTHENTICATED. For keys and access tokens the
 * rate-limit state and key land in `state` for the response headers, also when the request is
 * rejected. Plain promise chains, no async frames: this runs on every key-authenticated request.
 */
function resolveCredential(
  deps: KeyAuthDeps,
  state: KeyAuthState,
  token: string,
  request: RequestMeta,
): Promise<Principal> {
  switch (credentialKind(token)) {
    case 'SECRET':
      if (token.startsWith(TOKEN_PREFIX.REST_SECRET)) {
        throw unauthenticated(
          'A REST client secret is not sent with requests: exchange it at POST /oauth/token for an access token',
        );
      }
      return deps.keyVerifier
        .verify(token, request, KEY_OPTIONS)
        .then((result) => settle(deps.failedAuth, state, result, request));
    case 'ACCESS_TOKEN':
      return deps.accessTokens.verify(token, request).then((result) => settle(deps.failedAuth, state, result, request));
    case 'SESSION':
      return deps.auth
        .principalFromSession(token, request)
        .catch((error: unknown) => refuse(deps.failedAuth, request, error));
    case 'UNKNOWN':
      return refuse(
        deps.failedAuth,
        request,
        (notACredential ??= refusedCredential('The credential is not a valid Keyward key or token', 'MALFORMED')),
      );
  }
}

function settle(
  failedAuth: FailedAuthThrottle,
  state: KeyAuthState,
  result: VerifyResult,
  request: RequestMeta,
): Principal | Promise<Principal> {
  if (result.ratelimit) state.ratelimit = result.ratelimit;
  if (!result.valid) return refuse(failedAuth, request, verifyFailureError(result.code, result.ratelimit));
  state.key = result.key;
  return result.principal;
}

/**
 * Header → Principal for REST routes and GraphQL, once per request: no credential → anonymous;
 * keys and access tokens; session JWTs; anything else (or a malformed header) UNAUTHENTICATED.
 */
export function authenticateRequest(
  deps: KeyAuthDeps,
  message: Pick<IncomingMessage, 'headers' | 'rawHeaders'>,
  meta: RequestMeta,
  state: KeyAuthState,
): Promise<Principal> {
  try {
    const credential = extractCredential(message.headers, message.rawHeaders);
    if (credential === undefined) return Promise.resolve(Principal.anonymous(meta));
    const throttled = deps.failedAuth.retryAfter(meta.ip);
    if (throttled !== undefined) throw addressThrottled(throttled);
    return resolveCredential(deps, state, credential, meta);
  } catch (error) {
    return Promise.reject(error);
  }
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

/** Headers of each key-authenticated answer (docs/design.md §6): RateLimit-Policy, RateLimit, Retry-After if refused */
export function rateLimitHeaders(state: RateLimitState): Array<[string, string]> {
  const headers: Array<[string, string]> = [
    ['ratelimit-policy', rateLimitPolicy(state.limit)],
    ['ratelimit', rateLimitValue(state)],
  ];
  if (state.retryAfter !== undefined) headers.push(['retry-after', String(state.retryAfter)]);
  return headers;
}
