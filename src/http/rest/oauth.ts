import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { decodeJwt } from 'jose';
import { narrowGrants, parseScope, uncoveredScope } from '../../auth/access-tokens';
import { credentialKind } from '../../auth/credential-kind';
import { authenticateClient, formField as field, type FormBody } from '../../auth/oauth-client-auth';
import { scopeOf } from '../../auth/key-verifier';
import type { Principal } from '../../core/principal';
import { requestMeta } from '../../core/request-meta';
import type { Metrics } from '../../observability/metrics';
import type { RequestMeta } from '../../core/request-meta';
import type { Services } from '../../services/services';
import { authorize, keyAuthState } from '../route-auth';
import { oauthDiscoveryRoutes } from './oauth-discovery';
import { oauthErrorSchema, problemSchema } from './schemas';

type OAuthError =
  'invalid_request' | 'invalid_client' | 'unsupported_grant_type' | 'invalid_scope' | 'temporarily_unavailable';

const FORM = 'application/x-www-form-urlencoded';
/** RFC 6749 error (client_secret_basic callers) or problem document (bearer callers). */
const eitherError = {
  type: 'object',
  properties: { ...problemSchema.properties, ...oauthErrorSchema.properties },
} as const;

/** RFC 6749 §5.2 error; 401 carries WWW-Authenticate for the scheme the client used (or Basic). */
function oauthError(
  reply: FastifyReply,
  status: number,
  error: OAuthError,
  description: string,
  extraHeaders: Record<string, string> = {},
) {
  reply.code(status).header('cache-control', 'no-store').header('pragma', 'no-cache');
  if (status === 401) reply.header('www-authenticate', 'Basic realm="keyward", charset="UTF-8"');
  for (const [name, value] of Object.entries(extraHeaders)) reply.header(name, value);
  return reply.type('application/json').send({ error, error_description: description });
}

function isForm(request: FastifyRequest): boolean {
  return (request.headers['content-type'] ?? '').toLowerCase().split(';')[0]!.trim() === FORM;
}

/**
 * A route's error handler for requests refused before its handler (content type, schema): 400
 * invalid_request; statuses `passOn` picks go on to the app's error handler unchanged.
 */
function invalidRequestHandler(passOn: (status: number) => boolean) {
  return (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (passOn(status)) throw error;
    return oauthError(reply, 400, 'invalid_request', status === 415 ? `Send the parameters as ${FORM}` : error.message);
  };
}

// OpenAPI 3.0 wants `required` absent rather than empty
const formParams = (names: string[], required: string[] = []) => ({
  type: 'object',
  properties: Object.fromEntries(names.map((name) => [name, { type: 'string' }])),
  ...(required.length > 0 ? { required } : {}),
});

/**
 * OAuth 2.0 for REST credentials: POST /oauth/token (client credentials, RFC 6749 §4.4) issuing
 * RFC 9068 `at+jwt` access tokens, POST /oauth/introspect (RFC 7662), the JWKS and the RFC 8414
 * authorization server metadata.
 */
export async function oauthRoutes(app: FastifyInstance, deps: OAuthDeps): Promise<void> {
  app.addContentTypeParser(FORM, { parseAs: 'string', bodyLimit: 64 * 1024 }, (_request, body, done) => {
    const out: FormBody = {};
    for (const [name, value] of new URLSearchParams(body as string)) {
      const existing = out[name];
      out[name] = existing === undefined ? value : ([] as string[]).concat(existing, value);
    }
    done(null, out);
  });
  tokenRoute(app, deps);
  introspectRoute(app, deps);
  oauthDiscoveryRoutes(app, deps);
}

interface OAuthDeps {
  services: Services;
  metrics: Metrics;
}

/** Authenticates the client (auth/oauth-client-auth.ts); on failure, sends the RFC 6749 error. */
async function clientOrReply(services: Services, request: FastifyRequest, reply: FastifyReply, body: FormBody) {
  const client = await authenticateClient(services, {
    rawHeaders: request.raw.rawHeaders,
    authorization: request.headers.authorization,
    body,
    meta: requestMeta(request),
  });
  if (client.ratelimit) keyAuthState(request).ratelimit = client.ratelimit;
  if (client.ok) return client;
  const extra: Record<string, string> =
    client.retryAfter === undefined ? {} : { 'retry-after': String(client.retryAfter) };
  return { ok: false as const, sent: oauthError(reply, client.status, client.error, client.description, extra) };
}

