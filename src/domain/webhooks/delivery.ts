import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { DestinationAgents } from './destination-agents';
import { resolveWebhookTarget, SsrfError, type Resolver, type UrlCheckOptions } from './ssrf-guard';

export const RESPONSE_BODY_LIMIT = 4096;
export const DELIVERY_TIMEOUT_MS = 15_000;

export interface DeliveryRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface DeliveryResult {
  statusCode: number | null;
  /** First 4 KiB of the response body. */
  responseBody: string | null;
  error: string | null;
  durationMs: number;
  /** Retry-After of the response, in seconds (delta or HTTP date). */
  retryAfterSeconds: number | null;
  ok: boolean;
}

export interface DeliveryOptions extends UrlCheckOptions {
  timeoutMs?: number;
  resolver?: Resolver;
  signal?: AbortSignal;
  /** Keep-alive connections per destination (default: a new connection per delivery). */
  agents?: DestinationAgents;
}

export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | null {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw) return null;
  const trimmed = raw.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

/**
 * POSTs one signed webhook: the host is resolved and checked by the SSRF guard and the connection
 * pinned to the checked address (reused for it with `agents`; a reused connection the server had
 * just closed is retried once on a new one); redirects are not followed (a 3xx is a failure); at
 * most 4 KiB of the response is read; the whole exchange is bounded by a 15 s timeout. Never throws.
 */
export async function deliver(request: DeliveryRequest, options: DeliveryOptions): Promise<DeliveryResult> {
  const started = process.hrtime.bigint();
  const elapsed = () => Number((process.hrtime.bigint() - started) / 1_000_000n);
  const fail = (error: string) => failure(error, elapsed());
  let target;
  try {
    target = await resolveWebhookTarget(request.url, options, options.resolver);
  } catch (error) {
    return fail(error instanceof SsrfError ? error.message : `resolve failed: ${(error as Error).message}`);
  }
  const { url, address, family } = target;
  const lookup = pinnedLookup(address, family);
  const timeoutMs = options.timeoutMs ?? DELIVERY_TIMEOUT_MS;
  return new Promise<DeliveryResult>((resolve) => {
    let settled = false;
    const finish = (result: DeliveryResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve(result);
    };
    const body = Buffer.from(request.body, 'utf8');
    const transport = url.protocol === 'https:' ? https : http;
    const agent = options.agents?.agentFor(url, address) ?? false;
    let req: http.ClientRequest;
    const send = (retried: boolean) => {
      req = transport.request(
        url,
        {
          method: 'POST',
          lookup,
          agent,
          headers: {
            ...request.headers,
            'content-type': 'application/json',
            'content-length': String(body.length),
            'user-agent': 'Keyward-Webhooks/1.0',
          },
        },
        (res) => readResponse(res, elapsed, finish, () => req.destroy()),
      );
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (!settled && !retried && req.reusedSocket && error.code === 'ECONNRESET') return send(true);
        finish(fail(`${error.code ?? 'request error'}: ${error.message}`.slice(0, 1000)));
      });
      req.end(body);
    };
    const timer = setTimeout(() => {
      finish(fail(`timed out after ${timeoutMs} ms`));
      req.destroy();
    }, timeoutMs);
    const onAbort = () => {
      finish(fail('aborted'));
      req.destroy();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    send(false);
  });
}

/** A delivery that got no usable answer. */
function failure(error: string, durationMs: number, statusCode: number | null = null): DeliveryResult {
  return { statusCode, responseBody: null, error, durationMs, retryAfterSeconds: null, ok: false };
}

/** A DNS lookup that always answers the address the SSRF guard checked. */
function pinnedLookup(address: string, family: number): LookupFunction {
  return (_hostname, lookupOptions, callback) => {
    if ((lookupOptions as { all?: boolean }).all)
      (callback as unknown as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [
        { address, family },
      ]);
    else callback(null, address, family);
  };
}

/**
 * Reads at most 4 KiB of a response into a result. Read to the end, the connection goes back to
 * its destination's pool; cut short at the limit, `abandon` closes it (it cannot be reused).
 */
function readResponse(
  res: http.IncomingMessage,
  elapsed: () => number,
  finish: (result: DeliveryResult) => void,
  abandon: () => void,
): void {
  const chunks: Buffer[] = [];
  let size = 0;
  const done = () => {
    const statusCode = res.statusCode ?? 0;
    const ok = statusCode >= 200 && statusCode < 300;
    finish({
      statusCode,
      responseBody: Buffer.concat(chunks).subarray(0, RESPONSE_BODY_LIMIT).toString('utf8'),
      error: ok
        ? null
        : statusCode >= 300 && statusCode < 400
          ? `redirect to ${String(res.headers.location ?? '?').slice(0, 200)} not followed`
          : `HTTP ${statusCode}`,
      durationMs: elapsed(),
      retryAfterSeconds: parseRetryAfter(res.headers['retry-after']),
      ok,
    });
  };
  res.on('data', (chunk: Buffer) => {
    if (size >= RESPONSE_BODY_LIMIT) return;
    chunks.push(chunk);
    size += chunk.length;
    if (size >= RESPONSE_BODY_LIMIT) {
      done();
      abandon();
    }
  });
  res.on('end', done);
  res.on('error', (error) => finish(failure(`response error: ${error.message}`, elapsed(), res.statusCode ?? null)));
  res.on('close', done);
}
