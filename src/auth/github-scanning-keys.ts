import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';

/** Refetch at most this often, whatever unknown key ids requests name (anyone can send one). */
const MIN_REFETCH_MS = 60_000;
/** A key set older than this is refetched before use (keys GitHub retires disappear). */
const MAX_AGE_MS = 60 * 60_000;
const FETCH_TIMEOUT_MS = 10_000;
const MAX_KEYS_BYTES = 256 * 1024;

/** The response body as text, refusing (and cancelling) one larger than `limit` bytes. */
async function boundedText(response: Response, limit: number): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  for (let read = await reader?.read(); read && !read.done; read = await reader!.read()) {
    size += read.value.byteLength;
    if (size > limit) {
      await reader!.cancel();
      throw new Error(`key set larger than ${limit} bytes`);
    }
    chunks.push(read.value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

interface KeySet {
  keys: Map<string, KeyObject>;
  fetchedAt: number;
}

/**
 * GitHub's secret-scanning public keys (`{ public_keys: [{ key_identifier, key (PEM), is_current }] }`
 * at KEYWARD_GITHUB_SECRET_SCANNING_KEYS_URL), cached. An unknown key id triggers a refetch, at
 * most once a minute for the whole process and one at a time, so unsigned traffic cannot make
 * Keyward hammer GitHub or grow memory. When a refetch fails, the last good set stays in use.
 */
export class GitHubScanningKeys {
  private set: KeySet | undefined;
  private inFlight: Promise<void> | undefined;
  private lastAttempt = 0;

  constructor(
    private readonly url: string,
    private readonly log: FastifyBaseLogger,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /**
   * Whether `signature` (base64 DER ECDSA) over `body` verifies with GitHub's key `keyId`;
   * 'unavailable' while no key set could be fetched yet (the caller should retry later).
   */
  async verify(keyId: string, signature: string, body: Buffer): Promise<boolean | 'unavailable'> {
    const key = await this.key(keyId);
    if (!this.set) return 'unavailable';
    const der = Buffer.from(signature, 'base64');
    if (!key || der.length === 0) return false;
    try {
      return verify('sha256', body, key, der);
    } catch {
      return false; // not a DER signature
    }
  }

  private async key(keyId: string): Promise<KeyObject | undefined> {
    const stale = !this.set || this.now() - this.set.fetchedAt > MAX_AGE_MS;
    if (stale || !this.set!.keys.has(keyId)) await this.refresh();
    return this.set?.keys.get(keyId);
  }

  private async refresh(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    if (this.now() - this.lastAttempt < MIN_REFETCH_MS) return;
    this.lastAttempt = this.now();
    this.inFlight = this.fetchKeys()
      .then((keys) => {
        this.set = { keys, fetchedAt: this.now() };
      })
      .catch((error: Error) => {
        this.log.warn({ err: error, url: this.url }, 'could not fetch the GitHub secret-scanning public keys');
      })
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }

  private async fetchKeys(): Promise<Map<string, KeyObject>> {
    const response = await fetch(this.url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      redirect: 'error',
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const parsed = JSON.parse(await boundedText(response, MAX_KEYS_BYTES)) as { public_keys?: unknown };
    if (!Array.isArray(parsed.public_keys)) throw new Error('no public_keys array');
    const keys = new Map<string, KeyObject>();
    for (const entry of parsed.public_keys as Array<{ key_identifier?: unknown; key?: unknown }>) {
      if (typeof entry?.key_identifier !== 'string' || typeof entry.key !== 'string') continue;
      try {
        keys.set(entry.key_identifier, createPublicKey(entry.key));
      } catch {
        this.log.warn(
          { keyId: entry.key_identifier },
          'skipped a GitHub secret-scanning key that is not a PEM public key',
        );
      }
    }
    return keys;
  }
}
