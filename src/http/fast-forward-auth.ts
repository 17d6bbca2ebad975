import type { IncomingMessage, ServerResponse } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';
import type { FastifyBaseLogger } from 'fastify';
import type { Logger } from 'pino';
import { authenticateRequest, rateLimitHeaders, type KeyAuthDeps, type KeyAuthState } from '../auth/key-authentication';
import { enforce } from '../auth/requirement';
import { requestMetaOf } from '../core/request-meta';
import { lazyChild } from '../observability/lazy-child-logger';
import { PROBLEM_CONTENT_TYPE, problemDocument, problemOf } from './problem';
import { requestIdOf } from './request-id';
import { FORWARD_AUTH, forwardAuthHeaders } from './rest/forward-auth';
import type { HeaderList } from './security-headers';

export interface FastForwardAuthDeps {
  auth: KeyAuthDeps;
  /** The app's logger, pino's (its request serializers write the "request completed" line as Fastify's would). */
  log: Logger;
  /** The security headers of the /v1/auth route. */
  securityHeaders: HeaderList;
  /** The duration histogram's recorder of the /v1/auth route. */
  recordDuration(method: string, status: number, seconds: number): void;
  /** KEYWARD_TRUST_PROXY: the client address from X-Forwarded-For. */
  trustProxy: boolean;
}

/** Answers the requests it takes and returns true; returns false for those Fastify is to answer. */
export type FastPath = (req: IncomingMessage, res: ServerResponse) => boolean;

const TRUST_ALL = () => true;
const PATH = '/v1/auth';
const PROBLEM_CONTENT_TYPE_UTF8 = `${PROBLEM_CONTENT_TYPE}; charset=utf-8`;

/**
 * GET /v1/auth, a gateway's check before every proxied request (docs/design.md §6), answered without
 * Fastify's per-request machinery: the same authentication, requirement, headers (security, request
 * id, RateLimit, X-Keyward-*), problem documents, log lines and duration metric as the Fastify route
 * in rest/forward-auth.ts, which still answers what this leaves to it: other methods and paths (Envoy),
 * a query string, a request body, and requests while the server closes (Fastify's 503).
 */
export function fastForwardAuth(deps: FastForwardAuthDeps): FastPath {
  const { auth, log, trustProxy, recordDuration } = deps;
  const security = deps.securityHeaders.flat();
  return (req, res) => {
    if (req.method !== 'GET' || req.url !== PATH || hasBody(req)) return false;
    const started = performance.now();
    const id = requestIdOf(req);
    const ip = (trustProxy ? proxyAddr(req, TRUST_ALL) : req.socket.remoteAddress) as string;
    let requestLog: FastifyBaseLogger | undefined;
    const logOf = () => (requestLog ??= lazyChild(log, { reqId: id }));
    if (log.isLevelEnabled('debug')) logOf().debug('incoming request');
    const state: KeyAuthState = {};
    // `own`: the answer's headers; a RateLimit header of the key's state replaces the refusal's own
    const answer = (status: number, own: Record<string, string>, body: string | undefined) => {
      if (state.ratelimit) for (const [name, value] of rateLimitHeaders(state.ratelimit)) own[name] = value;
      own['content-length'] = body === undefined ? '0' : String(Buffer.byteLength(body));
      const headers = security.concat('x-request-id', id);
      for (const name in own) headers.push(name, own[name]!);
      try {
        res.writeHead(status, headers).end(body);
      } catch (error) {
        // a header value Node refuses: nothing sendable is left (and no promise may reject unhandled)
        logOf().error({ err: error }, 'unexpected error');
        res.destroy();
        return;
      }
      const seconds = (performance.now() - started) / 1000;
      recordDuration('GET', status, seconds);
      if (log.isLevelEnabled('info')) {
        const request = {
          method: 'GET',
          url: PATH,
          headers: req.headers,
          host: hostOf(req, trustProxy),
          ip,
          socket: req.socket,
        };
        logOf().info({ req: request, res: { statusCode: status }, responseTime: seconds * 1000 }, 'request completed');
      }
    };
    const refuse = (error: Error) => {
      const problem = problemOf(error, logOf());
      const own: Record<string, string> = { 'content-type': PROBLEM_CONTENT_TYPE_UTF8 };
      for (const [name, value] of problem.headers) own[name] = value;
      const document = problemDocument(problem.status, problem.code, problem.detail, PATH, id);
      answer(problem.status, own, JSON.stringify(document));
    };
    // the requirement is checked in the same step as the answer: one promise hop fewer on every request
    authenticateRequest(auth, req, requestMetaOf(ip, req.headers, id), state).then((principal) => {
      try {
        enforce(FORWARD_AUTH, principal, FORWARD_AUTH.message);
      } catch (error) {
        return refuse(error as Error);
      }
      answer(200, forwardAuthHeaders(principal), undefined);
    }, refuse);
    return true;
  };
}

/** A body Fastify would have to read (or refuse): such requests are left to it. */
function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}

/** The request's host as Fastify's request.host gives it (the log line's `req.host`). */
function hostOf(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = req.headers['x-forwarded-host'];
  if (trustProxy && typeof forwarded === 'string' && forwarded !== '') {
    const last = forwarded.lastIndexOf(',');
    return last === -1 ? forwarded.trim() : forwarded.slice(last + 1).trim();
  }
  return req.headers.host ?? '';
}
