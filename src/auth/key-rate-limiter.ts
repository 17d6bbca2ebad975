import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RateLimiterFactory } from '../redis/rate-limiter-factory';
import type { RateLimitState, VerifiedKey } from './verify-result';

/** The per-key, per-minute limit (docs/design.md §6 RATE_LIMITED): one limiter per distinct limit. */
export class KeyRateLimiter {
  private readonly limiters = new Map<number, RateLimiterAbstract>();

  constructor(
    private readonly factory: RateLimiterFactory,
    private readonly defaultPerMinute: number,
  ) {}

  /** The per-minute limit of a key: its own, else its tenant's default, else KEYWARD_DEFAULT_RATE_LIMIT_PER_MINUTE. */
  limitOf(key: Pick<VerifiedKey, 'rateLimitPerMinute' | 'tenantRateLimitPerMinute'>): number {
    return key.rateLimitPerMinute ?? key.tenantRateLimitPerMinute ?? this.defaultPerMinute;
  }

  private limiter(points: number): RateLimiterAbstract {
    let limiter = this.limiters.get(points);
    if (!limiter) {
      limiter = this.factory.create({ keyPrefix: `api-key:${points}`, points, durationSeconds: 60 });
      this.limiters.set(points, limiter);
    }
    return limiter;
  }

  /** Takes a point (or, with consume false, reads the state) of the key's per-minute limit. */
  take(key: VerifiedKey, consume: boolean): Promise<RateLimitState> {
    const limit = this.limitOf(key);
    const limiter = this.limiter(limit);
    if (!consume) {
      return limiter.get(key.id).then((res) => ({
        limit,
        remaining: res ? Math.max(0, limit - res.consumedPoints) : limit,
        reset: res ? Math.ceil(res.msBeforeNext / 1000) : 60,
      }));
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
}
