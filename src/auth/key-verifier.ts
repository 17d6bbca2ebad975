import type { EntityManager } from 'typeorm';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { ApiKeyKind } from '../db/entities/api-key.entity';
import { ApiKey } from '../db/entities/api-key.entity';
import { Tenant } from '../db/entities/tenant.entity';
import { User } from '../db/entities/user.entity';
import { batchedCounter, type Metrics } from '../observability/metrics';
import type { RequestMeta } from '../core/request-meta';
import { GrantService } from '../domain/roles/grant.service';
import type { ServiceDeps } from '../domain/shared/service-deps';
import { hasReplicas, onReplica } from '../db/database';
import { NO_REDIS_KEY_CACHE_TTL_MS } from '../redis/rate-limiter-factory';
import { subscriberOf, type RedisClient } from '../redis/redis-client';
import type { UsageRecorder } from '../domain/usage/usage-recorder';
import { compileIpAllowlist, type IpMatcher } from '../credentials/ip-allowlist';
import { GrantSet, Principal } from '../core/principal';
import { hashSecret, parseSecret } from '../credentials/tokens';

/** Result codes, in check order (DESIGN §6): the first failure wins. */
export const VERIFY_CODES = ['VALID', 'MALFORMED', 'NOT_FOUND', 'REVOKED', 'INACTIVE', 'EXPIRED', 'IP_NOT_ALLOWED', 'RATE_LIMITED'] as const;
export type VerifyCode = (typeof VERIFY_CODES)[number];
export type FailureCode = Exclude<VerifyCode, 'VALID'>;

/** Per-key, per-minute limit state (`reset`: seconds until the window restarts). */
export interface RateLimitState {
  limit: number;
  remaining: number;
  reset: number;
  /** Seconds to wait; only when the request was rejected. */
  retryAfter?: number;
}

/** What the verify path knows about a key (no secret material). */
export interface VerifiedKey {
  id: string;
  tenantId: string;
  kind: ApiKeyKind;
  name: string;
  prefix: string;
  clientId: string | null;
  channelId: string | null;
  ownerId: string | null;
  authorizationGroupId: string | null;
  active: boolean;
  revokedAt: Date | null;
  expiresAt: Date | null;
  rateLimitPerMinute: number | null;
  /** The tenant's default for keys without their own limit (read only for those; null: the server's default). */
  tenantRateLimitPerMinute: number | null;
  ipAllowlist: string[];
  /** The last rotation (REST credentials: access tokens minted before it are refused). */
  rotatedAt: Date | null;
}

export type VerifyResult =
  | { valid: true; code: 'VALID'; key: VerifiedKey; principal: Principal; ratelimit: RateLimitState; usedPreviousSecret: boolean }
  | { valid: false; code: FailureCode; key?: VerifiedKey; ratelimit?: RateLimitState };

export interface VerifyOptions {
  /** The client's address (request.ip), checked against the key's allowlist. */
  ip: string;
  /** Only keys of this tenant exist for this call; others answer NOT_FOUND (default: any tenant). */
  tenantId?: string;
  /**
   * The caller's channel scope (DESIGN §4): for a channel-bound caller only keys of its channel
   * exist; tenant-wide credentials (REST, personal) and other channels' keys answer NOT_FOUND.
   */
  channelId?: string | null;
  /** Only these kinds exist for this call; others answer NOT_FOUND. */
  kinds?: readonly ApiKeyKind[];
  /** Take a rate-limit point (default true). false: report the state without consuming. */
  consume?: boolean;
  /** Record lastUsedAt/lastUsedIp and grace-period use (default true). */
  recordUse?: boolean;
  /** Check the IP allowlist (default true). */
  checkIp?: boolean;
}

interface CacheEntry {
  /** null: no key has this secret / client id. */
  key: VerifiedKey | null;
  ip: IpMatcher | null;
  /** The secret matched is the previous one (rotation grace) and stays valid until this time. */
  previousUntil: Date | null | undefined;
  /** null when the key is not usable (revoked, inactive, owner gone); built only for live keys. */
  principal: Principal | null;
  ownerActive: boolean;
  expires: number;
}

