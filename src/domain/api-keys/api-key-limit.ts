import type { EntityManager } from 'typeorm';
import { limitExceeded, notFound } from '../../core/errors';
import type { ApiKey, ApiKeyKind } from '../../db/entities/api-key.entity';
import { Tenant } from '../../db/entities/tenant.entity';
import type { DomainEvents } from '../shared/domain-events';

// The tenant's apiKeyLimit (docs/design.md §5): GraphQL keys and REST credentials that are not revoked
// count; tenant_key_count.limitedKeyCount holds how many there are. Every write that adds a key to that set
// or takes one out changes the counter in its own transaction, through this file.

/** The kinds that count against apiKeyLimit (PERSONAL keys have their own rule: one active per user). */
export const LIMITED_KINDS: readonly ApiKeyKind[] = ['GRAPHQL', 'REST'];

/** Whether the key is one that TenantKeyCount counts. */
export function countsAgainstLimit(key: Pick<ApiKey, 'kind' | 'revokedAt'>): boolean {
  return LIMITED_KINDS.includes(key.kind) && !key.revokedAt;
}

/** The tenant's counter row, for a HeadRider. */
const COUNTER = { table: 'tenant_key_count', column: 'limitedKeyCount' } as const;

/**
 * Takes one place under the tenant's limit for a new key, or fails with LIMIT_EXCEEDED. One conditional
 * UPDATE: it locks the tenant's counter row until COMMIT (InnoDB; SQLite has one writer), so concurrent
 * creates on any number of instances each see the others' increments, and the limit holds without a
 * COUNT. Called after the key's INSERTs and its event, so the row is held only to COMMIT: on
 * MySQL/MariaDB the change rides on the audit head's move, the transaction's last statement.
 */
export function takeLimitedKeyPlace(events: DomainEvents, em: EntityManager, tenantId: string): Promise<void> {
  return events.changeWithHead(em, tenantId, {
    ...COUNTER,
    value: 'r.`limitedKeyCount` + 1',
    valueParams: [],
    where: 'r.`limitedKeyCount` < (SELECT `apiKeyLimit` FROM `tenant` WHERE `id` = ?)',
    whereParams: [tenantId],
    refused: async (em) => {
      // read the tenant only to say why
      const tenant = await em.findOne(Tenant, { where: { id: tenantId } });
      if (!tenant) throw notFound('Tenant');
      throw limitExceeded(
        `The tenant may hold at most ${tenant.apiKeyLimit} GraphQL keys and REST credentials; delete or revoke one first`,
      );
    },
  });
}

/**
 * Adds `delta` to the tenant's count without checking the limit: negative for keys revoked or deleted
 * (as this transaction found them: the caller's write must have been the one that changed them). Rides
 * on the audit head's move when the transaction has emitted an event of the tenant (see takeLimitedKeyPlace).
 */
export async function changeLimitedKeyCount(
  events: DomainEvents,
  em: EntityManager,
  tenantId: string,
  delta: number,
): Promise<void> {
  if (delta === 0) return;
  if (!Number.isInteger(delta)) throw new Error(`limitedKeyCount delta ${delta} is not a whole number`);
  await events.changeWithHead(em, tenantId, {
    ...COUNTER,
    value: 'r.`limitedKeyCount` + ?',
    valueParams: [delta],
    where: '',
    whereParams: [],
  });
}
