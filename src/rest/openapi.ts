import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

/**
 * OpenAPI 3 document generated from the routes' own JSON schemas (`GET /openapi.json`) and a docs
 * page (`/docs`). Register before the routes it should describe; untagged routes (/graphql,
 * /metrics) are left out.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwagger, {
    hideUntagged: true,
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Keyward REST API',
        version: '1',
        description: 'Key verification, forward-auth for gateways and OAuth 2.0 client credentials. GraphQL lives at /graphql. Errors are application/problem+json (RFC 9457) except where an OAuth RFC fixes the format.',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'A GraphQL or personal key (kwk_…, kwp_…)' },
          bearer: { type: 'http', scheme: 'bearer', description: 'A key, an OAuth access token or a session token' },
          basic: { type: 'http', scheme: 'basic', description: 'REST client credentials: client_id and client_secret (client_secret_basic)' },
        },
      },
      tags: [
        { name: 'keys', description: 'Verify raw API keys' },
        { name: 'forward-auth', description: 'Gateway integration (nginx auth_request, Traefik ForwardAuth, Envoy ext_authz)' },
        { name: 'oauth', description: 'OAuth 2.0 client credentials, introspection, JWKS, metadata' },
        { name: 'health', description: 'Liveness and readiness' },
        { name: 'secret-scanning', description: 'Leaked-key reports (GitHub secret-scanning partner protocol)' },
      ],
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs', uiConfig: { deepLinking: true } });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