const NO_OPTIONS: Partial<VerifyOptions> = Object.freeze({});
const REST_ONLY: readonly ApiKeyKind[] = Object.freeze(['REST'] as const);
const INVALIDATION_CHANNEL = 'keyward:api-key-invalidate';
const FLUSH_INTERVAL_MS = 1000;
const USED_AFTER_REVOKE_EVERY_MS = 60_000;

/** How far a read replica may lag: for this long after an invalidation, cache misses read from the primary. */
const REPLICA_LAG_ALLOWANCE_MS = 5000;

/**
 * The verify path for API keys (DESIGN §6): format+checksum (no cache or database touched) →
 * lookup by SHA-256 (current secret, or the previous one while in its rotation grace) → REVOKED →
 * INACTIVE → EXPIRED → IP_NOT_ALLOWED → RATE_LIMITED. Returns a tagged result; infrastructure
 * failures (database, Redis) throw.
 *
 * Verified keys are cached in-process for `keyCacheTtlMs`. `invalidate(keyId)` drops a key at
 * once on this instance and, with Redis, publishes the id so every other instance drops it too.
 * lastUsedAt/lastUsedIp and rotation-grace use counts are written behind, in one UPDATE per key
 * per flush (every second and on close).
 *
 * Outages (deliberate): a cached, valid key keeps working while the database is unreachable — the
 * check needs no database work — for as long as its cache entry lives (keyCacheTtlMs), so gateways
 * ride out a short outage; a key not in the cache answers SERVICE_UNAVAILABLE. Its use is kept and
 * written once the database returns (the failure is logged once). While Redis is unreachable
 * (REDIS_URL set) invalidations from other instances cannot arrive: entries then live at most
 * NO_REDIS_KEY_CACHE_TTL_MS (1 s), and everything cached is dropped once subscribed again;
 * invalidations this instance could not publish are sent as one '*' when Redis is back.
 */
export class KeyVerifier {
  private readonly cache = new Map<string, CacheEntry>();
  /** key id → cache keys that hold it (hash and client-id entries). */
  private readonly cacheKeysById = new Map<string, Set<string>>();
  private readonly inflight = new Map<string, Promise<{ loaded: CacheEntry; invalidated: boolean }>>();
  /**
   * Bumped by every invalidation. A load is not cached when its key, or every key, was dropped
   * after it started (`droppedAt`, `allDroppedAt`); loads of other keys are: under steady key
   * management a global rule would keep every cache miss a miss.
   */
  private epoch = 0;
  private allDroppedAt = 0;
  /** key id → epoch of its last drop; only needed while a load that started earlier is in flight. */
  private readonly droppedAt = new Map<string, number>();
  /** When the last invalidation arrived: cache misses read from the primary for a while after it (fromReplica). */
  private lastDropAt = 0;
  private readonly limiters = new Map<number, RateLimiterAbstract>();
  private pendingUse = new Map<string, { at: Date; ip: string }>();
  private pendingGrace = new Map<string, { count: number; at: Date }>();
  private flushing: Promise<void> = Promise.resolve();
  private readonly background = new Set<Promise<unknown>>();
  private readonly revokeNotified = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;
  private readonly subscriber: RedisClient | undefined;
  private readonly redis: RedisClient | undefined;
  private metrics: Metrics | undefined;
  private readonly codeCounters = new Map<string, { inc(): void }>();
  private cacheHits: { inc(): void } | undefined;
  private cacheMisses: { inc(): void } | undefined;
  private rateLimitRejections: { inc(): void } | undefined;
  /** Counts each use of a key by outcome (usage analytics, DESIGN §14); unset when turned off. */
  private usage: UsageRecorder | undefined;
  private closed = false;
  /** Not subscribed to invalidations from other instances (Redis down or not yet connected). */
  private degraded = false;
  private cacheTtlMs: number;
  /** An invalidation could not be published (Redis down): publish '*' once it is back. */
  private missedPublish = false;
  /** The last write-behind flush failed (logged once until one succeeds). */
  private flushFailing = false;
  readonly ttlMs: number;

