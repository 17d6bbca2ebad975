import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/** The closed set of error codes (docs/design.md §11). Nothing else reaches a client. */
export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  CONFLICT: 'CONFLICT',
  LIMIT_EXCEEDED: 'LIMIT_EXCEEDED',
  RATE_LIMITED: 'RATE_LIMITED',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const HTTP_STATUS: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
  CONFLICT: 409,
  LIMIT_EXCEEDED: 409,
  RATE_LIMITED: 429,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL_SERVER_ERROR: 500,
};

export function httpStatusOf(code: ErrorCode): number {
  return HTTP_STATUS[code];
}

export interface KeywardErrorOptions {
  /** Input path of the offending field, e.g. "input.name" or "input.ipAllowlist[2]". */
  field?: string;
  /** Seconds until a retry may succeed (RATE_LIMITED). */
  retryAfter?: number;
  cause?: unknown;
}

const SERVER_SIDE = new Set<ErrorCode>(['SERVICE_UNAVAILABLE', 'INTERNAL_SERVER_ERROR']);

/**
 * The one error type services throw. It is a GraphQLError so Apollo passes it through as is;
 * REST routes map it with `httpStatusOf`.
 */
export class KeywardError extends GraphQLError {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  readonly retryAfter: number | undefined;

  constructor(code: ErrorCode, message: string, options: KeywardErrorOptions = {}) {
    const extensions: Record<string, unknown> = { code };
    if (options.field) extensions.field = options.field;
    if (options.retryAfter !== undefined) extensions.retryAfter = options.retryAfter;
    // Only statuses a GraphQL client should see on the HTTP response itself.
    if (code === 'UNAUTHENTICATED' || code === 'RATE_LIMITED' || code === 'SERVICE_UNAVAILABLE') {
      const headers = new Map<string, string>();
      if (options.retryAfter !== undefined) headers.set('retry-after', String(options.retryAfter));
      if (code === 'UNAUTHENTICATED') headers.set('www-authenticate', 'Bearer realm="keyward"');
      extensions.http = { status: HTTP_STATUS[code], headers };
    }
    // A client error is an answer, not a fault: no stack trace. Capturing one was the largest cost
    // of a refused request (a third of the CPU of a 401 from /v1/auth), and a flood of bad keys
    // should cost no more than good ones. Server-side errors keep theirs.
    const stackTraceLimit = Error.stackTraceLimit;
    if (!SERVER_SIDE.has(code)) Error.stackTraceLimit = 0;
    super(message, { extensions, originalError: options.cause instanceof Error ? options.cause : undefined });
    Error.stackTraceLimit = stackTraceLimit;
    this.name = 'KeywardError';
    this.code = code;
    this.field = options.field;
    this.retryAfter = options.retryAfter;
  }
}

export const unauthenticated = (message = 'Authentication required') => new KeywardError('UNAUTHENTICATED', message);
export const forbidden = (message = 'You do not have permission to do this') => new KeywardError('FORBIDDEN', message);
export const notFound = (what: string, field?: string) => new KeywardError('NOT_FOUND', `${what} not found`, { field });
export const badInput = (field: string, message: string) => new KeywardError('BAD_USER_INPUT', message, { field });
export const conflict = (field: string, message: string) => new KeywardError('CONFLICT', message, { field });
export const limitExceeded = (message: string, field?: string) =>
  new KeywardError('LIMIT_EXCEEDED', message, { field });
export const rateLimited = (retryAfter: number, message = 'Too many requests; retry later') =>
  new KeywardError('RATE_LIMITED', message, { retryAfter });

/**
 * Error codes meaning "the dependency is not there right now": socket errors, mysql2's protocol
 * errors for a connection the server (or the network) dropped — a pooled connection that died while
 * idle surfaces as PROTOCOL_CONNECTION_LOST or ECONNRESET on its next query, and mysql2 removes it
 * from the pool — and MariaDB/MySQL server states that clear up by themselves.
 */
const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
  'PROTOCOL_ENQUEUE_AFTER_QUIT',
  'PROTOCOL_ENQUEUE_AFTER_DESTROY',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'ER_CONNECTION_KILLED',
  'ER_NORMAL_SHUTDOWN',
  'ER_SHUTDOWN_COMPLETE',
  'ER_TOO_MANY_USER_CONNECTIONS',
  'SQLITE_BUSY',
  'SQLITE_CANTOPEN',
]);

