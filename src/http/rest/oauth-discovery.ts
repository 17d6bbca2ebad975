import type { FastifyInstance } from 'fastify';
import { BUILT_IN_ROLES } from '../../core/access-level';
import { JWKS_MAX_AGE_SECONDS } from '../../credentials/signing-keys';
import type { Services } from '../../services/services';
import { PUBLIC } from '../route-auth';

/**
 * GET /.well-known/jwks.json and the RFC 8414 authorization server metadata: public, for resource servers and clients.
 */
export function oauthDiscoveryRoutes(app: FastifyInstance, { services }: { services: Services }): void {
  app.get(
    '/.well-known/jwks.json',
    {
      config: { auth: PUBLIC },
      schema: {
        tags: ['oauth'],
        summary: 'JSON Web Key Set',
        description:
          'Public keys that verify Keyward access tokens: the signing key, the previous one (tokens signed before a rotation stay valid) and, after a rotation, the next one before it signs.',
        response: {
          200: {
            type: 'object',
            properties: { keys: { type: 'array', items: { type: 'object', additionalProperties: true } } },
            required: ['keys'],
          },
        },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', `public, max-age=${JWKS_MAX_AGE_SECONDS}`);
      return services.accessTokens.jwks();
    },
  );

  app.get(
    '/.well-known/oauth-authorization-server',
    {
      config: { auth: PUBLIC },
      schema: {
        tags: ['oauth'],
        summary: 'Authorization server metadata (RFC 8414)',
        response: { 200: { type: 'object', additionalProperties: true } },
      },
    },
    async (request) => {
      const issuer = services.accessTokens.issuerFor(request);
      return {
        issuer,
        token_endpoint: `${issuer}/oauth/token`,
        jwks_uri: `${issuer}/.well-known/jwks.json`,
        introspection_endpoint: `${issuer}/oauth/introspect`,
        grant_types_supported: ['client_credentials'],
        response_types_supported: [],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
        introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'bearer'],
        scopes_supported: BUILT_IN_ROLES.flatMap((role) =>
          ['viewer', 'editor', 'owner'].map((level) => `${role.key.toLowerCase()}:${level}`),
        ),
        service_documentation: `${issuer}/docs`,
      };
    },
  );
}
