import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import { httpStatusOf, isUnavailableError, KeywardError } from '../core/errors';

/** What a REST error is answered with: the problem's status, Keyward code, detail and extra headers. */
export interface Problem {
  status: number;
  code: string;
  detail: string;
  /** WWW-Authenticate on 401 (RFC 9110 §15.5.2), Retry-After on 429: the headers GraphQL answers carry too. */
  headers: Iterable<[string, string]>;
}

const NO_HEADERS: ReadonlyArray<[string, string]> = Object.freeze([]);

/**
 * The one mapping from an error to its REST answer; unexpected errors and outages are logged to `log`
 * and masked. Used by the app's error handler and by the fast /v1/auth path.
 */
export function problemOf(error: Error & { statusCode?: number }, log: FastifyBaseLogger): Problem {
  if (error instanceof KeywardError) {
    const http = error.extensions.http as { headers?: Map<string, string> } | undefined;
    return {
      status: httpStatusOf(error.code),
      code: error.code,
      detail: error.message,
      headers: http?.headers ?? NO_HEADERS,
    };
  }
  if (isUnavailableError(error)) {
    log.error({ err: error }, 'dependency unavailable');
    return {
      status: 503,
      code: 'SERVICE_UNAVAILABLE',
      detail: 'A dependency is unavailable; retry later',
      headers: NO_HEADERS,
    };
  }
  const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
  if (status >= 500) {
    log.error({ err: error }, 'unexpected error');
    return { status, code: 'INTERNAL_SERVER_ERROR', detail: 'Internal server error', headers: NO_HEADERS };
  }
  return { status, code: 'BAD_USER_INPUT', detail: error.message, headers: NO_HEADERS };
}

/**
 * REST errors are RFC 9457 problem documents; unexpected ones are logged and masked. The app's error
 * handler, and what the route guard answers a refused caller with.
 */
export function problemErrorHandler(
  error: Error & { statusCode?: number; validation?: unknown },
  request: FastifyRequest,
  reply: FastifyReply,
) {
  const problem = problemOf(error, request.log);
  for (const [name, value] of problem.headers) reply.header(name, value);
  return sendProblem(request, reply, problem.status, problem.code, problem.detail);
}

/** An RFC 9457 problem document with Keyward's error `code` and the request id. */
export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: string,
  detail: string,
): FastifyReply {
  return reply
    .code(status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(problemDocument(status, code, detail, request.url, String(request.id)));
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** The problem document's fields, in the order problemSchema lists them. */
export function problemDocument(status: number, code: string, detail: string, url: string, requestId: string) {
  return {
    type: 'about:blank',
    title: titleOf(status),
    status,
    detail,
    code,
    instance: url.split('?')[0],
    requestId,
  };
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
};

const titleOf = (status: number): string => TITLES[status] ?? (status >= 500 ? 'Internal Server Error' : 'Error');
