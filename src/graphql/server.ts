import fs from 'node:fs';
import path from 'node:path';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { FastifyInstance } from 'fastify';
import { Kind, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { classifyError, formatGraphQLError } from '../core/errors';
import type { Metrics } from '../observability/metrics';
import { projectRoot } from '../config/project-root';
import type { GraphQLContext } from './context';
import { applyAuthDirectives } from './directives/auth-directives';
import { applyInputLimits } from './input-limits';
import { resolvers } from './resolvers/resolvers';

/** The SDL of every file under schema/, in a stable order. */
export function loadTypeDefs(dir = path.join(projectRoot(), 'schema')): string[] {
  return fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => fs.readFileSync(path.join(dir, file), 'utf8'));
}

/** Schema + resolvers + input size limits + the authorization transform (which refuses unguarded root fields). */
export function buildSchema(typeDefs: string[] = loadTypeDefs()): GraphQLSchema {
  return applyAuthDirectives(applyInputLimits(makeExecutableSchema({ typeDefs, resolvers: resolvers as never })));
}

/**
 * The metric label of an operation: its first root field when the schema has that field, else
 * "other". Never the client's operation name, which any client can make unique (unbounded series).
 */
export function operationLabel(schema: GraphQLSchema, operation: OperationDefinitionNode): string {
  const root = schema.getRootType(operation.operation);
  const first = operation.selectionSet.selections[0];
  if (!root || first?.kind !== Kind.FIELD) return 'other';
  return Object.hasOwn(root.getFields(), first.name.value) ? first.name.value : 'other';
}

/**
 * Logs unexpected errors with the request's id and counts operations by root field and errors by client-facing code.
 */
function errorReportingPlugin(metrics: Metrics): ApolloServerPlugin<GraphQLContext & { log?: FastifyInstance['log'] }> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, schema }) {
          if (operation)
            metrics.graphqlOperations.inc({ type: operation.operation, field: operationLabel(schema, operation) });
        },
        // What Apollo's cache-control plugin answered for this schema (no @cacheControl hints, maxAge 0):
        // `no-store` on every operation response. That plugin is disabled because its per-field hook
        // makes Apollo wrap every resolver; an unparsable header a resolver set is left alone, as it did.
        async willSendResponse({ response }) {
          const existing = response.http.headers.get('cache-control');
          if (existing === undefined || /^max-age=\d+, (public|private)$/.test(existing) || existing === 'no-store') {
            response.http.headers.set('cache-control', 'no-store');
          }
          // a dependency outage answers 503 (clients and load balancers retry), whatever else failed
          const body = response.body;
          if (
            body.kind === 'single' &&
            body.singleResult.errors?.some((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE')
          )
            response.http.status = 503;
        },
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            const kind = classifyError(error, error.extensions?.code);
            if (kind === 'internal' || kind === 'unavailable') {
              contextValue?.log?.error(
                {
                  err: error.originalError ?? error,
                  requestId: contextValue.principal?.request.requestId,
                  path: error.path,
                },
                kind === 'internal' ? 'unexpected error in GraphQL request' : 'dependency unavailable',
              );
            }
            metrics.graphqlErrors.inc({
              code: formatGraphQLError({ message: error.message, extensions: error.extensions }, error).extensions
                ?.code as string,
            });
          }
        },
      };
    },
  };
}

/** Limits every operation must stay within; violations are rejected before execution. */
export const OPERATION_LIMITS = {
  /** Checked on the HTTP body before Apollo parses it (src/http/app.ts). */
  maxQueryBytes: 32 * 1024,
  maxDepth: 10,
  maxAliases: 15,
  maxTokens: 3000,
  /**
   * graphql-armor's cost model (objects 2, scalars 1, ×1.5 per level): listing every field of 100 keys costs ~30,000.
   */
  maxCost: 100_000,
  maxDirectives: 50,
};

export interface ApolloOptions {
  production: boolean;
  introspection: boolean;
  metrics: Metrics;
  schema?: GraphQLSchema;
}

export function createApollo(app: FastifyInstance, options: ApolloOptions): ApolloServer<GraphQLContext> {
  // graphql-armor: depth, aliases, tokens, cost and directive limits as validation rules (BAD_USER_INPUT).
  const armor = new ApolloArmor({
    maxDepth: { n: OPERATION_LIMITS.maxDepth, ignoreIntrospection: true },
    maxAliases: { n: OPERATION_LIMITS.maxAliases },
    // armor's token plugin answers every syntax error with HTTP 500; graphql-js's own parser limit (parseOptions) is
    // used instead
    maxTokens: { enabled: false },
    costLimit: { maxCost: OPERATION_LIMITS.maxCost, ignoreIntrospection: true },
    maxDirectives: { n: OPERATION_LIMITS.maxDirectives },
    blockFieldSuggestion: { enabled: options.production },
  }).protect();
  return new ApolloServer<GraphQLContext>({
    schema: options.schema ?? buildSchema(),
    introspection: options.introspection,
    includeStacktraceInErrorResponses: false,
    formatError: formatGraphQLError,
    allowBatchedHttpRequests: false,
    parseOptions: { maxTokens: OPERATION_LIMITS.maxTokens },
    validationRules: armor.validationRules,
    // main.ts owns SIGTERM/SIGINT and stops Apollo (which drains Fastify) exactly once.
    stopOnTerminationSignals: false,
    plugins: [
      ...(armor.plugins as ApolloServerPlugin<GraphQLContext>[]),
      fastifyApolloDrainPlugin(app),
      ApolloServerPluginCacheControlDisabled(),
      errorReportingPlugin(options.metrics) as ApolloServerPlugin<GraphQLContext>,
      options.production
        ? ApolloServerPluginLandingPageDisabled()
        : ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false }),
    ],
  });
}
