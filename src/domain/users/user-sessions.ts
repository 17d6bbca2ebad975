import type { EntityManager } from 'typeorm';
import type { Principal } from '../../core/principal';
import type { User } from '../../db/entities/user.entity';
import type { DomainEvents, FieldChange } from '../shared/domain-events';
import { userView } from './user-view';

/** Moves the user's session epoch on: every session token issued before stops working. */
export function revokeSessions(user: User, changes: Record<string, FieldChange>): void {
  user.sessionEpoch += 1;
  changes.sessions = { before: null, after: 'revoked' };
}

/** Ends the user's sessions, saves it with `changes` and emits `action` (sign out everywhere, own password). */
export async function saveEndingSessions(
  events: DomainEvents,
  em: EntityManager,
  principal: Principal,
  user: User,
  action: string,
  changes: Record<string, FieldChange> = {},
): Promise<User> {
  revokeSessions(user, changes);
  await em.save(user.stampUpdated(principal.actor()));
  await events.emit(em, principal, {
    action,
    tenantId: principal.tenant,
    targetType: 'User',
    targetId: user.id,
    changes,
    data: userView(user),
  });
  return user;
}
