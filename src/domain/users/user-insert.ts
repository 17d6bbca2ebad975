import type { EntityManager } from 'typeorm';
import type { AccessLevel } from '../../core/access-level';
import type { Principal } from '../../core/principal';
import type { ActorRef } from '../../db/entities/columns';
import { RoleDefinition } from '../../db/entities/role-definition.entity';
import { RoleGrant } from '../../db/entities/role-grant.entity';
import { User } from '../../db/entities/user.entity';
import { hashPassword } from '../../crypto/password';
import { diffFields, type DomainEvents } from '../shared/domain-events';
import { normalizeEmail } from './user-input';
import { USER_FIELDS, userView } from './user-view';

// Inserting users: the row itself (createUser, once its checks pass) and tenant administrators
// (bootstrap, `keyward create-admin`) with OWNER on every area.

export interface InsertUserInput {
  tenantId: string;
  email: string;
  name: string;
  password: string;
  superUser?: boolean;
}

/** Inserts a user (password hashed with scrypt) inside the caller's transaction. */
export async function insertUser(em: EntityManager, input: InsertUserInput, actor: ActorRef): Promise<User> {
  const user = em
    .create(User, {
      tenantId: input.tenantId,
      email: normalizeEmail(input.email),
      name: input.name,
      passwordHash: await hashPassword(input.password),
      active: true,
      superUser: input.superUser ?? false,
      lastLoginAt: null,
    })
    .stampCreated(actor);
  return em.save(user);
}

/**
 * A tenant administrator (bootstrap, `keyward create-admin`): OWNER on every area of its tenant,
 * a platform super user only when `input.superUser`; emits `user.created` as `principal`.
 */
export async function insertAdmin(
  em: EntityManager,
  events: DomainEvents,
  principal: Principal,
  input: InsertUserInput,
): Promise<{ user: User; areas: number }> {
  const user = await insertUser(em, input, principal.actor());
  const areas = await grantAllAreas(em, input.tenantId, user.id, 'OWNER', principal.actor());
  await events.emit(em, principal, {
    action: 'user.created',
    tenantId: input.tenantId,
    targetType: 'User',
    targetId: user.id,
    changes: {
      ...diffFields({}, userView(user), USER_FIELDS),
      grants: { before: null, after: `OWNER on all ${areas} areas` },
    },
    data: userView(user),
  });
  return { user, areas };
}

/** Grants `level` on every role definition of the tenant (bootstrap admins); returns how many. */
async function grantAllAreas(
  em: EntityManager,
  tenantId: string,
  userId: string,
  level: AccessLevel,
  actor: ActorRef,
): Promise<number> {
  const roles = await em.find(RoleDefinition, { where: { tenantId } });
  await em.save(
    roles.map((role) =>
      em
        .create(RoleGrant, { tenantId, subjectType: 'USER', subjectId: userId, roleDefinitionId: role.id, level })
        .stampCreated(actor),
    ),
  );
  return roles.length;
}
