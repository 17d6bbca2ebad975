import type { DomainEventSink } from '../domain/shared/domain-events';
import type { TransactionRunner } from '../db/transaction-runner';
import type { KeyVerifier } from './key-verifier';

/** Changes that alter the effective grants of cached keys (PERSONAL keys act with their owner's current grants). */
const GRANT_CHANGES = new Set([
  'user.updated',
  'user.grants_updated',
  'authorization_group.updated',
  'authorization_group.deleted',
  'role_definition.deleted',
]);

/**
 * Verified keys are cached with their grants and their tenant's default rate limit. When grants of
 * users or groups, or a tenant's default rate limit, change, every cached key is dropped once the
 * change has committed (here and, through Redis, on other instances), so a
 * demoted user's personal key is demoted at once. Changes to a key itself reach the cache through
 * ApiKeyService.onCredentialChanged.
 */
export function keyCacheInvalidation(tx: TransactionRunner, verifier: KeyVerifier): DomainEventSink {
  return {
    async write(em, _principal, event) {
      // a tenant's default rate limit is cached with its keys too
      const tenantLimit = event.action === 'tenant.updated' && event.changes?.defaultRateLimitPerMinute !== undefined;
      if (GRANT_CHANGES.has(event.action) || tenantLimit) tx.afterCommit(em, () => verifier.invalidateAll());
    },
  };
}
