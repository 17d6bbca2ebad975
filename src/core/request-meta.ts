import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyRequest } from 'fastify';

/** Facts about the HTTP request that services record (audit events, last-used, throttling). */
export interface RequestMeta {
  ip: string;
  userAgent: string | null;
  requestId: string;
}

export const SYSTEM_REQUEST: RequestMeta = { ip: '127.0.0.1', userAgent: 'keyward', requestId: 'system' };

/** The request facts of a Fastify request (client IP honours KEYWARD_TRUST_PROXY through Fastify's trustProxy). */
export function requestMeta(request: FastifyRequest): RequestMeta {
  return requestMetaOf(request.ip, request.headers, String(request.id));
}

/** The request facts from the client IP, the request's headers and its id. */
export function requestMetaOf(ip: string, headers: IncomingHttpHeaders, requestId: string): RequestMeta {
  const ua = headers['user-agent'];
  return { ip, userAgent: typeof ua === 'string' ? ua.slice(0, 512) : null, requestId };
}
