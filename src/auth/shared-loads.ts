/**
 * Cache-miss loads shared by key: concurrent misses for one cache key wait on one load. `settle`
 * stores what was loaded unless the cache dropped it after the load began (`since`, the cache's
 * epoch then) and says whether it did; a caller that joined such a load loads afresh (it may have
 * come after the drop, and the load may have read the state before it). KeyCache and SessionCache.
 */
export class SharedLoads<T> {
  private readonly inflight = new Map<string, Promise<{ loaded: T; invalidated: boolean }>>();

  constructor(private readonly epoch: () => number) {}

  /** Whether no load is in flight (then no drop can concern one). */
  get idle(): boolean {
    return this.inflight.size === 0;
  }

  load(cacheKey: string, load: () => Promise<T>, settle: (loaded: T, since: number) => boolean): Promise<T> {
    const joined = this.inflight.get(cacheKey);
    if (joined)
      return joined.then(({ loaded, invalidated }) => (invalidated ? this.load(cacheKey, load, settle) : loaded));
    const since = this.epoch();
    const result = load()
      .then((loaded) => ({ loaded, invalidated: settle(loaded, since) }))
      .finally(() => {
        if (this.inflight.get(cacheKey) === result) this.inflight.delete(cacheKey);
      });
    this.inflight.set(cacheKey, result);
    return result.then(({ loaded }) => loaded);
  }
}
