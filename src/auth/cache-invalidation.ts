import type { FastifyBaseLogger } from 'fastify';
import { NO_REDIS_KEY_CACHE_TTL_MS } from '../redis/rate-limiter-factory';
import { subscriberOf, type RedisClient } from '../redis/redis-client';

/**
 * One channel for every credential cache; the name predates the session cache (instances of older versions share it).
 */
export const INVALIDATION_CHANNEL = 'keyward:api-key-invalidate';
/** Prefix of the session cache's messages; anything else but '*' is a key id (the key cache's). */
export const SESSION_MESSAGE = 'session:';

/** A cache told about invalidations by CacheInvalidation. */
export interface InvalidationListener {
  /**
   * A message from the channel ('*' excepted), this instance's own included; each cache ignores what is not its own.
   */
  received(message: string): void;
  /** Everything cached may be stale (a '*', or invalidations may have been missed while unsubscribed). */
  dropAll(): void;
  /** Invalidations from other instances may be missed from now on: nothing cached may live past `until`. */
  capExpiry(until: number): void;
}

/**
 * The invalidation channel the credential caches (verified keys, sessions) share: entries live for
 * `ttlMs`; an invalidation is published through Redis so every instance drops what it names. While
 * not subscribed (Redis down or not yet connected) invalidations from other instances cannot
 * arrive: entries then live at most NO_REDIS_KEY_CACHE_TTL_MS, and everything cached is dropped
 * once subscribed again; invalidations this instance could not publish are sent as one '*' when
 * Redis is back. Messages: a key id (the key cache), `session:…` (the session cache), '*' (all).
 */
export class CacheInvalidation {
  private readonly listeners: InvalidationListener[] = [];
  private readonly subscriber: RedisClient | undefined;
  private closed = false;
  /** Not subscribed to invalidations from other instances (Redis down or not yet connected). */
  private degraded = false;
  private ttl: number;
  /** An invalidation could not be published (Redis down): publish '*' once it is back. */
  private missedPublish = false;

  constructor(
    readonly ttlMs: number,
    private readonly redis: RedisClient | undefined,
    private readonly log: FastifyBaseLogger,
  ) {
    this.ttl = ttlMs;
    if (!this.redis) return;
    // Until subscribed (and whenever the subscription is lost) invalidations from other instances
    // may be missed: entries then live at most the no-Redis TTL, and all are dropped once
    // subscribed again. The outage itself is logged once, by watchRedis on the shared connection.
    this.subscriptionLost();
    this.subscriber = subscriberOf(this.redis);
    this.subscriber.on('error', (error) => log.debug({ reason: error.message }, 'redis subscriber error'));
    this.subscriber.on('close', () => this.subscriptionLost());
    this.subscriber.on('ready', () => void this.subscribe());
    this.subscriber.on('message', (_channel, message: string) => {
      if (message === '*') for (const listener of this.listeners) listener.dropAll();
      else for (const listener of this.listeners) listener.received(message);
    });
    // invalidations this instance could not publish during an outage: tell everyone once Redis is back
    this.redis.on('ready', () => {
      if (!this.missedPublish || this.closed) return;
      this.missedPublish = false;
      this.publish('*');
    });
  }

  /** Adds a cache (at its construction, before it caches anything). */
  listen(listener: InvalidationListener): void {
    this.listeners.push(listener);
  }

  /** The TTL right now: ttlMs, or at most the no-Redis TTL while invalidations may be missed. */
  get effectiveTtlMs(): number {
    return this.ttl;
  }

  /** False once closed: caches stop storing. */
  get open(): boolean {
    return !this.closed;
  }

  private subscriptionLost(): void {
    if (this.degraded || this.closed) return;
    this.degraded = true;
    this.ttl = Math.min(this.ttlMs, NO_REDIS_KEY_CACHE_TTL_MS);
    const cap = Date.now() + this.ttl;
    for (const listener of this.listeners) listener.capExpiry(cap);
  }

  /** (Re)subscribes; once confirmed, drops everything cached meanwhile and returns to the long TTL. */
  private subscribe(): Promise<boolean> {
    return this.subscriber!.subscribe(INVALIDATION_CHANNEL).then(
      () => {
        if (this.degraded && !this.closed) {
          this.degraded = false;
          this.ttl = this.ttlMs;
          for (const listener of this.listeners) listener.dropAll();
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
    if (!ok)
      this.log.warn(
        'redis not reachable yet; key invalidations from other instances arrive once it is (cache TTL bounds staleness meanwhile)',
      );
  }

  /** Tells other instances (the caller dropped its own entries already). */
  publish(message: string): void {
    if (!this.redis) return;
    this.redis.publish(INVALIDATION_CHANNEL, message).catch((error: Error) => {
      // Redis is down (logged once by watchRedis): other instances that are cut off too use the
      // short TTL; any still subscribed are told with '*' once this instance reaches Redis again
      this.missedPublish = true;
      this.log.debug({ reason: error.message }, 'could not publish key invalidation');
    });
  }

  /** Stops listening; caches stop storing. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.subscriber) this.subscriber.disconnect();
  }
}