const TOKEN_SCHEMA = {
  tags: ['oauth'],
  summary: 'OAuth 2.0 token endpoint (client credentials)',
  description:
    "RFC 6749 §4.4 client credentials grant for REST credentials, with client_secret_basic or client_secret_post. `scope` (e.g. `order_data:editor product_data:viewer`) may only narrow the credential's grants. " +
    'Issues an RFC 9068 `at+jwt` (ES256, 15 minutes) with claims iss, aud, sub, client_id, iat, exp, jti, scope, tenant, channel. Errors as RFC 6749 §5.2.',
  consumes: [FORM],
  security: [{ basic: [] }, {}] as Array<Record<string, string[]>>,
  body: formParams(['grant_type', 'scope', 'client_id', 'client_secret']),
  response: {
    200: {
      type: 'object',
      properties: {
        access_token: { type: 'string' },
        token_type: { type: 'string' },
        expires_in: { type: 'integer' },
        scope: { type: 'string' },
      },
      required: ['access_token', 'token_type', 'expires_in', 'scope'],
    },
    400: oauthErrorSchema,
    401: oauthErrorSchema,
    429: oauthErrorSchema,
  },
};

function tokenRoute(app: FastifyInstance, { services, metrics }: OAuthDeps): void {
  app.post<{ Body: FormBody }>(
    '/oauth/token',
    {
      config: { auth: { kind: 'credential', credential: 'oauth-client' } },
      schema: TOKEN_SCHEMA,
      attachValidation: true,
      errorHandler: invalidRequestHandler((status) => status >= 500),
    },
    async (request, reply) => {
      if (!isForm(request)) return oauthError(reply, 400, 'invalid_request', `Send the parameters as ${FORM}`);
      const body: FormBody = request.body ?? {};
      if (request.validationError) {
        const repeated = Object.entries(body).find(([, v]) => Array.isArray(v));
        return oauthError(
          reply,
          400,
          'invalid_request',
          repeated ? `The parameter "${repeated[0]}" is repeated` : request.validationError.message,
        );
      }
      let grantType: string | undefined;
      let scope: string | undefined;
      try {
        grantType = field(body, 'grant_type');
        scope = field(body, 'scope');
      } catch (error) {
        return oauthError(reply, 400, 'invalid_request', (error as Error).message);
      }
      if (!grantType) return oauthError(reply, 400, 'invalid_request', 'grant_type is required');
      if (grantType !== 'client_credentials')
        return oauthError(reply, 400, 'unsupported_grant_type', 'Only grant_type=client_credentials is supported');
      const requested = scope === undefined ? undefined : parseScope(scope);
      if (scope !== undefined && !requested)
        return oauthError(
          reply,
          400,
          'invalid_scope',
          'scope is a space-separated list like "order_data:editor product_data:viewer"',
        );
      const client = await clientOrReply(services, request, reply, body);
      if (!client.ok) return client.sent;
      const held = client.result.principal.grants;
      let grants = held;
      if (requested) {
        const missing = uncoveredScope(held, requested);
        if (missing.length > 0) {
          return oauthError(
            reply,
            400,
            'invalid_scope',
            `The client does not hold ${missing.map((g) => `${g.roleKey.toLowerCase()}:${g.level.toLowerCase()}`).join(' ')}`,
          );
        }
        grants = narrowGrants(held, requested);
      }
      const issued = await services.accessTokens.issue(
        client.result.key,
        grants,
        services.accessTokens.issuerFor(request),
      );
      metrics.tokensIssued.inc({ grant_type: 'client_credentials' });
      reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
      return { access_token: issued.token, token_type: 'Bearer', expires_in: issued.expiresIn, scope: issued.scope };
    },
  );
}

const INTROSPECT_CALLER = {
  kind: 'authenticated',
  message: 'Authenticate to introspect tokens (X-API-Key, Authorization: Bearer, or client_secret_basic)',
} as const;

