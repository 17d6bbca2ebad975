import type { FastifyBaseLogger } from 'fastify';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RedisClient } from './redis-client';

export interface LimiterOptions {
  keyPrefix: string;
  points: number;
  durationSeconds: number;
  blockDurationSeconds?: number;
}

/**
 * Builds rate limiters: in-process memory by default; Redis (shared by every instance) when
 * REDIS_URL or REDIS_CLUSTER_NODES is set (a limiter's key lives in one slot, so a cluster counts it on one master),
 * with an in-memory insurance limiter that takes over while Redis is down.
 */
export class RateLimiterFactory {
  /**
   * The shared Redis connection (undefined without REDIS_URL/REDIS_CLUSTER_NODES); also used for cache-invalidation
   * pub/sub.
   */
  constructor(readonly redis?: RedisClient) {}

  create(options: LimiterOptions): RateLimiterAbstract {
    const base = {
      keyPrefix: `kw:${options.keyPrefix}`,
      points: options.points,
      duration: options.durationSeconds,
      blockDuration: options.blockDurationSeconds ?? 0,
    };
    if (!this.redis) return new RateLimiterMemory(base);
    // while the connection is not ready the insurance limiter answers at once (no command is tried)
    return new RateLimiterRedis({
      ...base,
      storeClient: this.redis,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory(base),
    });
  }
}

/** TTL of the verified-key cache without Redis (and with Redis while it is unreachable). */
export const NO_REDIS_KEY_CACHE_TTL_MS = 1000;

/**
 * Logs a Redis outage ONCE (warn, when the connection fails or closes) and its end once (info,
 * when it is ready again), instead of one line per failed reconnect or per request. While Redis is
 * down the rate limiters answer from their in-memory insurance limiter and the key cache falls back
 * to the short TTL (KeyVerifier); both resume with Redis by themselves (ioredis reconnects).
 */
export function watchRedis(redis: RedisClient, log: FastifyBaseLogger): { stop(): void } {
  let state: 'starting' | 'up' | 'down' = 'starting';
  let stopped = false;
  const down = (reason: string) => {
    if (stopped || state === 'down') return;
    state = 'down';
    log.warn(
      { reason },
      'redis unreachable: rate limits use the in-process limiter and cached keys expire within 1 s until it returns',
    );
  };
  redis.on('error', (error: Error) => {
    log.debug({ reason: error.message }, 'redis error');
    down(error.message || (error as { code?: string }).code || 'error');
  });
  redis.on('close', () => down('connection closed'));
  redis.on('ready', () => {
    if (state === 'down' && !stopped)
      log.info('redis reachable again: shared rate limits and key cache invalidation resumed');
    state = 'up';
  });
  return {
    stop() {
      stopped = true;
    },
  };
}
