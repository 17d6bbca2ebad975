import type { FastifyReply, FastifyRequest } from 'fastify';
import { httpStatusOf, isUnavailableError, KeywardError } from '../core/errors';

/**
 * REST errors are RFC 9457 problem documents; unexpected ones are logged and masked. The app's error
 * handler, and what the route guard answers a refused caller with.
 */
export function problemErrorHandler(
  error: Error & { statusCode?: number; validation?: unknown },
  request: FastifyRequest,
  reply: FastifyReply,
) {
  let status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
  let code: string = status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_USER_INPUT';
  let detail = error.message;
  if (error instanceof KeywardError) {
    status = httpStatusOf(error.code);
    code = error.code;
    // the headers GraphQL answers carry too (KeywardError sets them): WWW-Authenticate on 401
    // (RFC 9110 §15.5.2), Retry-After on 429
    const http = error.extensions.http as { headers?: Map<string, string> } | undefined;
    for (const [name, value] of http?.headers ?? []) reply.header(name, value);
  } else if (isUnavailableError(error)) {
    status = 503;
    code = 'SERVICE_UNAVAILABLE';
    detail = 'A dependency is unavailable; retry later';
    request.log.error({ err: error }, 'dependency unavailable');
  } else if (status >= 500) {
    detail = 'Internal server error';
    request.log.error({ err: error }, 'unexpected error');
  }
  if (status === 413) code = 'BAD_USER_INPUT';
  return sendProblem(request, reply, status, code, detail);
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
    .type('application/problem+json')
    .send({
      type: 'about:blank',
      title: titleOf(status),
      status,
      detail,
      code,
      instance: request.url.split('?')[0],
      requestId: request.id,
    });
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
