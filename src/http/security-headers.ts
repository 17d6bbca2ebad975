import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

/** CSP directives, kebab-case names to their sources, e.g. `{ 'script-src': ["'self'"] }`. */
export type CspDirectives = Record<string, string[]>;

/** What JSON answers get: they load nothing and may not be framed. */
export const API_CSP: CspDirectives = {
  'default-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/** /docs (swagger-ui, served from @fastify/swagger-ui's own files): scripts from here only. */
export const DOCS_CSP: CspDirectives = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/**
 * The console (/console): its own bundled scripts only; Mantine injects <style> tags, hence 'unsafe-inline' for styles.
 */
export const CONSOLE_CSP: CspDirectives = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/**
 * /graphql's Apollo Sandbox landing page loads from Apollo's CDN and frames Apollo's sandbox. Its
 * inline scripts carry a per-page nonce that the page's own <meta> CSP requires (both policies
 * apply), so 'unsafe-inline' here does not let other inline scripts run.
 */
export const SANDBOX_CSP: CspDirectives = {
  'default-src': ["'self'"],
  'script-src': [
    "'self'",
    "'unsafe-inline'",
    'https://embeddable-sandbox.cdn.apollographql.com',
    'https://apollo-server-landing-page.cdn.apollographql.com',
    'https://embeddable-explorer.cdn.apollographql.com',
  ],
  'style-src': [
    "'self'",
    "'unsafe-inline'",
    'https://embeddable-sandbox.cdn.apollographql.com',
    'https://apollo-server-landing-page.cdn.apollographql.com',
    'https://embeddable-explorer.cdn.apollographql.com',
    'https://fonts.googleapis.com',
  ],
  'font-src': ["'self'", 'https://fonts.gstatic.com'],
  'img-src': ["'self'", 'data:', 'https://apollo-server-landing-page.cdn.apollographql.com'],
  'manifest-src': ["'self'", 'https://apollo-server-landing-page.cdn.apollographql.com'],
  'frame-src': ['https://sandbox.embed.apollographql.com', 'https://explorer.embed.apollographql.com'],
  'connect-src': ["'self'", 'https://*.apollographql.com'],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'frame-ancestors': ["'none'"],
};

export interface SecurityHeadersOptions {
  /** NODE_ENV=production: adds Strict-Transport-Security. */
  production: boolean;
  /** URL prefix → its CSP (e.g. `'/docs': DOCS_CSP`); other routes get API_CSP. */
  byPrefix: Record<string, CspDirectives>;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** This route's own CSP, instead of its prefix's or API_CSP. */
    contentSecurityPolicy?: CspDirectives;
  }
}

export type HeaderList = ReadonlyArray<readonly [string, string]>;

/** What `registerSecurityHeaders` hands back. */
export interface SecurityHeaders {
  /** Sets the headers of requests no route matches (the not-found handler calls it). */
  setUnmatched(request: FastifyRequest, reply: FastifyReply): void;
  /** The headers a route at `url` gets (for answers written outside Fastify: the fast /v1/auth path). */
  of(url: string): HeaderList;
}

/**
 * Helmet's headers that only guard a document (its windows, prefetches, downloads, legacy XSS
 * filter), off for answers under API_CSP, which are never one: OWASP's REST Security Cheat Sheet
 * lists what API answers need (CSP, nosniff, X-Frame-Options, HSTS). Six headers fewer per answer.
 */
const DOCUMENT_ONLY_OFF = {
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
} as const;

/**
 * The headers a helmet middleware sets, captured once: with static directives they depend on the
 * policy alone, never on the request, so each response gets the list instead of helmet's chain of
 * a dozen middlewares (a sixth of the CPU of a GET /v1/auth).
 */
function captureHeaders(middleware: ReturnType<typeof helmet>): HeaderList {
  const headers: Array<[string, string]> = [];
  const response = {
    setHeader: (name: string, value: string) => void headers.push([name, String(value)]),
    removeHeader: () => undefined,
  };
  let finished = false;
  middleware({} as IncomingMessage, response as unknown as ServerResponse, () => void (finished = true));
  if (!finished) throw new Error('helmet did not set its headers synchronously');
  return headers;
}

function setAll(response: ServerResponse, headers: HeaderList): void {
  for (const [name, value] of headers) response.setHeader(name, value);
}

/**
 * Security headers on every response (helmet): CSP, HSTS in production, X-Content-Type-Options,
 * Referrer-Policy, X-Frame-Options, Cross-Origin-Resource-Policy, and on pages the rest of helmet's
 * defaults. The CSP is chosen per route when the route is added — its `config.contentSecurityPolicy`,
 * else the longest matching prefix of `byPrefix` (for POST answers, API_CSP), else API_CSP — and each
 * policy's headers are computed by helmet once. Register before the routes.
 */
export function registerSecurityHeaders(app: FastifyInstance, options: SecurityHeadersOptions): SecurityHeaders {
  const built = new Map<CspDirectives, HeaderList>();
  const headersFor = (directives: CspDirectives) => {
    let headers = built.get(directives);
    if (!headers) {
      headers = captureHeaders(
        helmet({
          contentSecurityPolicy: { useDefaults: false, directives },
          strictTransportSecurity: options.production ? { maxAge: 365 * 24 * 3600, includeSubDomains: true } : false,
          referrerPolicy: { policy: 'no-referrer' },
          frameguard: { action: 'deny' },
          ...(directives === API_CSP ? DOCUMENT_ONLY_OFF : {}),
        }),
      );
      built.set(directives, headers);
    }
    return headers;
  };
  const prefixes = Object.keys(options.byPrefix).sort((a, b) => b.length - a.length);
  const policyOf = (url: string) => {
    const prefix = prefixes.find((p) => url === p || url.startsWith(p.endsWith('/') ? p : `${p}/`));
    return prefix === undefined ? API_CSP : options.byPrefix[prefix]!;
  };

  const fallback = headersFor(API_CSP);
  app.addHook('onRoute', (route) => {
    const own = route.config?.contentSecurityPolicy;
    const headers = headersFor(own ?? policyOf(route.url ?? route.path));
    // a POST is answered with JSON, not a page (POST /graphql is not the Sandbox): the policy that loads nothing
    const posted = own ? headers : fallback;
    const setHeaders: onRequestHookHandler = (request, reply, done) => {
      setAll(reply.raw, request.method === 'POST' ? posted : headers);
      done();
    };
    route.onRequest =
      route.onRequest === undefined
        ? [setHeaders]
        : [setHeaders, ...(Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest])];
  });
  return {
    setUnmatched: (_request, reply) => setAll(reply.raw, fallback),
    of: (url) => headersFor(policyOf(url)),
  };
}
