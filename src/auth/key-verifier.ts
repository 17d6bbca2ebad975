import type { ApiKeyKind } from '../db/entities/api-key.entity';
import { batchedCounter, type Metrics } from '../observability/metrics';
import type { RequestMeta } from '../core/request-meta';
import type { Infrastructure } from '../domain/shared/infrastructure';
import type { UsageRecorder } from '../domain/usage/usage-recorder';
import { Principal } from '../core/principal';
import { hashSecret, parseSecret } from '../credentials/tokens';
import { ipFailure, lifecycleFailure } from './key-checks';
import type { CacheInvalidation } from './cache-invalidation';
import { KeyCache } from './key-cache';
import { KeyLoader } from './key-loader';
import { KeyRateLimiter } from './key-rate-limiter';
import { KeyUseWriter } from './key-use-writer';
import type { CacheEntry, FailureCode, VerifiedKey, VerifyOptions, VerifyResult } from './verify-result';

export { VERIFY_CODES, scopeOf } from './verify-result';
export type {
  FailureCode,
  RateLimitState,
  VerifiedKey,
  VerifyCode,
  VerifyOptions,
  VerifyResult,
} from './verify-result';

const NO_OPTIONS: Partial<VerifyOptions> = Object.freeze({});
const REST_ONLY: readonly ApiKeyKind[] = Object.freeze(['REST'] as const);
const USED_AFTER_REVOKE_EVERY_MS = 60_000;

/**
 * The verify path for API keys (docs/design.md §6): format+checksum (no cache or database touched) →
 * lookup by SHA-256 (current secret, or the previous one while in its rotation grace) → REVOKED →
 * INACTIVE → EXPIRED → IP_NOT_ALLOWED → RATE_LIMITED. Returns a tagged result; infrastructure
 * failures (database, Redis) throw. Built from the key cache (with invalidation), the loader, the
 * pure checks, the rate limiter and the last-used writer.
 *
 * Outages (deliberate): a cached, valid key keeps working while the database is unreachable — the
 * check needs no database work — for as long as its cache entry lives (keyCacheTtlMs), so gateways
 * ride out a short outage; a key not in the cache answers SERVICE_UNAVAILABLE.
 */
export class KeyVerifier {
  private readonly cache: KeyCache;
  private readonly loader: KeyLoader;
  private readonly limiter: KeyRateLimiter;
  private readonly uses: KeyUseWriter;
  private readonly background = new Set<Promise<unknown>>();
  private readonly revokeNotified = new Map<string, number>();
  private readonly metrics: Metrics;
  private readonly codeCounters = new Map<string, { inc(): void }>();
  private readonly rateLimitRejections: { inc(): void };
  /** Counts each use of a key by outcome (usage analytics, docs/design.md §14); null when turned off. */
  private readonly usage: UsageRecorder | null;
  private closed = false;
  readonly ttlMs: number;

  constructor(
    private readonly deps: Pick<
      Infrastructure,
      'config' | 'dataSource' | 'tx' | 'events' | 'limiters' | 'log' | 'metrics'
    > & {
      usage: UsageRecorder | null;
      /** The channel the credential caches share (the session cache too). */
      invalidation: CacheInvalidation;
    },
  ) {
    this.ttlMs = deps.invalidation.ttlMs;
    this.metrics = deps.metrics;
    this.usage = deps.usage;
    this.rateLimitRejections = batchedCounter(deps.metrics.rateLimitRejections);
    this.cache = new KeyCache(deps.invalidation, deps.metrics);
    this.loader = new KeyLoader(deps.dataSource, () => this.cache.lastDropAt);
    this.limiter = new KeyRateLimiter(deps.limiters, deps.config.defaultRateLimitPerMinute);
    this.uses = new KeyUseWriter(deps.dataSource, deps.tx, deps.log);
  }

  /** The key cache's TTL right now: ttlMs, or at most the no-Redis TTL while invalidations may be missed. */
  get effectiveTtlMs(): number {
    return this.cache.effectiveTtlMs;
  }

  /**
   * Resolves once this instance listens for invalidations from other instances (no-op without Redis; the channel is
   * shared with the session cache).
   */
  ready(): Promise<void> {
    return this.deps.invalidation.ready();
  }

  /** Verifies a raw key (`kwk_…`, `kwp_…`, `kws_…`). */
  verify(rawKey: string, request: RequestMeta, options: Partial<VerifyOptions> = NO_OPTIONS): Promise<VerifyResult> {
    if (parseSecret(rawKey) === undefined) return Promise.resolve(this.count({ valid: false, code: 'MALFORMED' }));
    // cache keys: the hash (64 hex digits) of a secret, or a client id (`kwc_…`): they cannot collide
    const hash = hashSecret(rawKey);
    const now = Date.now();
    // hot path: a cached key costs one promise (the rate limiter's)
    const cached = this.cache.cached(hash, now);
    if (cached) return Promise.resolve(this.check(cached, options.ip ?? request.ip, options, request, now));
    return this.cache
      .load(hash, () => this.loader.byHash(hash))
      .then((entry) => this.check(entry, options.ip ?? request.ip, options, request, Date.now()));
  }

  /** Verifies a REST credential by its public client id (access tokens carry it as `client_id`). */
  async verifyClient(
    clientId: string,
    request: RequestMeta,
    options: Partial<VerifyOptions> = {},
  ): Promise<VerifyResult> {
    const entry = await this.clientEntry(clientId);
    return this.check(entry, options.ip ?? request.ip, { kinds: REST_ONLY, ...options }, request, Date.now());
  }

