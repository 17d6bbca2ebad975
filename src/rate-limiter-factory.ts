import type Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';

export interface LimiterOptions {
  keyPrefix: string;
  points: number;
  durationSeconds: number;
  blockDurationSeconds?: number;
}

/**
 * Builds rate limiters: in-process memory by default; Redis (shared by every instance) when
 * REDIS_URL is set, with an in-memory insurance limiter that takes over while Redis is down.
 */
export class RateLimiterFactory {
  /** The shared Redis connection (undefined without REDIS_URL); also used for cache-invalidation pub/sub. */
  constructor(readonly redis?: Redis) {}

  create(options: LimiterOptions): RateLimiterAbstract {
    const base = {
      keyPrefix: `kw:${options.keyPrefix}`,
      points: options.points,
      duration: options.durationSeconds,
      blockDuration: options.blockDurationSeconds ?? 0,
    };
    if (!this.redis) return new RateLimiterMemory(base);
    return new RateLimiterRedis({ ...base, storeClient: this.redis, insuranceLimiter: new RateLimiterMemory(base) });
  }
}
