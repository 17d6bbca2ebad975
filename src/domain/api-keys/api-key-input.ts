import type { AccessLevel } from '../../core/access-level';
import { badInput } from '../../core/errors';
import { normalizeIpAllowlist } from '../../credentials/ip-allowlist';
import type { ApiKeyKind } from '../../db/entities/api-key.entity';
import type { PageArgs } from '../../db/pagination/connection';
import type { ApiKeyStatus, ExpirationState } from './api-key-status';

// The inputs of the API key operations and the checks of their fields (one place for each rule).

export interface GrantInput {
  roleKey: string;
  level: AccessLevel;
}

export interface KeyInputBase {
  name: string;
  description?: string | null;
  grants?: GrantInput[] | null;
  authorizationGroupId?: string | null;
  active?: boolean | null;
  expiresAt?: Date | null;
  ipAllowlist?: string[] | null;
  rateLimitPerMinute?: number | null;
}

export interface CreateGraphQLApiKeyInput extends KeyInputBase {
  channelId?: string | null;
}

export type CreateRestCredentialInput = KeyInputBase;

/** Omitted fields stay as they are. */
export interface UpdateApiKeyInput {
  name?: string | null;
  description?: string | null;
  active?: boolean | null;
  authorizationGroupId?: string | null;
  ipAllowlist?: string[] | null;
  rateLimitPerMinute?: number | null;
  grants?: GrantInput[] | null;
}

export interface DateRangeInput {
  from?: Date | null;
  to?: Date | null;
}

export interface ApiKeyFilter {
  kind?: ApiKeyKind | null;
  active?: boolean | null;
  status?: ApiKeyStatus[] | null;
  expirationState?: ExpirationState[] | null;
  channelId?: string | null;
  ownerId?: string | null;
  search?: string | null;
  createdAt?: DateRangeInput | null;
  updatedAt?: DateRangeInput | null;
  /** true: only keys reported leaked; false: only the others. */
  leaked?: boolean | null;
  /** No VALID use since then (lastUsedAt is the last VALID use), never-used keys included. */
  unusedSince?: Date | null;
}

export type ApiKeySortField =
  'NAME' | 'ACTIVE' | 'CREATED_AT' | 'UPDATED_AT' | 'LAST_USED_AT' | 'EXPIRES_AT' | 'USAGE_24H';

export interface ApiKeyListArgs extends PageArgs {
  filter?: ApiKeyFilter | null;
  orderBy?: { field: ApiKeySortField; direction: 'ASC' | 'DESC' } | null;
}

export interface RotateArgs {
  gracePeriodSeconds?: number | null;
  expiresAt?: Date | null;
}

export const NAME_MIN = 2;
export const REASON_MAX = 500;
export const MAX_GRACE_SECONDS = 7 * 24 * 60 * 60;
export const MAX_DELETE_IDS = 100;

export function checkExpiresAt(value: Date | null | undefined, field: string, now: Date): Date | null {
  if (value === null || value === undefined) return null;
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw badInput(field, 'expiresAt must be a date-time');
  if (value.getTime() <= now.getTime()) throw badInput(field, 'expiresAt must be in the future');
  return value;
}

export function checkIpAllowlist(value: string[] | null | undefined, field: string): string[] {
  if (value === null || value === undefined) return [];
  return normalizeIpAllowlist(value, (index, message) => {
    throw badInput(index === null ? field : `${field}[${index}]`, message);
  });
}