  constructor(private readonly deps: ServiceDeps) {
    this.ttlMs = deps.config.keyCacheTtlMs;
    this.timer = setInterval(() => void this.flush(), FLUSH_INTERVAL_MS);
    this.timer.unref();
    this.redis = deps.limiters.redis;
    this.cacheTtlMs = this.ttlMs;
    if (this.redis) {
      // Until subscribed (and whenever the subscription is lost) invalidations from other instances
      // may be missed: entries then live at most the no-Redis TTL, and all are dropped once
      // subscribed again. The outage itself is logged once, by watchRedis on the shared connection.
      this.subscriptionLost();
      this.subscriber = subscriberOf(this.redis);
      this.subscriber.on('error', (error) => deps.log.debug({ reason: error.message }, 'redis subscriber error'));
      this.subscriber.on('close', () => this.subscriptionLost());
      this.subscriber.on('ready', () => void this.subscribe());
      this.subscriber.on('message', (_channel, message: string) => {
        if (message === '*') this.dropAll();
        else this.drop(message);
      });
      // invalidations this instance could not publish during an outage: tell everyone once Redis is back
      this.redis.on('ready', () => {
        if (!this.missedPublish || this.closed) return;
        this.missedPublish = false;
        this.publish('*');
      });
    }
  }

  /** The key cache's TTL right now: ttlMs, or at most the no-Redis TTL while invalidations may be missed. */
  get effectiveTtlMs(): number {
    return this.cacheTtlMs;
  }

  private subscriptionLost(): void {
    if (this.degraded || this.closed) return;
    this.degraded = true;
    this.cacheTtlMs = Math.min(this.ttlMs, NO_REDIS_KEY_CACHE_TTL_MS);
    const cap = Date.now() + this.cacheTtlMs;
    for (const entry of this.cache.values()) if (entry.expires > cap) entry.expires = cap;
  }

  /** (Re)subscribes; once confirmed, drops everything cached meanwhile and returns to the long TTL. */
  private subscribe(): Promise<boolean> {
    return this.subscriber!.subscribe(INVALIDATION_CHANNEL).then(
      () => {
        if (this.degraded && !this.closed) {
          this.degraded = false;
          this.cacheTtlMs = this.ttlMs;
          this.dropAll();
        }
        return true;
      },
      (error: Error) => (this.deps.log.debug({ reason: error.message }, 'could not subscribe to key invalidations'), true),
    );
  }

