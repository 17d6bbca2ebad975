import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { declareRoutes, PUBLIC } from '../route-auth';

const KEYWARD_LOGO =
  '<svg xmlns="http://www.w3.org/2000/svg" width="150" height="40" viewBox="0 0 150 40"><text x="0" y="29" font-family="sans-serif" font-size="28" font-weight="bold" fill="#ffffff">Keyward</text></svg>';

/**
 * OpenAPI 3 document generated from the routes' own JSON schemas (`GET /openapi.json`) and a docs
 * page (`/docs`). Register before the routes it should describe; untagged routes (/graphql) are
 * left out.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwagger, {
    hideUntagged: true,
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Keyward REST API',
        version: '1',
        description:
          'Key verification, forward-auth for gateways and OAuth 2.0 client credentials. GraphQL lives at /graphql. Errors are application/problem+json (RFC 9457) except where an OAuth RFC fixes the format.',
      },
      components: {
        securitySchemes: {
          apiKey: {
            type: 'apiKey',
            in: 'header',
            name: 'X-API-Key',
            description: 'A GraphQL or personal key (kwk_…, kwp_…)',
          },
          bearer: { type: 'http', scheme: 'bearer', description: 'A key, an OAuth access token or a session token' },
          basic: {
            type: 'http',
            scheme: 'basic',
            description: 'REST client credentials: client_id and client_secret (client_secret_basic)',
          },
        },
      },
      tags: [
        { name: 'keys', description: 'Verify raw API keys' },
        {
          name: 'forward-auth',
          description: 'Gateway integration (nginx auth_request, Traefik ForwardAuth, Envoy ext_authz)',
        },
        { name: 'oauth', description: 'OAuth 2.0 client credentials, introspection, JWKS, metadata' },
        { name: 'secret-scanning', description: 'Leaked-key reports (GitHub secret-scanning partner protocol)' },
        { name: 'audit', description: "The tenant's audit log" },
        { name: 'health', description: 'Liveness, readiness and Prometheus metrics' },
      ],
    },
  });
  // the docs page and its assets are public, like the document they show
  await declareRoutes(app, PUBLIC, () =>
    app.register(fastifySwaggerUi, {
      routePrefix: '/docs',
      uiConfig: { deepLinking: true },
      theme: { title: 'Keyward REST API' },
      // Keyward's name where swagger-ui would show Fastify's logo
      logo: { type: 'image/svg+xml', content: Buffer.from(KEYWARD_LOGO), href: '/docs', target: '_self' },
    }),
  );
  app.get('/openapi.json', { config: { auth: PUBLIC }, schema: { hide: true } }, async () => app.swagger());
}
