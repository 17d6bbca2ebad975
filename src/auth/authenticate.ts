import type { IncomingHttpHeaders } from 'node:http';
import { unauthenticated, type KeywardError } from '../core/errors';
import type { FailureCode } from './key-verifier';

const MAX_CREDENTIAL_LENGTH = 4096;
const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;

function single(value: string | string[] | undefined, header: string): string | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) {
    if (value.length > 1) throw unauthenticated(`Send one ${header} header, not ${value.length}`);
    return value[0];
  }
  return value;
}

/** How many times a header occurs in Node's `rawHeaders` (name, value, name, value, …). */
export function headerOccurrences(rawHeaders: readonly string[], lowerCaseName: string): number {
  let count = 0;
  for (let i = 0; i < rawHeaders.length; i += 2)
    if (rawHeaders[i]!.length === lowerCaseName.length && rawHeaders[i]!.toLowerCase() === lowerCaseName) count++;
  return count;
}

/**
 * Reads the credential from `X-API-Key` or `Authorization: Bearer`. Returns undefined when none is
 * sent; throws UNAUTHENTICATED with a clear message when one is sent but malformed. `rawHeaders`
 * (the request's, as Node received them) reveal a repeated Authorization header, which Node's
 * `headers` reduce to the first one.
 */
export function extractCredential(headers: IncomingHttpHeaders, rawHeaders?: readonly string[]): string | undefined {
  const apiKey = single(headers['x-api-key'], 'X-API-Key');
  const authorization = single(headers.authorization, 'Authorization');
  if (authorization !== undefined && rawHeaders) {
    const count = headerOccurrences(rawHeaders, 'authorization');
    if (count > 1) throw unauthenticated(`Send one Authorization header, not ${count}`);
  }
  let bearer: string | undefined;
  if (authorization !== undefined) {
    const match = /^\s*(\S+)(?:\s+(.*))?$/.exec(authorization);
    if (!match) throw unauthenticated('The Authorization header is empty');
    if (match[1]!.toLowerCase() !== 'bearer') throw unauthenticated('Use "Authorization: Bearer <key or token>"');
    bearer = (match[2] ?? '').trim();
    if (!bearer) throw unauthenticated('The Authorization header has no token after "Bearer"');
  }
  if (apiKey !== undefined && !apiKey.trim()) throw unauthenticated('The X-API-Key header is empty');
  if (apiKey !== undefined && bearer !== undefined && apiKey.trim() !== bearer) {
    throw unauthenticated('Send one credential: X-API-Key or Authorization, not both');
  }
  const credential = (apiKey ?? bearer)?.trim();
  if (credential === undefined) return undefined;
  if (credential.length > MAX_CREDENTIAL_LENGTH) throw unauthenticated('The credential is too long');
  if (/[,\s]/.test(credential))
    throw unauthenticated('Send exactly one credential: the header holds several values or whitespace');
  if (!PRINTABLE_ASCII.test(credential))
    throw unauthenticated('The credential contains characters no Keyward credential has');
  return credential;
}

/**
 * UNAUTHENTICATED for a credential that was sent and refused, with why in `extensions.reason` (a verification code).
 */
export function refusedCredential(message: string, reason: FailureCode): KeywardError {
  const error = unauthenticated(message);
  error.extensions.reason = reason;
  return error;
}
