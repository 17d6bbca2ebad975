import { batchedCounter, type Metrics } from '../observability/metrics';
import { SESSION_MESSAGE, type CacheInvalidation, type InvalidationListener } from './cache-invalidation';
import { SharedLoads } from './shared-loads';
import type { CacheEntry } from './verify-result';

/**
 * Verified keys cached in-process for the invalidation channel's TTL, by secret hash or client id.
 * `invalidate(keyId)` drops a key at once on this instance and publishes the id so every other
 * instance drops it too (CacheInvalidation: Redis pub/sub, and the shorter TTL while cut off).
 */
export class KeyCache implements InvalidationListener {
  private readonly cache = new Map<string, CacheEntry>();
  /** key id → cache keys that hold it (hash and client-id entries). */
  private readonly cacheKeysById = new Map<string, Set<string>>();
  /**
   * Bumped by every invalidation. A load is not cached when its key, or every key, was dropped
   * after it started (`droppedAt`, `allDroppedAt`); loads of other keys are: under steady key
   * management a global rule would keep every cache miss a miss.
   */
  private epoch = 0;
  private readonly loads = new SharedLoads<CacheEntry>(() => this.epoch);
  private allDroppedAt = 0;
  /** key id → epoch of its last drop; only needed while a load that started earlier is in flight. */
  private readonly droppedAt = new Map<string, number>();
  /** When the last invalidation arrived (the loader reads from the primary for a while after it). */
  lastDropAt = 0;
  // batched: the hot path does a plain addition, /metrics gets exact sums (observability/metrics.ts)
  private readonly hits: { inc(): void } | undefined;
  private readonly misses: { inc(): void } | undefined;
  private closed = false;

  constructor(
    private readonly invalidation: CacheInvalidation,
    metrics?: Metrics,
  ) {
    this.hits = metrics && batchedCounter(metrics.keyCacheLookups, { result: 'hit' });
    this.misses = metrics && batchedCounter(metrics.keyCacheLookups, { result: 'miss' });
    invalidation.listen(this);
  }

  get ttlMs(): number {
    return this.invalidation.ttlMs;
  }

  /** The TTL right now: ttlMs, or at most the no-Redis TTL while invalidations may be missed. */
  get effectiveTtlMs(): number {
    return this.invalidation.effectiveTtlMs;
  }

  received(message: string): void {
    if (!message.startsWith(SESSION_MESSAGE)) this.drop(message);
  }

  capExpiry(until: number): void {
    for (const entry of this.cache.values()) if (entry.expires > until) entry.expires = until;
  }

  /** Drops a key from this instance's cache at once and tells other instances (Redis). */
  invalidate(keyId: string): void {
    this.drop(keyId);
    this.invalidation.publish(keyId);
  }

  /** Drops every cached key (and session) here and on other instances (e.g. after grant or group changes). */
  invalidateAll(): void {
    this.dropAll();
    this.invalidation.publish('*');
  }

  /** Stops caching. */
  close(): void {
    this.closed = true;
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
    return this.loads.load(cacheKey, load, (loaded, since) => {
      const invalidated = this.droppedSince(loaded, since);
      if (this.ttlMs > 0 && !this.closed && this.invalidation.open && !invalidated) this.store(cacheKey, loaded);
      return invalidated;
    });
  }

  private store(cacheKey: string, entry: CacheEntry): void {
    if (!entry.key) return; // unknown secrets are not cached: a key created a moment ago works at once
    entry.expires = Date.now() + this.invalidation.effectiveTtlMs;
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
    if (this.loads.idle) {
      this.droppedAt.clear(); // no load can be affected
    } else if (this.droppedAt.size >= 10_000) {
      // bounded memory: every load in flight now goes uncached (what is cached stays)
      this.allDroppedAt = this.epoch;
      this.droppedAt.clear();
    } else {
      this.droppedAt.set(keyId, this.epoch);
    }
  }

  dropAll(): void {
    this.allDroppedAt = ++this.epoch;
    this.lastDropAt = Date.now();
    this.droppedAt.clear();
    this.cache.clear();
    this.cacheKeysById.clear();
  }
}
