import type { ApiKeyKind } from '../db/entities/api-key.entity';
import type { IpMatcher } from '../credentials/ip-allowlist';
import type { GrantSet, Principal } from '../core/principal';

/** Result codes, in check order (docs/design.md §6): the first failure wins. */
export const VERIFY_CODES = [
  'VALID',
  'MALFORMED',
  'NOT_FOUND',
  'REVOKED',
  'INACTIVE',
  'EXPIRED',
  'IP_NOT_ALLOWED',
  'RATE_LIMITED',
] as const;
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
  | {
      valid: true;
      code: 'VALID';
      key: VerifiedKey;
      principal: Principal;
      ratelimit: RateLimitState;
      usedPreviousSecret: boolean;
    }
  | { valid: false; code: FailureCode; key?: VerifiedKey; ratelimit?: RateLimitState };

export interface VerifyOptions {
  /** The client's address (request.ip), checked against the key's allowlist. */
  ip: string;
  /** Only keys of this tenant exist for this call; others answer NOT_FOUND (default: any tenant). */
  tenantId?: string;
  /**
   * The caller's channel scope (docs/design.md §4): for a channel-bound caller only keys of its channel
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

/** A key as the verifier caches it, by secret hash or client id. */
export interface CacheEntry {
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

const scopeCache = new WeakMap<GrantSet, string>();

/**
 * The scope string of a grant set: `order_data:editor product_data:viewer` (memoised per set; sets are not changed
 * after a principal is built).
 */
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