function introspectRoute(app: FastifyInstance, { services }: OAuthDeps): void {
  app.post<{ Body: FormBody }>(
    '/oauth/introspect',
    {
      config: { auth: { kind: 'credential', credential: 'oauth-client-or-keyward' } },
      schema: {
        tags: ['oauth'],
        summary: 'Token introspection (RFC 7662)',
        description:
          'Reports whether any Keyward credential is active: API keys (kwk_, kwp_, kws_), access tokens, session tokens. The caller authenticates with any Keyward credential (X-API-Key or Authorization: Bearer) or as a REST client (client_secret_basic). ' +
          'Credentials of another tenant, revoked ones and tokens of revoked REST credentials answer {"active": false}. Introspection neither takes a rate-limit point nor counts as a use.',
        consumes: [FORM],
        security: [{ apiKey: [] }, { bearer: [] }, { basic: [] }],
        body: formParams(['token', 'token_type_hint', 'client_id', 'client_secret']),
        response: {
          200: {
            type: 'object',
            properties: {
              active: { type: 'boolean' },
              token_type: { type: 'string' },
              scope: { type: 'string' },
              client_id: { type: 'string' },
              sub: { type: 'string' },
              exp: { type: 'integer' },
              iat: { type: 'integer' },
              iss: { type: 'string' },
              aud: { type: 'string' },
              jti: { type: 'string' },
              tenant: { type: 'string' },
              channel: { type: ['string', 'null'] },
              key_id: { type: 'string' },
              kind: { type: 'string' },
            },
            required: ['active'],
          },
          400: oauthErrorSchema,
          401: eitherError,
          429: eitherError,
        },
      },
      attachValidation: true,
      errorHandler: invalidRequestHandler(
        (status) => status >= 500 || status === 401 || status === 403 || status === 429,
      ),
    },
    async (request, reply) => {
      if (!isForm(request)) return oauthError(reply, 400, 'invalid_request', `Send the parameters as ${FORM}`);
      const body: FormBody = request.body ?? {};
      if (request.validationError) return oauthError(reply, 400, 'invalid_request', request.validationError.message);
      const meta = requestMeta(request);
      let caller: Principal;
      if (/^\s*Basic\s/i.test(request.headers.authorization ?? '')) {
        const client = await clientOrReply(services, request, reply, body);
        if (!client.ok) return client.sent;
        caller = client.result.principal;
      } else {
        // here, not by a route hook: a Basic header names a REST client instead, and a malformed form answers 400 first
        caller = await authorize(services, request, INTROSPECT_CALLER);
      }
      let token: string | undefined;
      try {
        token = field(body, 'token');
      } catch (error) {
        return oauthError(reply, 400, 'invalid_request', (error as Error).message);
      }
      if (!token) return oauthError(reply, 400, 'invalid_request', 'token is required');
      reply.header('cache-control', 'no-store');
      return introspect(services, token.trim(), meta, caller);
    },
  );
}

type Introspection = Record<string, string | number | boolean | null>;

/** Inactive for tokens of another tenant and, for a channel-bound caller, for anything outside its channel. */
async function introspect(
  services: Services,
  token: string,
  meta: RequestMeta,
  caller: Principal,
): Promise<Introspection> {
  const inactive = { active: false };
  const tenantId = caller.tenant;
  const quiet = { tenantId, channelId: caller.channelId, consume: false, recordUse: false, checkIp: false } as const;
  const kind = credentialKind(token);
  if (kind === 'SECRET') {
    const result = await services.keyVerifier.verify(token, meta, quiet);
    if (!result.valid) return inactive;
    const { key, principal } = result;
    const out: Introspection = {
      active: true,
      token_type: 'api_key',
      kind: key.kind,
      key_id: key.id,
      sub: principal.userId ?? key.clientId ?? key.id,
      scope: scopeOf(principal.grants),
      tenant: key.tenantId,
      channel: key.channelId,
    };
    if (key.clientId) out.client_id = key.clientId;
    if (key.expiresAt) out.exp = Math.floor(key.expiresAt.getTime() / 1000);
    return out;
  }
  if (kind === 'ACCESS_TOKEN') {
    const result = await services.accessTokens.verify(token, meta, quiet);
    if (!result.valid || !result.claims) return inactive;
    const claims = result.claims;
    return {
      active: true,
      token_type: 'Bearer',
      scope: scopeOf(result.principal.grants),
      client_id: String(claims.client_id),
      sub: String(claims.sub),
      exp: Number(claims.exp),
      iat: Number(claims.iat),
      iss: String(claims.iss),
      aud: Array.isArray(claims.aud) ? claims.aud.join(' ') : String(claims.aud),
      jti: String(claims.jti),
      tenant: result.key.tenantId,
      channel: result.key.channelId,
      key_id: result.key.id,
    };
  }
  if (kind === 'UNKNOWN') return inactive;
  try {
    const principal = await services.auth.principalFromSession(token, meta);
    // sessions are tenant-wide: out of a channel-bound caller's reach
    if (principal.tenantId !== tenantId || caller.channelId) return inactive;
    const claims = decodeJwt(token);
    return {
      active: true,
      token_type: 'session',
      sub: principal.userId ?? '',
      scope: scopeOf(principal.grants),
      tenant: tenantId,
      exp: Number(claims.exp),
      iat: Number(claims.iat),
      iss: String(claims.iss),
    };
  } catch {
    return inactive;
  }
}
