import { channelScope } from '../domain/channels/channel-scope';
import type { CacheEntry, FailureCode, VerifyOptions } from './verify-result';

/**
 * The first failing check of the credential itself, in docs/design.md §6 order (lookup → REVOKED →
 * INACTIVE → EXPIRED), or undefined when it is live. Pure: nothing counted or recorded.
 */
export function lifecycleFailure(
  entry: CacheEntry,
  opts: Partial<VerifyOptions>,
  now: number,
): FailureCode | undefined {
  const key = entry.key;
  if (!key) return 'NOT_FOUND';
  if (entry.previousUntil !== undefined && (entry.previousUntil === null || entry.previousUntil.getTime() <= now))
    return 'NOT_FOUND';
  if (opts.tenantId !== undefined && key.tenantId !== opts.tenantId) return 'NOT_FOUND';
  if (!channelScope.allows({ channelId: opts.channelId ?? null }, key.channelId)) return 'NOT_FOUND';
  if (opts.kinds && !opts.kinds.includes(key.kind)) return 'NOT_FOUND';
  if (key.revokedAt) return 'REVOKED';
  if (!key.active || !entry.ownerActive || !entry.principal) return 'INACTIVE';
  if (key.expiresAt && key.expiresAt.getTime() <= now) return 'EXPIRED';
  return undefined;
}

/** The IP check after the lifecycle checks: the key's allow-list (skipped with checkIp false). */
export function ipFailure(entry: CacheEntry, ip: string, opts: Partial<VerifyOptions>): 'IP_NOT_ALLOWED' | undefined {
  return opts.checkIp !== false && !entry.ip!.allows(ip) ? 'IP_NOT_ALLOWED' : undefined;
}
