import path from 'node:path';
import type { ApolloServer } from '@apollo/server';
import fastifyApollo from '@as-integrations/fastify';
import fastifyCors from '@fastify/cors';
import Fastify, { LogController, type FastifyInstance, type onResponseHookHandler } from 'fastify';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Config } from '../config/config';
import { isUnavailableError, serviceUnavailable } from '../core/errors';
import type { GraphQLContext } from '../graphql/context';
import { consoleRoutes } from './rest/console-routes';
import { createApollo, OPERATION_LIMITS } from '../graphql/server';
import { lazyChildLoggerFactory } from '../observability/lazy-child-logger';
import { createLoaders } from '../graphql/loaders';
import type { Metrics } from '../observability/metrics';
import { projectRoot } from '../config/project-root';
import { auditExportRoutes } from './rest/audit-export';
import { healthRoutes } from './rest/health';
import { registerKeyAuth } from './rest/key-auth';
import { registerOpenApi } from './rest/openapi';
import { githubSecretScanningRoutes } from './rest/github-secret-scanning';
import { problemErrorHandler, sendProblem } from './problem';
import { requestIdOf } from './request-id';
import { fastForwardAuth } from './fast-forward-auth';
import { leanServerFactory, type FastPathSlot } from './lean-server';
import { declareRoutes, PUBLIC, registerRouteAuth, resolvePrincipal } from './route-auth';
import { CONSOLE_CSP, DOCS_CSP, registerSecurityHeaders, SANDBOX_CSP } from './security-headers';
import type { Services } from '../services/services';

export interface AppDeps {
  config: Config;
  dataSource: DataSource;
  services: Services;
  /** The process's Prometheus metrics (the services count into them too). */
  metrics: Metrics;
  /** Where JSON logs go (default stdout); tests pass a stream to read what is logged. */
  logStream?: NodeJS.WritableStream;
}

/** What Fastify's listen logs (pass `listenTextResolver: () => FASTIFY_LISTENING_TEXT`): never written. */
export const FASTIFY_LISTENING_TEXT = 'fastify: server listening';

const METRICS_SCHEMA = {
  tags: ['health'],
  summary: 'Prometheus metrics (text exposition format)',
  produces: ['text/plain'],
  // a string payload with a text content type is sent as is: the schema only documents the answer
  response: { 200: { description: 'Prometheus text format 0.0.4', type: 'string' } },
};

