import { hash } from 'node:crypto';
import type { Principal } from '../core/principal';
import { CLOCK_TOLERANCE_SECONDS } from '../credentials/signing-keys';
import { SESSION_MESSAGE, type CacheInvalidation, type InvalidationListener } from './cache-invalidation';
import { SharedLoads } from './shared-loads';

const USER_MESSAGE = `${SESSION_MESSAGE}user:`;
const TENANT_MESSAGE = `${SESSION_MESSAGE}tenant:`;

/** At most this many sessions are cached (least recently used out first): ~1 kB each. */
export const SESSION_CACHE_MAX_ENTRIES = 10_000;

/** The drops remembered for loads in flight: a load that began before the oldest is not stored. */
const RECENT_DROPS = 256;

/** A drop: of one user's sessions, of one tenant's, or (neither) of all. */
interface Drop {
  epoch: number;
  userId?: string;
  tenantId?: string;
}

function concerns(drop: Drop, principal: Principal): boolean {
  if (drop.userId !== undefined) return drop.userId === principal.userId;
  return drop.tenantId === undefined || drop.tenantId === principal.tenantId;
}

/** What a session load found: the principal, and the token's `exp` (s) and signing key when it may be cached. */
export interface LoadedSession {
  principal: Principal;
  exp?: number;
  kid?: string;
}

/**
 * A verified session: its principal (no request), the token's `exp` (s) and signing key, until when it is cached (ms).
 */
export interface CachedSession {
  principal: Principal;
  exp: number;
  kid: string;
  expires: number;
}

/**
 * Verified session tokens (by SHA-256), each with its user's principal, so a session request needs
 * no signature check and no database read. Only tokens whose signature verified and whose user was
 * found active at the token's session epoch are stored (made-up tokens never are), at most
 * `maxEntries`. Entries live as long as verified keys (the shared CacheInvalidation: its TTL, and
 * the short one while cut off from Redis); a user's or a tenant's entries are dropped at once here
 * and, through Redis, on every other instance. `exp` and the signing key are checked on every hit.
 */
export class SessionCache implements InvalidationListener {
  private readonly entries = new Map<string, CachedSession>();
  /** Bumped by every drop: a load begun before one that concerns it is not stored (it may have read the old state). */
  private epoch = 0;
  /** The drops while loads were in flight, oldest first (at most RECENT_DROPS). */
  private readonly drops: Drop[] = [];
  private readonly loads = new SharedLoads<LoadedSession>(() => this.epoch);

  constructor(
    private readonly invalidation: CacheInvalidation,
    private readonly maxEntries = SESSION_CACHE_MAX_ENTRIES,
  ) {
    invalidation.listen(this);
  }

  /** The cache key of a token (the token itself is not kept). */
  static keyOf(token: string): string {
    return hash('sha256', token, 'base64url');
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * The entry for `cacheKey` while it may be used: cached within the TTL, the token not expired (as
   * the signature check would judge it) and its signing key not retired; otherwise dropped.
   */
  get(cacheKey: string, now: number, keyVerifies: (kid: string) => boolean): CachedSession | undefined {
    const entry = this.entries.get(cacheKey);
    if (!entry) return undefined;
    this.entries.delete(cacheKey);
    if (
      entry.expires <= now ||
      entry.exp <= Math.floor(now / 1000) - CLOCK_TOLERANCE_SECONDS ||
      !keyVerifies(entry.kid)
    )
      return undefined;
    this.entries.set(cacheKey, entry); // most recently used last
    return entry;
  }

  /**
   * Loads a session and caches it unless a drop that concerns it came after the load began. Concurrent
   * misses for one token share the load (SharedLoads: a caller that joined loads afresh after such a drop).
   */
  async load(cacheKey: string, load: () => Promise<LoadedSession>): Promise<Principal> {
    const loaded = await this.loads.load(cacheKey, load, (session, since) => {
      const invalidated = this.droppedSince(since, session.principal);
      if (!invalidated) this.store(cacheKey, session);
      return invalidated;
    });
    return loaded.principal;
  }

  private store(cacheKey: string, { principal, exp, kid }: LoadedSession): void {
    if (exp === undefined || kid === undefined || this.invalidation.ttlMs <= 0 || !this.invalidation.open) return;
    this.entries.delete(cacheKey);
    this.entries.set(cacheKey, { principal, exp, kid, expires: Date.now() + this.invalidation.effectiveTtlMs });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  /** The channel message that drops a user's sessions (for processes without a cache: the CLI). */
  static userMessage(userId: string): string {
    return USER_MESSAGE + userId;
  }

  /** Drops a user's sessions here and on every other instance (deactivated, signed out, grants or groups changed). */
  invalidateUser(userId: string): void {
    this.dropUser(userId);
    this.invalidation.publish(USER_MESSAGE + userId);
  }

  /** Drops a tenant's sessions here and everywhere (a group's grants, a role definition, the tenant changed). */
  invalidateTenant(tenantId: string): void {
    this.dropTenant(tenantId);
    this.invalidation.publish(TENANT_MESSAGE + tenantId);
  }

  received(message: string): void {
    if (message.startsWith(USER_MESSAGE)) this.dropUser(message.slice(USER_MESSAGE.length));
    else if (message.startsWith(TENANT_MESSAGE)) this.dropTenant(message.slice(TENANT_MESSAGE.length));
  }

  dropAll(): void {
    this.dropped({});
    this.entries.clear();
  }

  capExpiry(until: number): void {
    for (const entry of this.entries.values()) if (entry.expires > until) entry.expires = until;
  }

  private dropUser(userId: string): void {
    this.dropped({ userId });
    for (const [key, entry] of this.entries) if (entry.principal.userId === userId) this.entries.delete(key);
  }

  private dropTenant(tenantId: string): void {
    this.dropped({ tenantId });
    for (const [key, entry] of this.entries) if (entry.principal.tenantId === tenantId) this.entries.delete(key);
  }

  private dropped(drop: Omit<Drop, 'epoch'>): void {
    this.epoch++;
    if (this.loads.idle)
      this.drops.length = 0; // no load can be affected
    else if (this.drops.push({ ...drop, epoch: this.epoch }) > RECENT_DROPS) this.drops.shift();
  }

  /** Whether a drop since `since` concerns `principal` (or may have: it began before the drops remembered). */
  private droppedSince(since: number, principal: Principal): boolean {
    if (since === this.epoch) return false;
    if (this.drops.length === 0 || this.drops[0].epoch > since + 1) return true;
    return this.drops.some((drop) => drop.epoch > since && concerns(drop, principal));
  }
}