  /** A REST credential's cache entry by client id: cached, or loaded (and cached). */
  private clientEntry(clientId: string): Promise<CacheEntry> {
    const cached = this.cache.cached(clientId, Date.now());
    return cached ? Promise.resolve(cached) : this.cache.load(clientId, () => this.loader.byClientId(clientId));
  }

  /** Drops a key from this instance's cache at once and tells other instances (Redis). */
  invalidate(keyId: string): void {
    this.cache.invalidate(keyId);
  }

  /** Drops every cached key (and session) here and on other instances (e.g. after grant or group changes). */
  invalidateAll(): void {
    this.cache.invalidateAll();
  }

  /** Writes pending lastUsed/grace counters now. Serialised: one flush at a time. */
  flush(): Promise<void> {
    return this.uses.flush();
  }

  /**
   * Flushes, waits for background writes, stops caching (the owner closes the shared invalidation channel). Idempotent.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.cache.close();
    await this.uses.close();
    await Promise.allSettled([...this.background]);
  }

  /**
   * What is wrong with a REST credential, by client id (NOT_FOUND, REVOKED, INACTIVE, EXPIRED), or
   * undefined when it is live; nothing counted, recorded or rate-limited. For an expired access
   * token: the check order puts the credential's own state before the token's expiry.
   */
  async clientFailure(clientId: string, options: Partial<VerifyOptions> = {}): Promise<FailureCode | undefined> {
    const entry = await this.clientEntry(clientId);
    return lifecycleFailure(entry, { kinds: REST_ONLY, ...options }, Date.now());
  }

  private check(
    entry: CacheEntry,
    ip: string,
    opts: Partial<VerifyOptions>,
    request: RequestMeta,
    now: number,
  ): Promise<VerifyResult> | VerifyResult {
    const failure = lifecycleFailure(entry, opts, now);
    const key = entry.key;
    if (!key || failure === 'NOT_FOUND') return this.count({ valid: false, code: 'NOT_FOUND' });
    const recordUse = opts.recordUse !== false;
    if (entry.previousUntil !== undefined && recordUse) this.uses.recordGraceUse(key.id);
    if (failure === 'REVOKED' && recordUse) this.usedAfterRevoke(key, request);
    // usage analytics: DENIED (revoked, inactive, expired, address not allowed), RATE_LIMITED or VALID
    const usage = recordUse ? this.usage : null;
    const denied = failure ?? ipFailure(entry, ip, opts);
    if (denied) {
      usage?.record(key.id, key.tenantId, 'DENIED', now);
      return this.count({ valid: false, code: denied, key });
    }
    const principal = entry.principal!; // a live key has one (lifecycleFailure: INACTIVE without)
    return this.limiter.take(key, opts.consume !== false).then((ratelimit) => {
      if (ratelimit.retryAfter !== undefined) {
        this.rateLimitRejections.inc();
        usage?.record(key.id, key.tenantId, 'RATE_LIMITED', now);
        return this.count({ valid: false, code: 'RATE_LIMITED', key, ratelimit });
      }
      usage?.record(key.id, key.tenantId, 'VALID', now);
      if (recordUse) this.uses.recordUse(key.id, now, ip);
      return this.count({
        valid: true,
        code: 'VALID',
        key,
        principal: principal.withRequest(request),
        ratelimit,
        usedPreviousSecret: entry.previousUntil !== undefined,
      });
    });
  }

  /**
   * Counts a result in `keyward_key_verifications_total` (access tokens refused before their credential is checked,
   * too).
   */
  count<T extends VerifyResult>(result: T): T {
    let counter = this.codeCounters.get(result.code);
    if (!counter)
      this.codeCounters.set(
        result.code,
        (counter = batchedCounter(this.metrics.keyVerifications, { code: result.code })),
      );
    counter.inc();
    return result;
  }

  /** The per-minute limit of a key: its own, else its tenant's default, else KEYWARD_DEFAULT_RATE_LIMIT_PER_MINUTE. */
  limitOf(key: Pick<VerifiedKey, 'rateLimitPerMinute' | 'tenantRateLimitPerMinute'>): number {
    return this.limiter.limitOf(key);
  }

  /** `api_key.used_after_revoke` through the event sink, at most once a minute per key and instance. */
  private usedAfterRevoke(key: VerifiedKey, request: RequestMeta): void {
    const now = Date.now();
    const last = this.revokeNotified.get(key.id);
    if (last !== undefined && now - last < USED_AFTER_REVOKE_EVERY_MS) return;
    this.revokeNotified.set(key.id, now);
    if (this.closed) return;
    const principal = Principal.system(key.tenantId).withRequest(request);
    this.track(
      this.deps.tx.run((em) =>
        this.deps.events.emit(em, principal, {
          action: 'api_key.used_after_revoke',
          tenantId: key.tenantId,
          targetType: 'ApiKey',
          targetId: key.id,
          channelId: key.channelId,
          data: {
            id: key.id,
            name: key.name,
            kind: key.kind,
            prefix: key.prefix,
            status: 'REVOKED',
            channelId: key.channelId,
            revokedAt: key.revokedAt?.toISOString() ?? null,
            ip: request.ip,
          },
        }),
      ),
      'could not record api_key.used_after_revoke',
    );
  }

  private track(promise: Promise<unknown>, message: string): void {
    const tracked = promise.catch((error: Error) => this.deps.log.warn({ reason: error.message }, message));
    this.background.add(tracked);
    void tracked.finally(() => this.background.delete(tracked));
  }
}
