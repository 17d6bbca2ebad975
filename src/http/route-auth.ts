import type { FastifyError, FastifyInstance, FastifyRequest, preHandlerHookHandler } from 'fastify';
import { authenticateRequest, type KeyAuthDeps, type KeyAuthState } from '../auth/key-authentication';
import { enforce, type Requirement } from '../auth/requirement';
import type { Principal } from '../core/principal';
import { requestMeta } from '../core/request-meta';
import { problemErrorHandler } from './problem';

/** A credential a route checks by itself, as its own protocol says (not a Keyward principal's). */
export type OwnCredential =
  /** POST /oauth/token: the REST client, client_secret_basic or client_secret_post (RFC 6749 §2.3.1). */
  | 'oauth-client'
  /** POST /oauth/introspect: client_secret_basic, or any Keyward credential through `authorize`. */
  | 'oauth-client-or-keyward'
  /** POST /v1/secret-scanning/github: GitHub's ECDSA signature over the raw body. */
  | 'github-signature'
  /** /graphql: every field carries @auth, @authenticated, @superUser or @public. */
  | 'graphql-directives';

/**
 * Who may call a REST route, declared by every route as `config: { auth }` (the REST side of the
 * GraphQL directives). A Keyward requirement is checked by the hook `registerRouteAuth` adds, with
 * `message` as the 401's detail; `credential` routes check their own kind of caller.
 */
export type RouteAuth = (Requirement & { message?: string }) | { kind: 'credential'; credential: OwnCredential };

export const PUBLIC: RouteAuth = Object.freeze({ kind: 'public' });

const DECLARING = Symbol('keyward.routeAuth.declaring');
interface Declaring {
  auth?: RouteAuth;
}

/** The request's key-authentication state (created on first use; read by the RateLimit header hook). */
export function keyAuthState(request: FastifyRequest): KeyAuthState {
  return (request.keyAuth ??= {});
}

/** The request's principal: the one credential resolution of REST routes and GraphQL. */
export function resolvePrincipal(deps: KeyAuthDeps, request: FastifyRequest): Promise<Principal> {
  return authenticateRequest(deps, request.raw, requestMeta(request), keyAuthState(request));
}

/**
 * Resolves the principal and applies the rule of the GraphQL directives (`enforce`); on success the
 * handler reads it with `callerOf`. Plain promise chain: it runs on the hot path /v1/auth.
 */
export function authorize(
  deps: KeyAuthDeps,
  request: FastifyRequest,
  requirement: Requirement & { message?: string },
): Promise<Principal> {
  return resolvePrincipal(deps, request).then((principal) => {
    enforce(requirement, principal, requirement.message);
    request.principal = principal;
    return principal;
  });
}

/** The principal `authorize` let through; throws on a route that declared no Keyward requirement. */
export function callerOf(request: FastifyRequest): Principal {
  if (!request.principal)
    throw new Error(`${request.method} ${request.routeOptions.url} reads a caller its config.auth does not check`);
  return request.principal;
}

/** What `registerRouteAuth` hands back: the fail-closed check over the routes added so far. */
export interface RouteAuthCheck {
  /** Throws, naming them, when routes declared no `config.auth`; the app calls it once all its routes are added. */
  assertAllDeclared(): void;
}

/**
 * The one REST authorization mechanism: every route declares `config.auth` (or is added inside
 * `declareRoutes`), else the server refuses to start (fails closed, `assertAllDeclared`). Routes
 * with a Keyward requirement get a preHandler that authorizes the caller (after parsing and
 * validation, before the handler); public and own-credential routes get no hook and pay nothing.
 * Register before any route.
 */
export function registerRouteAuth(app: FastifyInstance, deps: KeyAuthDeps): RouteAuthCheck {
  app.decorateRequest('keyAuth', null);
  app.decorateRequest('principal', null);
  const declaring: Declaring = {};
  app.decorate(DECLARING, declaring);
  let undeclared: string[] | undefined = [];
  app.addHook('onRoute', (route) => {
    const auth = route.config?.auth ?? declaring.auth;
    if (!auth) {
      undeclared?.push(`${String(route.method)} ${route.url}`);
      return;
    }
    if (auth.kind === 'public' || auth.kind === 'credential') return;
    // a refusal is answered here, as the error handler would, without Fastify's error path: refusing
    // made-up keys must cost no more than accepting good ones (docs/design.md §6)
    const guard: preHandlerHookHandler = (request, reply, done) => {
      authorize(deps, request, auth).then(
        () => done(),
        (error: FastifyError) => void problemErrorHandler(error, request, reply),
      );
    };
    route.preHandler = route.preHandler === undefined ? [guard] : [guard, ...toArray(route.preHandler)];
  });
  return {
    assertAllDeclared() {
      const missing = undeclared ?? [];
      // the app's routes are all in: a route added to the built app later (a test's probe) is not the app's
      undeclared = undefined;
      if (missing.length > 0) {
        throw new Error(
          `Refusing to start: these REST routes declare no config.auth ('public', a Keyward requirement or their own credential): ${missing.join(', ')}`,
        );
      }
    },
  };
}

/**
 * Declares the routes a third-party plugin adds (they carry no config.auth of their own): every
 * route added while `register` runs gets `auth`. Awaited, so no other route is added meanwhile.
 */
export async function declareRoutes(
  app: FastifyInstance,
  auth: RouteAuth,
  register: () => PromiseLike<unknown>,
): Promise<void> {
  const declaring = (app as unknown as Record<symbol, Declaring | undefined>)[DECLARING];
  if (!declaring) throw new Error('registerRouteAuth must run before declareRoutes');
  declaring.auth = auth;
  try {
    await register();
  } finally {
    declaring.auth = undefined;
  }
}

function toArray<T>(value: T | T[]): T[] {
  return Array.isArray(value) ? value : [value];
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call this route (route-auth.ts); every route states it. */
    auth?: RouteAuth;
  }
  interface FastifyRequest {
    keyAuth: KeyAuthState | null;
    principal: Principal | null;
  }
}
