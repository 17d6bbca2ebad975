import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema } from 'fastify';
import { scopeOf } from '../../auth/key-verifier';
import type { Principal } from '../../core/principal';
import { callerOf, type RouteAuth } from '../route-auth';
import { problemSchema } from './schemas';

const HEADERS = {
  'X-Keyward-Tenant': { type: 'string', description: 'Tenant id' },
  'X-Keyward-Key': { type: 'string', description: 'Key id (empty for user sessions)' },
  'X-Keyward-Channel': { type: 'string', description: 'Channel id of a channel-bound key (empty otherwise)' },
  'X-Keyward-Scopes': {
    type: 'string',
    description: 'Effective grants as space-separated scopes, e.g. `order_data:editor product_data:viewer`',
  },
  'X-Keyward-User': { type: 'string', description: 'User id, for sessions and personal keys only' },
};

/** Who may call /v1/auth: the forwarded credential itself. */
export const FORWARD_AUTH: RouteAuth & { kind: 'authenticated' } = Object.freeze({
  kind: 'authenticated',
  message: 'Send an API key (X-API-Key or Authorization: Bearer) or an access token',
});

/** What /v1/auth tells the gateway about the caller, as lower-case response headers. */
export function forwardAuthHeaders(principal: Principal): Record<string, string> {
  const headers: Record<string, string> = {
    'x-keyward-tenant': principal.tenant,
    'x-keyward-key': principal.apiKeyId ?? '',
    'x-keyward-channel': principal.channelId ?? '',
    'x-keyward-scopes': scopeOf(principal.grants),
  };
  if (principal.userId) headers['x-keyward-user'] = principal.userId;
  return headers;
}

/**
 * GET /v1/auth: forward-auth for gateways (nginx `auth_request`, Traefik ForwardAuth, Envoy
 * ext_authz). Reads the forwarded credential (X-API-Key or Authorization: Bearer) and answers 200
 * with X-Keyward-* headers, 401 (missing/invalid/revoked/inactive/expired), 403 (IP not allowed)
 * or 429 (rate limited, or the address throttled for unknown credentials; with Retry-After).
 * The caller authenticates with the forwarded credential itself (config.auth: authenticated).
 */
export async function forwardAuthRoutes(app: FastifyInstance): Promise<void> {
  const config: { auth: RouteAuth } = { auth: FORWARD_AUTH };
  // GET /v1/auth itself is mostly answered by the fast path (fast-forward-auth.ts) with these same headers
  const handler = (request: FastifyRequest, reply: FastifyReply) => {
    reply
      .headers(forwardAuthHeaders(callerOf(request)))
      .code(200)
      .send();
  };
  const schema: FastifySchema = {
    tags: ['forward-auth'],
    summary: 'Forward-auth for API gateways',
    description:
      "Authenticates the credential of the forwarded request (X-API-Key or Authorization: Bearer). 200 with X-Keyward-* headers; 401, 403 (IP not allowed) or 429 (the key's rate limit, or an address throttled after too many unknown credentials; Retry-After). " +
      'Every key-authenticated answer carries RateLimit-Policy and RateLimit headers. The client IP is the socket address, or X-Forwarded-For with KEYWARD_TRUST_PROXY=true. ' +
      'For Envoy ext_authz (which forwards the original method and appends the original path to its path_prefix) the same check answers any method, on /v1/auth and on any path under /v1/auth/; a request body is ignored.',
    security: [{ apiKey: [] }, { bearer: [] }],
    response: {
      200: { description: 'Authenticated', headers: HEADERS, type: 'null' },
      401: problemSchema,
      403: problemSchema,
      429: problemSchema,
    },
  };
  app.get('/v1/auth', { schema, config }, handler);
  // Envoy ext_authz: the original method, and the original path appended to path_prefix. No body is
  // read (Envoy sends none unless told to; any that comes, of any type, is ignored).
  await app.register(async (envoy) => {
    envoy.removeAllContentTypeParsers();
    envoy.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
    const hidden: FastifySchema = { hide: true } as FastifySchema;
    envoy.route({
      method: ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
      url: '/v1/auth',
      schema: hidden,
      config,
      handler,
    });
    envoy.route({
      method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
      url: '/v1/auth/*',
      schema: hidden,
      config,
      handler,
    });
  });
}
