import { In, type EntityManager } from 'typeorm';
import type { Principal } from '../../core/principal';
import { conflict } from '../../core/errors';
import { hashSecret, secretDisplay } from '../../credentials/tokens';
import { ApiKey } from '../../db/entities/api-key.entity';
import { insertRows, updateRows } from '../../db/entity-rows';
import { RoleGrant } from '../../db/entities/role-grant.entity';
import { diffFields, type DomainEvents, type FieldChange } from '../shared/domain-events';
import { publicApiKeyView } from './api-key-view';
import { changeLimitedKeyCount, countsAgainstLimit } from './api-key-limit';

// Writes every kind of key shares: its event (audit and webhooks), revoke, delete, secret columns.
// Revoke and delete keep TenantKeyCount (api-key-limit.ts) in the same transaction.

/** Fields whose changes API key events and audit records carry. */
export const AUDITED_FIELDS = [
  'name',
  'description',
  'active',
  'expiresAt',
  'ipAllowlist',
  'rateLimitPerMinute',
  'channelId',
  'authorizationGroupId',
  'ownerId',
  'clientId',
  'prefix',
  'last4',
  'revokedAt',
  'revokedReason',
  'rotatedAt',
  'previousSecretExpiresAt',
  'leakedAt',
  'leakSource',
] as const;

export async function emitKeyEvent(
  events: DomainEvents,
  em: EntityManager,
  principal: Principal,
  action: string,
  key: ApiKey,
  changes: Record<string, FieldChange>,
): Promise<void> {
  await events.emit(em, principal, {
    action,
    tenantId: key.tenantId,
    targetType: 'ApiKey',
    targetId: key.id,
    changes,
    data: publicApiKeyView(key),
    channelId: key.channelId,
  });
}

export async function revokeKey(
  events: DomainEvents,
  em: EntityManager,
  principal: Principal,
  key: ApiKey,
  reason: string | null,
): Promise<ApiKey> {
  if (key.revokedAt) throw conflict('id', 'The key is already revoked');
  const before = { ...key, ipAllowlist: [...key.ipAllowlist] };
  const actor = principal.actor();
  key.revokedAt = new Date();
  // a revoked key is no longer active (and `active` filters agree with what the key reads)
  key.active = false;
  key.revokedByType = actor.type;
  key.revokedById = actor.id;
  key.revokedReason = reason;
  // The rotated-out secret stops too.
  key.previousSecretHash = null;
  key.previousSecretExpiresAt = null;
  key.stampUpdated(actor);
  // only while still unrevoked: a revoke that committed since `key` was read changed the count already
  if (!(await writeKeyChanges(em, before, key, { unrevoked: true })))
    throw conflict('id', 'The key is already revoked');
  await emitKeyEvent(events, em, principal, 'api_key.revoked', key, diffFields(before, key, [...AUDITED_FIELDS]));
  // last, so the counter's row is held only to COMMIT (with the audit head's move)
  if (countsAgainstLimit(before)) await changeLimitedKeyCount(events, em, key.tenantId, -1);
  return key;
}

/**
 * Deletes `keys` of the caller's tenant. They must be as they are now: read in this transaction with a
 * row lock (MySQL/MariaDB) where any of them may count against the limit, since the unrevoked ones
 * among them leave TenantKeyCount.
 */
export async function deleteKeys(
  events: DomainEvents,
  em: EntityManager,
  principal: Principal,
  keys: ApiKey[],
  fieldOf: (key: ApiKey) => string,
): Promise<string[]> {
  for (const key of keys) {
    if (key.kind === 'PERSONAL' && !key.revokedAt)
      throw conflict(fieldOf(key), `Personal key "${key.name}" must be revoked before it is deleted`);
  }
  const ids = keys.map((key) => key.id);
  const tenantId = principal.tenant;
  await em.delete(RoleGrant, { tenantId, subjectType: 'API_KEY', subjectId: In(ids) });
  await em.delete(ApiKey, { tenantId, id: In(ids) });
  const now = new Date();
  for (const key of keys) {
    await emitKeyEvent(
      events,
      em,
      principal,
      'api_key.deleted',
      key,
      diffFields(publicApiKeyView(key, now), {}, [...AUDITED_FIELDS, 'kind']),
    );
  }
  // last, so the counter's row is held only to COMMIT (with the audit head's move)
  await changeLimitedKeyCount(events, em, tenantId, -keys.filter(countsAgainstLimit).length);
  return ids;
}

/**
 * Writes a new key row in one INSERT (insertRows): `save()` first looks the id up, and on SQLite reads the row
 * back for its defaults, though every column is set here.
 */
export async function insertKey(em: EntityManager, key: ApiKey): Promise<void> {
  await insertRows(em, ApiKey, [key]);
}

/**
 * Writes the columns of `key` that differ from `before` (the row as read in this transaction) in one
 * UPDATE by id; `save()` would re-select the row it was just given to find them. With `unrevoked`, only
 * while the row is not revoked: false when it was (by a transaction that committed since the read).
 */
export async function writeKeyChanges(
  em: EntityManager,
  before: Partial<ApiKey>,
  key: ApiKey,
  only: { unrevoked?: boolean } = {},
): Promise<boolean> {
  const fields = em.connection.getMetadata(ApiKey).columns.map((column) => column.propertyName as keyof ApiKey);
  const changed = Object.keys(diffFields(before, key, fields));
  if (changed.length === 0) return true;
  const set = Object.fromEntries(changed.map((field) => [field, key[field as keyof ApiKey]])) as Partial<ApiKey>;
  const affected = await updateRows(em, ApiKey, set, only.unrevoked ? { id: key.id, revokedAt: null } : { id: key.id });
  return !only.unrevoked || affected === 1;
}

export function secretColumns(secret: string): Pick<ApiKey, 'secretHash' | 'prefix' | 'last4'> {
  return { secretHash: hashSecret(secret), ...secretDisplay(secret) };
}

export function clearLifecycle(key: ApiKey): void {
  Object.assign(key, {
    lastUsedAt: null,
    lastUsedIp: null,
    revokedAt: null,
    revokedByType: null,
    revokedById: null,
    revokedReason: null,
    rotatedAt: null,
    leakedAt: null,
    leakSource: null,
    previousSecretHash: null,
    previousSecretExpiresAt: null,
    previousSecretLastUsedAt: null,
    previousSecretUseCount: 0,
    expiringSoonNotifiedAt: null,
  });
}