/** The Fastify app: REST routes and Apollo at /graphql, one process, one port. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, dataSource, services, metrics } = deps;
  const fastPath: FastPathSlot = {};
  const app = Fastify({
    serverFactory: leanServerFactory(fastPath),
    logger: {
      level: config.logLevel,
      ...(deps.logStream ? { stream: deps.logStream } : {}),
      // main.ts logs one "Keyward listening" line; Fastify's own (one per network interface) are dropped
      hooks: {
        logMethod(args, method) {
          if (args[0] !== FASTIFY_LISTENING_TEXT) method.apply(this, args);
        },
      },
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers["x-api-key"]',
          'req.headers.cookie',
          'req.headers["proxy-authorization"]',
        ],
        censor: '[redacted]',
      },
    },
    childLoggerFactory: lazyChildLoggerFactory,
    // one line per request (the onResponse hook below), not Fastify's two
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    // genReqId reads X-Request-Id itself: with `requestIdHeader` Fastify would take any value as is.
    requestIdHeader: false,
    genReqId: requestIdOf,
  });
  app.decorate('metrics', metrics);

  registerRequestHooks(app, metrics);
  // every route added from here on declares who may call it (config.auth), or the app does not start
  const routeAuth = registerRouteAuth(app, services);
  // per-route CSP: to give a route prefix its own policy, add it here (its routes must be added after)
  const securityHeaders = registerSecurityHeaders(app, {
    production: config.production,
    byPrefix: { '/docs': DOCS_CSP, '/graphql': SANDBOX_CSP, '/console': CONSOLE_CSP },
  });
  await registerCors(app, config.corsOrigins);
  const recordUnmatched = metrics.httpDuration.recorder('unmatched');
  app.setNotFoundHandler((request, reply) => {
    recordUnmatched(request.method, 404, reply.elapsedTime / 1000);
    securityHeaders.setUnmatched(request, reply);
    return sendProblem(request, reply, 404, 'NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`);
  });

  app.setErrorHandler(problemErrorHandler);

  await registerOpenApi(app);
  await app.register(healthRoutes, { dataSource });
  await app.register(auditExportRoutes, { services });
  await registerKeyAuth(app, { services, metrics });
  await app.register(githubSecretScanningRoutes, { services, config });
  if (config.console) await app.register(consoleRoutes, { root: path.join(projectRoot(), 'dist', 'console') });
  app.get('/metrics', { config: { auth: PUBLIC }, schema: METRICS_SCHEMA }, async (_request, reply) => {
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });

  const apollo = createApollo(app, { production: config.production, introspection: config.introspection, metrics });
  await apollo.start();
  // `apollo.stop()` drains: it closes the Fastify app once in-flight requests are done.
  app.decorate('apollo', apollo);
  // Apollo in its own encapsulated scope: the query-size check runs for /graphql only, not as a hook
  // every REST request pays for. Its fields are authorized by their directives.
  await declareRoutes(app, { kind: 'credential', credential: 'graphql-directives' }, () =>
    app.register(graphqlRoutes, { apollo, services, dataSource }),
  );
  routeAuth.assertAllDeclared();
  // GET /v1/auth outside Fastify's per-request machinery, with the same answers. Not with CORS on:
  // @fastify/cors's headers on every answer are its own to write.
  if (config.corsOrigins.length === 0) {
    fastPath.handler = fastForwardAuth({
      auth: services,
      log: app.log as unknown as Logger, // Fastify's logger is pino's
      securityHeaders: securityHeaders.of('/v1/auth'),
      recordDuration: metrics.httpDuration.recorder('/v1/auth'),
      trustProxy: config.trustProxy,
    });
    // while closing, Fastify answers everything (503)
    app.addHook('preClose', (done) => {
      fastPath.handler = undefined;
      done();
    });
  }
  return app;
}

/** /graphql: Apollo behind the query-size check, with the principal resolved as for REST routes. */
async function graphqlRoutes(
  graphql: FastifyInstance,
  {
    apollo,
    services,
    dataSource,
  }: { apollo: ApolloServer<GraphQLContext>; services: Services; dataSource: DataSource },
): Promise<void> {
  // Oversized query documents are refused before Apollo parses them.
  graphql.addHook('preHandler', (request, reply, done) => {
    if (request.method === 'POST') {
      const query = (request.body as { query?: unknown } | undefined)?.query;
      // a UTF-8 string is at most 3 bytes per UTF-16 unit: short documents need no byte count
      if (
        typeof query === 'string' &&
        query.length * 3 > OPERATION_LIMITS.maxQueryBytes &&
        Buffer.byteLength(query, 'utf8') > OPERATION_LIMITS.maxQueryBytes
      ) {
        reply.code(400).send({
          errors: [
            {
              message: `The query document exceeds ${OPERATION_LIMITS.maxQueryBytes} bytes`,
              extensions: { code: 'BAD_USER_INPUT', field: 'query' },
            },
          ],
        });
        return;
      }
    }
    done();
  });
  await graphql.register(fastifyApollo(apollo), {
    path: '/graphql',
    context: async (request): Promise<GraphQLContext> => {
      const principal = await resolvePrincipal(services, request).catch((error: unknown) => {
        // a database outage while authenticating: 503 SERVICE_UNAVAILABLE, not Apollo's 500
        if (!isUnavailableError(error)) throw error;
        request.log.error({ err: error }, 'dependency unavailable');
        throw serviceUnavailable(error);
      });
      return { principal, services, loaders: createLoaders(dataSource, principal, services.usage), log: request.log };
    },
  });
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Metrics;
    apollo: ApolloServer<GraphQLContext>;
  }
}

/** Request ids, one log line per request, and the duration histogram per route. */
function registerRequestHooks(app: FastifyInstance, metrics: Metrics): void {
  // Hot path (every request): callback-style hooks (no promise per hook).
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    // LOG_LEVEL=debug shows a request when it arrives too (info: one line when it completes)
    request.log.debug('incoming request');
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    request.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
    done();
  });
  // The duration histogram: each route gets its own onResponse hook that knows the route's URL
  // template (reading request.routeOptions would build an options object per request); requests
  // no route matches are recorded by the not-found handler below.
  app.addHook('onRoute', (route) => {
    const recordDuration = metrics.httpDuration.recorder(route.url);
    const record: onResponseHookHandler = (request, reply, done) => {
      recordDuration(request.method, reply.statusCode, reply.elapsedTime / 1000);
      done();
    };
    route.onResponse =
      route.onResponse === undefined
        ? [record]
        : [...(Array.isArray(route.onResponse) ? route.onResponse : [route.onResponse]), record];
  });
}

async function registerCors(app: FastifyInstance, origins: string[]): Promise<void> {
  // Browsers on the listed origins may call GraphQL and REST (preflights answered before any route);
  // without KEYWARD_CORS_ORIGINS no CORS header is sent and the hook costs nothing. Its preflight
  // route (OPTIONS *) is public: a preflight carries no credential.
  if (origins.length > 0) {
    await declareRoutes(app, PUBLIC, () =>
      app.register(fastifyCors, {
        origin: origins,
        methods: ['GET', 'HEAD', 'POST'],
        allowedHeaders: [
          'Authorization',
          'Content-Type',
          'X-API-Key',
          'X-Request-Id',
          'Apollo-Require-Preflight',
          'X-Apollo-Operation-Name',
        ],
        exposedHeaders: ['X-Request-Id', 'Retry-After', 'WWW-Authenticate', 'RateLimit', 'RateLimit-Policy'],
        maxAge: 600,
      }),
    );
  }
}
