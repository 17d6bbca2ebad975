import type { Finding } from './scan-sources';
import type { Verification } from './scan-report';

const CONCURRENCY = 4;
const TIMEOUT_MS = 15_000;

/** Why the verify step as a whole cannot go on (bad server URL, refused credential, server down). */
export class VerifyFailure extends Error {}

/**
 * Asks a Keyward server which found API keys are live, one `POST /v1/keys/verify` per distinct
 * key (the key travels in the body, never in a URL). The server answers only for keys of the
 * caller's tenant (others answer NOT_FOUND) and counts each check as a use of a live key.
 * Webhook secrets cannot be verified this way.
 */
export async function verifyFindings(
  findings: Finding[],
  baseUrl: URL,
  apiKey: string,
): Promise<Map<string, Verification>> {
  const results = new Map<string, Verification>();
  const tokens = [...new Set(findings.map((f) => f.token))];
  const endpoint = new URL('v1/keys/verify', baseUrl.href.endsWith('/') ? baseUrl : new URL(`${baseUrl.href}/`));
  let next = 0;
  const worker = async () => {
    while (next < tokens.length) {
      const token = tokens[next++];
      if (token.startsWith('whsec_')) {
        results.set(token, { live: null, code: 'NOT_VERIFIABLE' });
        continue;
      }
      let response: Response;
      try {
        response = await fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
          body: JSON.stringify({ key: token }),
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
      } catch (error) {
        throw new VerifyFailure(`cannot reach ${endpoint.origin}: ${(error as Error).message}`);
      }
      if (response.status === 401 || response.status === 403)
        throw new VerifyFailure(`${endpoint.origin} refused KEYWARD_API_KEY (HTTP ${response.status})`);
      if (response.status === 429) {
        results.set(token, { live: null, code: 'RATE_LIMITED' });
        continue;
      }
      if (response.status !== 200) throw new VerifyFailure(`${endpoint.href} answered HTTP ${response.status}`);
      const body = (await response.json()) as { valid?: unknown; code?: unknown };
      const code = typeof body.code === 'string' ? body.code : 'UNKNOWN';
      // a key refused only for this caller's IP or rate limit works for someone else: live all the same
      results.set(token, {
        live:
          body.valid === true || code === 'RATE_LIMITED' || code === 'IP_NOT_ALLOWED'
            ? true
            : code === 'UNKNOWN'
              ? null
              : false,
        code,
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, tokens.length) }, worker));
  return results;
}
