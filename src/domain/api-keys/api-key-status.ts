import type { ApiKey } from '../../db/entities/api-key.entity';

export type ApiKeyStatus = 'ACTIVE' | 'INACTIVE' | 'EXPIRED' | 'REVOKED';
export type ExpirationState = 'NEVER' | 'VALID' | 'EXPIRING_SOON' | 'EXPIRED';

/** A key expiring within this window is EXPIRING_SOON (docs/design.md §5). */
export const EXPIRING_SOON_MS = 7 * 24 * 60 * 60 * 1000;

type StatusFields = Pick<ApiKey, 'active' | 'revokedAt' | 'expiresAt'>;

export function isExpired(key: Pick<ApiKey, 'expiresAt'>, now: Date = new Date()): boolean {
  return key.expiresAt !== null && key.expiresAt.getTime() <= now.getTime();
}

/** REVOKED > EXPIRED > INACTIVE > ACTIVE. */
export function apiKeyStatus(key: StatusFields, now: Date = new Date()): ApiKeyStatus {
  if (key.revokedAt) return 'REVOKED';
  if (isExpired(key, now)) return 'EXPIRED';
  return key.active ? 'ACTIVE' : 'INACTIVE';
}

export function expirationState(key: Pick<ApiKey, 'expiresAt'>, now: Date = new Date()): ExpirationState {
  if (key.expiresAt === null) return 'NEVER';
  const left = key.expiresAt.getTime() - now.getTime();
  if (left <= 0) return 'EXPIRED';
  return left <= EXPIRING_SOON_MS ? 'EXPIRING_SOON' : 'VALID';
}

/**
 * The same rules as SQL conditions over alias `k` (so list filters stay in the query and keyset
 * pagination stays correct). `:now` and `:soon` (now + 7 days) are bound by the caller.
 */
export const STATUS_SQL: Record<ApiKeyStatus, string> = {
  REVOKED: 'k.revokedAt IS NOT NULL',
  EXPIRED: 'k.revokedAt IS NULL AND k.expiresAt IS NOT NULL AND k.expiresAt <= :now',
  INACTIVE: 'k.revokedAt IS NULL AND (k.expiresAt IS NULL OR k.expiresAt > :now) AND k.active = :statusFalse',
  ACTIVE: 'k.revokedAt IS NULL AND (k.expiresAt IS NULL OR k.expiresAt > :now) AND k.active = :statusTrue',
};

export const EXPIRATION_SQL: Record<ExpirationState, string> = {
  NEVER: 'k.expiresAt IS NULL',
  EXPIRED: 'k.expiresAt IS NOT NULL AND k.expiresAt <= :now',
  EXPIRING_SOON: 'k.expiresAt > :now AND k.expiresAt <= :soon',
  VALID: 'k.expiresAt > :soon',
};