/** True when an error means a dependency (database, Redis) is unreachable rather than a bug. */
export function isUnavailableError(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const e = current as { code?: unknown; errno?: unknown; message?: unknown; driverError?: unknown; cause?: unknown };
    if (typeof e.code === 'string' && CONNECTION_ERROR_CODES.has(e.code)) return true;
    if (
      typeof e.message === 'string' &&
      /Connection lost|connect ECONNREFUSED|connect ETIMEDOUT|Pool is closed|Can't add new command when connection is in closed state|Connection is not established|Stream isn't writeable|Connection is closed|WSREP has not yet prepared node/i.test(
        e.message,
      )
    )
      return true;
    const errors = (current as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.some((inner) => inner !== current && isUnavailableError(inner))) return true;
    current = e.driverError ?? e.cause;
  }
  return false;
}

/** The client-facing error for a dependency outage (GraphQL: SERVICE_UNAVAILABLE with HTTP 503; REST: 503 problem). */
export const serviceUnavailable = (cause?: unknown) =>
  new KeywardError('SERVICE_UNAVAILABLE', 'A dependency is unavailable; retry later', { cause });

/** Codes Apollo/graphql-js produce for malformed requests, folded into the closed set. */
const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'PERSISTED_QUERY_NOT_FOUND',
]);

const CLOSED_SET = new Set<string>(Object.values(ErrorCode));
const CONTEXT_PREFIX = /^Context creation failed: /;

export type ErrorClass = 'expected' | 'request' | 'unavailable' | 'internal';

/** graphql-js stops after 50 bad variable values with this codeless error: it is bad input too. */
const VARIABLE_ERROR_LIMIT = /^Too many errors processing variables, error limit reached/;

/** Sorts anything a resolver or the context threw into what the client may see. */
export function classifyError(error: unknown, formattedCode?: unknown): ErrorClass {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  if (original instanceof KeywardError) return 'expected';
  if (typeof formattedCode === 'string' && REQUEST_ERROR_CODES.has(formattedCode)) return 'request';
  if (original instanceof GraphQLError && !original.originalError && VARIABLE_ERROR_LIMIT.test(original.message))
    return 'request';
  if (typeof formattedCode === 'string' && CLOSED_SET.has(formattedCode) && formattedCode !== 'INTERNAL_SERVER_ERROR')
    return 'expected';
  if (isUnavailableError(original)) return 'unavailable';
  return 'internal';
}

/**
 * The one mapping point from anything thrown to what a GraphQL client sees: the closed set of
 * codes, `field` for bad input, everything unexpected masked (it is logged by the error-logging
 * plugin with the request id).
 */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const { locations, path } = formatted;
  const shape = (extensions: Record<string, unknown>, message: string): GraphQLFormattedError => ({
    message,
    ...(locations ? { locations } : {}),
    ...(path ? { path } : {}),
    extensions,
  });
  const code = formatted.extensions?.code;
  switch (classifyError(error, code)) {
    case 'expected': {
      const extensions: Record<string, unknown> = { code };
      if (formatted.extensions?.field) extensions.field = formatted.extensions.field;
      if (formatted.extensions?.retryAfter !== undefined) extensions.retryAfter = formatted.extensions.retryAfter;
      return shape(extensions, formatted.message.replace(CONTEXT_PREFIX, ''));
    }
    case 'request': {
      const extensions: Record<string, unknown> = { code: 'BAD_USER_INPUT' };
      const field = formatted.extensions?.field ?? inferField(formatted.message);
      if (field) extensions.field = field;
      return shape(extensions, formatted.message);
    }
    case 'unavailable':
      return shape({ code: 'SERVICE_UNAVAILABLE' }, 'A dependency is unavailable; retry later');
    default:
      return shape({ code: 'INTERNAL_SERVER_ERROR' }, 'Internal server error');
  }
}

/** Pulls a variable/argument path out of graphql-js coercion messages, e.g. `… at "input.email"`. */
function inferField(message: string): string | undefined {
  const at = /at "([^"]+)"/.exec(message);
  if (at) return at[1];
  const variable = /Variable "\$([^"]+)"/.exec(message);
  if (variable) return variable[1];
  const argument = /argument "([^"]+)"/i.exec(message);
  if (argument) return argument[1];
  return undefined;
}
