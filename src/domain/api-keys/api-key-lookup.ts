import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import type { Principal } from '../../core/principal';
import { notFound } from '../../core/errors';
import { ApiKey } from '../../db/entities/api-key.entity';
import { findRow } from '../../db/entity-rows';
import { channelScope } from '../channels/channel-scope';

// Finding the keys a caller may act on: its tenant's (its channel's, when channel-bound), or its own PERSONAL keys.

/** A query over the caller's keys: tenant filter always, channel filter for channel-bound callers. */
export function scopedKeyQuery(em: EntityManager, principal: Principal): SelectQueryBuilder<ApiKey> {
  return channelScope.where(
    em.createQueryBuilder(ApiKey, 'k').where('k.tenantId = :tenantId', { tenantId: principal.tenant }),
    principal,
    'k.channelId',
  );
}

/** One of the caller's keys, or NOT_FOUND on `field`. */
export async function findKeyInTenant(
  em: EntityManager,
  principal: Principal,
  id: string,
  field: string,
): Promise<ApiKey> {
  const key = await findRow(em, ApiKey, { id, tenantId: principal.tenant, ...channelScope.match(principal) });
  if (!key) throw notFound('API key', field);
  return key;
}

/** One of the caller's own PERSONAL keys; anyone else's answers NOT_FOUND. */
export async function findOwnSecretKey(em: EntityManager, principal: Principal, id: string): Promise<ApiKey> {
  const key = principal.userId
    ? await findRow(em, ApiKey, { id, tenantId: principal.tenant, kind: 'PERSONAL', ownerId: principal.userId })
    : null;
  if (!key) throw notFound('API key', 'id');
  return key;
}
