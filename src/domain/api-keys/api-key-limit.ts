import type { EntityManager } from 'typeorm';
import { limitExceeded, notFound } from '../../core/errors';
import type { ApiKey, ApiKeyKind } from '../../db/entities/api-key.entity';
import { Tenant } from '../../db/entities/tenant.entity';
import { runStatement } from '../../db/entity-rows';

// The tenant's apiKeyLimit (docs/design.md §5): GraphQL keys and REST credentials that are not revoked
// count; tenant_key_count.limitedKeyCount holds how many there are. Every write that adds a key to that set
// or takes one out changes the counter in its own transaction, through this file.

/** The kinds that count against apiKeyLimit (PERSONAL keys have their own rule: one active per user). */
export const LIMITED_KINDS: readonly ApiKeyKind[] = ['GRAPHQL', 'REST'];

/** Whether the key is one that TenantKeyCount counts. */
export function countsAgainstLimit(key: Pick<ApiKey, 'kind' | 'revokedAt'>): boolean {
  return LIMITED_KINDS.includes(key.kind) && !key.revokedAt;
}

/**
 * Takes one place under the tenant's limit for a new key, or fails with LIMIT_EXCEEDED. One conditional
 * UPDATE: it locks the tenant's counter row until COMMIT (InnoDB; SQLite has one writer), so concurrent
 * creates on any number of instances each see the others' increments, and the limit holds without a
 * COUNT. Called after the key's INSERTs (see TenantKeyCount), so the row is held only to COMMIT.
 */
export async function takeLimitedKeyPlace(em: EntityManager, tenantId: string): Promise<void> {
  const result = await runStatement(
    em,
    'UPDATE `tenant_key_count` SET `limitedKeyCount` = `limitedKeyCount` + 1 WHERE `tenantId` = ? AND ' +
      '`limitedKeyCount` < (SELECT `apiKeyLimit` FROM `tenant` WHERE `id` = ?)',
    [tenantId, tenantId],
  );
  if (result.affected === 1) return;
  // refused: read the tenant only to say why
  const tenant = await em.findOne(Tenant, { where: { id: tenantId } });
  if (!tenant) throw notFound('Tenant');
  throw limitExceeded(
    `The tenant may hold at most ${tenant.apiKeyLimit} GraphQL keys and REST credentials; delete or revoke one first`,
  );
}

/**
 * Adds `delta` to the tenant's count without checking the limit: negative for keys revoked or deleted
 * (as this transaction found them: the caller's write must have been the one that changed them).
 */
export async function changeLimitedKeyCount(em: EntityManager, tenantId: string, delta: number): Promise<void> {
  if (delta === 0) return;
  if (!Number.isInteger(delta)) throw new Error(`limitedKeyCount delta ${delta} is not a whole number`);
  await runStatement(
    em,
    'UPDATE `tenant_key_count` SET `limitedKeyCount` = `limitedKeyCount` + ? WHERE `tenantId` = ?',
    [delta, tenantId],
  );
}
