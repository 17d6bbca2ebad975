import { isIPv6 } from 'node:net';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Metrics } from '../observability/metrics';
import type { RateLimiterFactory } from '../redis/rate-limiter-factory';

/** How long an address stays throttled once over the limit. */
export const FAILED_AUTH_BLOCK_SECONDS = 60;

const IPV4_MAPPED = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/**
 * The client an address stands for: an IPv4 address as is; an IPv6 address by its /64 (one
 * subscriber's network, in which any host can pick any address), e.g. `2001:db8:1:2::/64`.
 */
export function clientNetwork(ip: string): string {
  const mapped = IPV4_MAPPED.exec(ip);
  if (mapped) return mapped[1]!;
  if (!isIPv6(ip)) return ip;
  const address = ip.split('%')[0]!.toLowerCase();
  const [head, tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  // `::` stands for as many zero groups as are missing; an embedded IPv4 tail is in the low 64 bits
  const groups = address.includes('::')
    ? [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/**
 * Throttles addresses that keep presenting credentials that do not exist (made-up or mistyped keys,
 * forged access or session tokens, wrong client secrets): after `limitPerMinute` such failures within a minute, every
 * request from that address that carries a credential is refused with RATE_LIMITED for
 * FAILED_AUTH_BLOCK_SECONDS, before any lookup. Failures are counted in the limiter store (Redis when
 * REDIS_URL is set: failures on every instance add up); the block is also remembered in process,
 * so a request pays one Map lookup, and only while some address is blocked. limitPerMinute 0: off.
 */
export class FailedAuthThrottle {
  private readonly blockedUntil = new Map<string, number>();
  private readonly limiter: RateLimiterAbstract | undefined;
  constructor(
    limiters: RateLimiterFactory,
    readonly limitPerMinute: number,
    private readonly metrics?: Metrics,
    blockSeconds = FAILED_AUTH_BLOCK_SECONDS,
  ) {
    this.limiter =
      limitPerMinute > 0
        ? limiters.create({
            keyPrefix: 'auth-failures',
            points: limitPerMinute,
            durationSeconds: 60,
            blockDurationSeconds: blockSeconds,
          })
        : undefined;
  }

  /** Seconds until a throttled address may authenticate again (a refusal, counted); undefined when it may now. */
  retryAfter(ip: string, now = Date.now()): number | undefined {
    if (this.blockedUntil.size === 0) return undefined;
    const network = clientNetwork(ip);
    const until = this.blockedUntil.get(network);
    if (until === undefined) return undefined;
    if (until > now) {
      this.metrics?.failedAuthThrottled.inc();
      return Math.ceil((until - now) / 1000);
    }
    this.blockedUntil.delete(network);
    return undefined;
  }

  /**
   * Counts a credential that does not exist, presented from `ip`. Resolves to the seconds the address
   * is now throttled for when this failure was one too many, else undefined.
   */
  async recordFailure(ip: string): Promise<number | undefined> {
    if (!this.limiter) return undefined;
    const network = clientNetwork(ip);
    try {
      await this.limiter.consume(network);
      return undefined;
    } catch (error) {
      // the store failing (Redis down with no insurance answer) must not turn a 401 into a 500
      if (!(error instanceof RateLimiterRes)) return undefined;
      const ms = Math.max(1000, error.msBeforeNext);
      this.blockedUntil.set(network, Date.now() + ms);
      if (this.blockedUntil.size > 10_000) this.sweep();
      this.metrics?.failedAuthThrottled.inc();
      return Math.ceil(ms / 1000);
    }
  }

  private sweep(): void {
    const now = Date.now();
    for (const [network, until] of this.blockedUntil) if (until <= now) this.blockedUntil.delete(network);
  }
}
