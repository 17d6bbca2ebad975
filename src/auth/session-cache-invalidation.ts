import type { DomainEventSink } from '../domain/shared/domain-events';
import type { TransactionRunner } from '../db/transaction-runner';
import type { SessionCache } from './session-cache';

/**
 * Changes to one user that a cached session principal holds or must fail on: deactivation, new
 * password, "sign out everywhere" (the session epoch), email (its label), super-user flag, groups
 * and grants.
 */
const USER_CHANGES: ReadonlySet<string> = new Set(['user.updated', 'user.grants_updated', 'user.sessions_revoked']);
/**
 * Changes to what a tenant's users hold through it: a group's grants, a deleted group or role definition, the tenant.
 */
const TENANT_CHANGES: ReadonlySet<string> = new Set([
  'authorization_group.updated',
  'authorization_group.deleted',
  'role_definition.deleted',
  'tenant.updated',
]);

/**
 * Drops cached sessions once a change to them has committed, here and (through Redis) on every
 * other instance: the user's for changes to a user, the tenant's for changes to its groups, role
 * definitions or itself. A group's creation changes nobody (members join through user.updated).
 */
export function sessionCacheInvalidation(tx: TransactionRunner, sessions: SessionCache): DomainEventSink {
  return {
    async write(em, _principal, event) {
      const userId = event.targetType === 'User' ? event.targetId : null;
      if (USER_CHANGES.has(event.action) && userId) tx.afterCommit(em, () => sessions.invalidateUser(userId));
      else if (TENANT_CHANGES.has(event.action)) tx.afterCommit(em, () => sessions.invalidateTenant(event.tenantId));
    },
  };
}
