import type { FastifyBaseLogger } from 'fastify';
import { batchedCounter, type Metrics } from '../observability/metrics';
import { NO_REDIS_KEY_CACHE_TTL_MS } from '../redis/rate-limiter-factory';
import { subscriberOf, type RedisClient } from '../redis/redis-client';
import type { CacheEntry } from './verify-result';

const INVALIDATION_CHANNEL = 'keyward:api-key-invalidate';

/**
 * Verified keys cached in-process for `ttlMs`, by secret hash or client id. `invalidate(keyId)`
 * drops a key at once on this instance and, with Redis, publishes the id so every other instance
 * drops it too. While Redis is unreachable invalidations from other instances cannot arrive:
 * entries then live at most NO_REDIS_KEY_CACHE_TTL_MS, and everything cached is dropped once
 * subscribed again; invalidations this instance could not publish are sent as one '*' when Redis
 * is back.
 */
export class KeyCache {
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
  /** When the last invalidation arrived (the loader reads from the primary for a while after it). */
  lastDropAt = 0;
  private readonly subscriber: RedisClient | undefined;
  // batched: the hot path does a plain addition, /metrics gets exact sums (observability/metrics.ts)
  private readonly hits: { inc(): void } | undefined;
  private readonly misses: { inc(): void } | undefined;
  private closed = false;
  /** Not subscribed to invalidations from other instances (Redis down or not yet connected). */
  private degraded = false;
  private cacheTtlMs: number;
  /** An invalidation could not be published (Redis down): publish '*' once it is back. */
  private missedPublish = false;

  constructor(
    readonly ttlMs: number,
    private readonly redis: RedisClient | undefined,
    private readonly log: FastifyBaseLogger,
    metrics?: Metrics,
  ) {
    this.cacheTtlMs = ttlMs;
    this.hits = metrics && batchedCounter(metrics.keyCacheLookups, { result: 'hit' });
    this.misses = metrics && batchedCounter(metrics.keyCacheLookups, { result: 'miss' });
    if (this.redis) {
      // Until subscribed (and whenever the subscription is lost) invalidations from other instances
      // may be missed: entries then live at most the no-Redis TTL, and all are dropped once
      // subscribed again. The outage itself is logged once, by watchRedis on the shared connection.
      this.subscriptionLost();
      this.subscriber = subscriberOf(this.redis);
      this.subscriber.on('error', (error) => log.debug({ reason: error.message }, 'redis subscriber error'));
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

  /** The TTL right now: ttlMs, or at most the no-Redis TTL while invalidations may be missed. */
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
      (error: Error) => (this.log.debug({ reason: error.message }, 'could not subscribe to key invalidations'), true),
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
    if (!ok) this.log.warn('redis not reachable yet; key invalidations from other instances arrive once it is (cache TTL bounds staleness meanwhile)');
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

  /** Stops caching and listening. */
  close(): void {
    this.closed = true;
    if (this.subscriber) this.subscriber.disconnect();
  }

  /** A fresh cache entry (counted as a hit), or undefined (counted as a miss). */
  cached(cacheKey: string, now: number): CacheEntry | undefined {
    const cached = this.cache.get(cacheKey);
    if (cached && cached.expires > now) {
      this.hits?.inc();
      return cached;
    }
    this.misses?.inc();
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
  load(cacheKey: string, load: () => Promise<CacheEntry>): Promise<CacheEntry> {
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
      this.log.debug({ reason: error.message }, 'could not publish key invalidation');
    });
  }
}