  /** Resolves once this instance listens for invalidations from other instances (no-op without Redis). */
  async ready(): Promise<void> {
    if (!this.subscriber) return;
    // never block start-up on Redis: without the subscription the short cache TTL bounds staleness
    const subscribed = this.subscribe();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 3000)));
    const ok = await Promise.race([subscribed, timeout]);
    clearTimeout(timer);
    if (!ok) this.deps.log.warn('redis not reachable yet; key invalidations from other instances arrive once it is (cache TTL bounds staleness meanwhile)');
  }

  attachMetrics(metrics: Metrics): void {
    this.metrics = metrics;
    // batched: the hot path does a plain addition, /metrics gets exact sums (src/observability/metrics.ts)
    this.cacheHits = batchedCounter(metrics.keyCacheLookups, { result: 'hit' });
    this.cacheMisses = batchedCounter(metrics.keyCacheLookups, { result: 'miss' });
    this.rateLimitRejections = batchedCounter(metrics.rateLimitRejections);
  }

  attachUsage(recorder: UsageRecorder): void {
    this.usage = recorder;
  }

  /** Verifies a raw key (`kwk_…`, `kwp_…`, `kws_…`). */
  verify(rawKey: string, request: RequestMeta, options: Partial<VerifyOptions> = NO_OPTIONS): Promise<VerifyResult> {
    if (parseSecret(rawKey) === undefined) return Promise.resolve(this.count({ valid: false, code: 'MALFORMED' }));
    // cache keys: the hash (64 hex digits) of a secret, or a client id (`kwc_…`): they cannot collide
    const hash = hashSecret(rawKey);
    const now = Date.now();
    // hot path: a cached key costs one promise (the rate limiter's)
    const cached = this.cached(hash, now);
    if (cached) return Promise.resolve(this.check(cached, options.ip ?? request.ip, options, request, now));
    return this.load(hash, () => this.fromReplica((em) => this.loadByHash(em, hash))).then((entry) => this.check(entry, options.ip ?? request.ip, options, request, Date.now()));
  }

  /** Verifies a REST credential by its public client id (access tokens carry it as `client_id`). */
  async verifyClient(clientId: string, request: RequestMeta, options: Partial<VerifyOptions> = {}): Promise<VerifyResult> {
    const entry = await this.clientEntry(clientId);
    return this.check(entry, options.ip ?? request.ip, { kinds: REST_ONLY, ...options }, request, Date.now());
  }

  /** A REST credential's cache entry by client id: cached, or loaded (and cached). */
  private clientEntry(clientId: string): Promise<CacheEntry> {
    const cached = this.cached(clientId, Date.now());
    return cached ? Promise.resolve(cached) : this.load(clientId, () => this.fromReplica((em) => this.loadByClientId(em, clientId)));
  }

  /** Drops a key from this instance's cache at once and tells other instances (Redis). */
  invalidate(keyId: string): void {
    this.drop(keyId);
    this.publish(keyId);
  }

  /** Drops every cached key here and on other instances (e.g. after grant or group changes). */
  invalidateAll(): void {
    this.dropAll();
    this.publish('*');
  }

  /** Writes pending lastUsed/grace counters now. Serialised: one flush at a time. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.doFlush());
    return this.flushing;
  }

  /** Flushes, waits for background writes, stops listening. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    await this.flush();
    await Promise.allSettled([...this.background]);
    if (this.subscriber) this.subscriber.disconnect();
  }

  // ---- checks ---------------------------------------------------------------------------------

  /**
   * The first failing check of the credential itself, in DESIGN §6 order (lookup → REVOKED →
   * INACTIVE → EXPIRED), or undefined when it is live. No side effects: nothing counted or recorded.
   */
  private lifecycleFailure(entry: CacheEntry, opts: Partial<VerifyOptions>, now: number): FailureCode | undefined {
    const key = entry.key;
    if (!key) return 'NOT_FOUND';
    if (entry.previousUntil !== undefined && (entry.previousUntil === null || entry.previousUntil.getTime() <= now)) return 'NOT_FOUND';
    if (opts.tenantId !== undefined && key.tenantId !== opts.tenantId) return 'NOT_FOUND';
    if (opts.channelId && key.channelId !== opts.channelId) return 'NOT_FOUND';
    if (opts.kinds && !opts.kinds.includes(key.kind)) return 'NOT_FOUND';
    if (key.revokedAt) return 'REVOKED';
    if (!key.active || !entry.ownerActive || !entry.principal) return 'INACTIVE';
    if (key.expiresAt && key.expiresAt.getTime() <= now) return 'EXPIRED';
    return undefined;
  }

  /**
   * What is wrong with a REST credential, by client id (NOT_FOUND, REVOKED, INACTIVE, EXPIRED), or
   * undefined when it is live; nothing counted, recorded or rate-limited. For an expired access
   * token: the check order puts the credential's own state before the token's expiry.
   */
  async clientFailure(clientId: string, options: Partial<VerifyOptions> = {}): Promise<FailureCode | undefined> {
    const entry = await this.clientEntry(clientId);
    return this.lifecycleFailure(entry, { kinds: REST_ONLY, ...options }, Date.now());
  }

  private check(entry: CacheEntry, ip: string, opts: Partial<VerifyOptions>, request: RequestMeta, now: number): Promise<VerifyResult> | VerifyResult {
    const failure = this.lifecycleFailure(entry, opts, now);
    const key = entry.key;
    if (!key || failure === 'NOT_FOUND') return this.count({ valid: false, code: 'NOT_FOUND' });
    const recordUse = opts.recordUse !== false;
    if (entry.previousUntil !== undefined && recordUse) this.recordGraceUse(key.id);
    if (failure === 'REVOKED' && recordUse) this.usedAfterRevoke(key, request);
    // usage analytics: DENIED (revoked, inactive, expired, address not allowed), RATE_LIMITED or VALID
    const usage = recordUse ? this.usage : undefined;
    if (failure) {
      usage?.record(key.id, key.tenantId, 'DENIED', now);
      return this.count({ valid: false, code: failure, key });
    }
    if (opts.checkIp !== false && !entry.ip!.allows(ip)) {
      usage?.record(key.id, key.tenantId, 'DENIED', now);
      return this.count({ valid: false, code: 'IP_NOT_ALLOWED', key });
    }
    const principal = entry.principal!; // a live key has one (lifecycleFailure: INACTIVE without)
    return this.rateLimit(key, opts.consume !== false).then((ratelimit) => {
      if (ratelimit.retryAfter !== undefined) {
        this.rateLimitRejections?.inc();
        usage?.record(key.id, key.tenantId, 'RATE_LIMITED', now);
        return this.count({ valid: false, code: 'RATE_LIMITED', key, ratelimit });
      }
      usage?.record(key.id, key.tenantId, 'VALID', now);
      if (recordUse) this.recordUse(key.id, now, ip);
      return this.count({ valid: true, code: 'VALID', key, principal: principal.withRequest(request), ratelimit, usedPreviousSecret: entry.previousUntil !== undefined });
    });
  }

  /** Counts a result in `keyward_key_verifications_total` (access tokens refused before their credential is checked, too). */
  count<T extends VerifyResult>(result: T): T {
    if (this.metrics) {
      let counter = this.codeCounters.get(result.code);
      if (!counter) this.codeCounters.set(result.code, (counter = batchedCounter(this.metrics.keyVerifications, { code: result.code })));
      counter.inc();
    }
    return result;
  }

  /** The per-minute limit of a key: its own, else its tenant's default, else KEYWARD_DEFAULT_RATE_LIMIT_PER_MINUTE. */
  limitOf(key: Pick<VerifiedKey, 'rateLimitPerMinute' | 'tenantRateLimitPerMinute'>): number {
    return key.rateLimitPerMinute ?? key.tenantRateLimitPerMinute ?? this.deps.config.defaultRateLimitPerMinute;
  }

  private limiter(points: number): RateLimiterAbstract {
    let limiter = this.limiters.get(points);
    if (!limiter) {
      limiter = this.deps.limiters.create({ keyPrefix: `api-key:${points}`, points, durationSeconds: 60 });
      this.limiters.set(points, limiter);
    }
    return limiter;
  }

  /** Takes a point (or, with consume false, reads the state) of the key's per-minute limit. */
  private rateLimit(key: VerifiedKey, consume: boolean): Promise<RateLimitState> {
    const limit = this.limitOf(key);
    const limiter = this.limiter(limit);
    if (!consume) {
      return limiter.get(key.id).then((res) => ({ limit, remaining: res ? Math.max(0, limit - res.consumedPoints) : limit, reset: res ? Math.ceil(res.msBeforeNext / 1000) : 60 }));
    }
    return limiter.consume(key.id).then(
      (res) => ({ limit, remaining: res.remainingPoints, reset: Math.max(0, Math.ceil(res.msBeforeNext / 1000)) }),
      (error: unknown) => {
        if (!(error instanceof RateLimiterRes)) throw error;
        const reset = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
        return { limit, remaining: 0, reset, retryAfter: reset };
      },
    );
  }

  // ---- cache ----------------------------------------------------------------------------------

  /** A fresh cache entry (counted as a hit), or undefined (counted as a miss). */
  private cached(cacheKey: string, now: number): CacheEntry | undefined {
    const cached = this.cache.get(cacheKey);
    if (cached && cached.expires > now) {
      this.cacheHits?.inc();
      return cached;
    }
    this.cacheMisses?.inc();
    if (cached) this.cache.delete(cacheKey);
    return undefined;
  }

  /**
   * Loads an entry and caches it unless its key was invalidated meanwhile. Concurrent misses for one
   * key share the load; a caller that joined it loads afresh when the loaded key was invalidated
   * after the load started (the caller may have come after that invalidation, e.g. after a revoke,
   * and the load may have read the state before it). Invalidations of other keys do not matter:
   * under steady key management, refusing every join would turn one miss into a load per request.
   */
  private load(cacheKey: string, load: () => Promise<CacheEntry>): Promise<CacheEntry> {
    const joined = this.inflight.get(cacheKey);
    if (joined) return joined.then(({ loaded, invalidated }) => (invalidated ? this.load(cacheKey, load) : loaded));
    const epoch = this.epoch;
    const result = load()
      .then((loaded) => {
        const invalidated = this.droppedSince(loaded, epoch);
        if (this.ttlMs > 0 && !this.closed && !invalidated) this.store(cacheKey, loaded);
        return { loaded, invalidated };
      })
      .finally(() => {
        if (this.inflight.get(cacheKey) === result) this.inflight.delete(cacheKey);
      });
    this.inflight.set(cacheKey, result);
    return result.then(({ loaded }) => loaded);
  }

  private store(cacheKey: string, entry: CacheEntry): void {
    if (!entry.key) return; // unknown secrets are not cached: a key created a moment ago works at once
    entry.expires = Date.now() + this.cacheTtlMs;
    this.cache.set(cacheKey, entry);
    let keys = this.cacheKeysById.get(entry.key.id);
    if (!keys) this.cacheKeysById.set(entry.key.id, (keys = new Set()));
    keys.add(cacheKey);
    if (this.cache.size > 100_000) this.sweep();
  }

  private sweep(): void {
    const now = Date.now();
    for (const [cacheKey, entry] of this.cache) {
      if (entry.expires <= now) {
        this.cache.delete(cacheKey);
        if (entry.key) this.cacheKeysById.get(entry.key.id)?.delete(cacheKey);
      }
    }
  }

  private droppedSince(entry: CacheEntry, epoch: number): boolean {
    return this.allDroppedAt > epoch || (entry.key !== null && (this.droppedAt.get(entry.key.id) ?? 0) > epoch);
  }

  private drop(keyId: string): void {
    this.epoch++;
    this.lastDropAt = Date.now();
    for (const cacheKey of this.cacheKeysById.get(keyId) ?? []) this.cache.delete(cacheKey);
    this.cacheKeysById.delete(keyId);
    if (this.inflight.size === 0) {
      this.droppedAt.clear(); // no load can be affected
    } else if (this.droppedAt.size >= 10_000) {
      // bounded memory: every load in flight now goes uncached (what is cached stays)
      this.allDroppedAt = this.epoch;
      this.droppedAt.clear();
    } else {
      this.droppedAt.set(keyId, this.epoch);
    }
  }

  private dropAll(): void {
    this.allDroppedAt = ++this.epoch;
    this.lastDropAt = Date.now();
    this.droppedAt.clear();
    this.cache.clear();
    this.cacheKeysById.clear();
  }

  private publish(message: string): void {
    if (!this.redis) return;
    this.redis.publish(INVALIDATION_CHANNEL, message).catch((error: Error) => {
      // Redis is down (logged once by watchRedis): other instances that are cut off too use the
      // short TTL; any still subscribed are told with '*' once this instance reaches Redis again
      this.missedPublish = true;
      this.deps.log.debug({ reason: error.message }, 'could not publish key invalidation');
    });
  }

  /**
   * Cache misses read from a replica (DATABASE_REPLICA_URLS) except shortly after an invalidation
   * (a replica may not have the change yet: the key would be cached as it was); a secret a replica
   * does not know is looked up on the primary too (the key may have been created a moment ago).
   */
  private async fromReplica(load: (em: EntityManager) => Promise<CacheEntry>): Promise<CacheEntry> {
    const dataSource = this.deps.dataSource;
    if (!hasReplicas(dataSource) || Date.now() - this.lastDropAt < REPLICA_LAG_ALLOWANCE_MS) return load(dataSource.manager);
    const entry = await onReplica(dataSource, load);
    return entry.key ? entry : load(dataSource.manager);
  }

  private async loadByHash(em: EntityManager, hash: string): Promise<CacheEntry> {
    // two single-index lookups (the current secret first: the common case costs one)
    const repo = em.getRepository(ApiKey);
    const current = await repo.findOne({ where: { secretHash: hash } });
    if (current) return this.build(em, current, undefined);
    const previous = await repo.findOne({ where: { previousSecretHash: hash } });
    if (!previous) return { key: null, ip: null, previousUntil: undefined, principal: null, ownerActive: false, expires: 0 };
    return this.build(em, previous, previous.previousSecretExpiresAt);
  }

  private async loadByClientId(em: EntityManager, clientId: string): Promise<CacheEntry> {
    const row = await em.getRepository(ApiKey).findOneBy({ clientId });
    if (!row) return { key: null, ip: null, previousUntil: undefined, principal: null, ownerActive: false, expires: 0 };
    return this.build(em, row, undefined);
  }

  private async build(em: EntityManager, row: ApiKey, previousUntil: Date | null | undefined): Promise<CacheEntry> {
    const key: VerifiedKey = {
      id: row.id,
      tenantId: row.tenantId,
      kind: row.kind,
      name: row.name,
      prefix: row.prefix,
      clientId: row.clientId,
      channelId: row.channelId,
      ownerId: row.ownerId,
      authorizationGroupId: row.authorizationGroupId,
      active: row.active,
      revokedAt: row.revokedAt,
      expiresAt: row.expiresAt,
      rateLimitPerMinute: row.rateLimitPerMinute,
      tenantRateLimitPerMinute: null,
      ipAllowlist: row.ipAllowlist ?? [],
      rotatedAt: row.rotatedAt,
    };
    const entry: CacheEntry = { key, ip: compileIpAllowlist(key.ipAllowlist), previousUntil, principal: null, ownerActive: true, expires: 0 };
    if (row.revokedAt || !row.active) return entry;
    if (row.rateLimitPerMinute === null) {
      const tenant = await em.findOne(Tenant, { where: { id: row.tenantId }, select: { id: true, defaultRateLimitPerMinute: true } });
      key.tenantRateLimitPerMinute = tenant?.defaultRateLimitPerMinute ?? null;
    }
    if (row.kind === 'PERSONAL') {
      const owner = row.ownerId ? await em.findOneBy(User, { id: row.ownerId, tenantId: row.tenantId }) : null;
      if (!owner || !owner.active) {
        entry.ownerActive = false;
        return entry;
      }
      const grants = await GrantService.effectiveForUser(em, row.tenantId, owner.id);
      entry.principal = new Principal({ type: 'USER', tenantId: row.tenantId, userId: owner.id, apiKeyId: row.id, grants, superUser: owner.superUser, label: `${owner.email} (personal key ${row.prefix})` });
      return entry;
    }
    const grants = await GrantService.effectiveForKey(em, row.tenantId, row.id, row.authorizationGroupId);
    entry.principal = new Principal({
      type: row.kind === 'REST' ? 'REST_CLIENT' : 'API_KEY',
      tenantId: row.tenantId,
      apiKeyId: row.id,
      channelId: row.channelId,
      userId: null,
      grants,
      label: `key ${row.name}`,
    });
    return entry;
  }

  // ---- side effects ---------------------------------------------------------------------------

  /** Remembers the latest use per key; written by the next flush (reuses the record: no allocation per request). */
  private recordUse(keyId: string, now: number, ip: string): void {
    const pending = this.pendingUse.get(keyId);
    if (pending) {
      if (pending.at.getTime() !== now) pending.at = new Date(now);
      pending.ip = ip;
    } else {
      this.pendingUse.set(keyId, { at: new Date(now), ip });
    }
  }

  private recordGraceUse(keyId: string): void {
    const pending = this.pendingGrace.get(keyId);
    if (pending) {
      pending.count++;
      pending.at = new Date();
    } else {
      this.pendingGrace.set(keyId, { count: 1, at: new Date() });
    }
  }

  /** `api_key.used_after_revoke`, at most once a minute per key and instance. */
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
          data: { id: key.id, name: key.name, kind: key.kind, prefix: key.prefix, status: 'REVOKED', channelId: key.channelId, revokedAt: key.revokedAt?.toISOString() ?? null, ip: request.ip },
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

  private async doFlush(): Promise<void> {
    if (this.pendingUse.size === 0 && this.pendingGrace.size === 0) return;
    if (!this.deps.dataSource.isInitialized) return;
    const uses = this.pendingUse;
    const graces = this.pendingGrace;
    this.pendingUse = new Map();
    this.pendingGrace = new Map();
    // one transaction per flush (on SQLite it queues behind other writers instead of joining them)
    await this.deps.tx
      .run((em) => this.write(em, uses, graces))
      .then(() => {
        if (this.flushFailing) this.deps.log.info('key usage (lastUsedAt, grace use count) written again');
        this.flushFailing = false;
      })
      .catch((error: Error) => {
        for (const [id, use] of uses) if (!this.pendingUse.has(id)) this.pendingUse.set(id, use);
        for (const [id, grace] of graces) {
          const again = this.pendingGrace.get(id);
          if (again) again.count += grace.count;
          else this.pendingGrace.set(id, grace);
        }
        // kept for the next flush (every second); logged once per outage, not once per flush
        if (!this.flushFailing) this.deps.log.warn({ reason: error.message }, 'could not write key usage (lastUsedAt, grace use count); will retry');
        this.flushFailing = true;
      });
  }

  private async write(em: EntityManager, uses: Map<string, { at: Date; ip: string }>, graces: Map<string, { count: number; at: Date }>): Promise<void> {
    const repo = em.getRepository(ApiKey);
    for (const [id, use] of uses) {
      await repo
        .createQueryBuilder()
        .update(ApiKey)
        .set({ lastUsedAt: use.at, lastUsedIp: use.ip.slice(0, 45) })
        .where('id = :id', { id })
        .andWhere('(lastUsedAt IS NULL OR lastUsedAt < :at)', { at: use.at })
        .callListeners(false)
        .updateEntity(false)
        .execute();
    }
    for (const [id, grace] of graces) {
      await repo
        .createQueryBuilder()
        .update(ApiKey)
        .set({ previousSecretUseCount: () => `previousSecretUseCount + ${Math.trunc(grace.count)}`, previousSecretLastUsedAt: grace.at })
        .where('id = :id', { id })
        .callListeners(false)
        .updateEntity(false)
        .execute();
    }
  }
}

const scopeCache = new WeakMap<GrantSet, string>();

/** The scope string of a grant set: `order_data:editor product_data:viewer` (memoised per set; sets are not changed after a principal is built). */
export function scopeOf(grants: GrantSet): string {
  let scope = scopeCache.get(grants);
  if (scope === undefined) {
    scope = grants
      .toArray()
      .map((g) => `${g.roleKey.toLowerCase()}:${g.level.toLowerCase()}`)
      .join(' ');
    scopeCache.set(grants, scope);
  }
  return scope;
}
