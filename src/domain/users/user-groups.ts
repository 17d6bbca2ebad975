import { In, type EntityManager } from 'typeorm';
import type { Principal } from '../../core/principal';
import type { AuthorizationGroup } from '../../db/entities/authorization-group.entity';
import { UserGroup } from '../../db/entities/user-group.entity';
import { assertMayChangeGrants, currentGrants } from '../roles/grant-changes';
import { resolveGroupIds } from '../roles/resolve-group-ids';

// A user's group memberships: which groups it may join or leave, and the membership rows.

/** The ids of the user's groups, sorted. */
export async function userGroupIds(em: EntityManager, tenantId: string, userId: string): Promise<string[]> {
  return (await em.find(UserGroup, { where: { userId, tenantId } })).map((m) => m.groupId).sort();
}

/**
 * USER groups of the tenant; joining or leaving a group changes the user's effective grants, so
 * the principal must hold the grants of every group added or removed (no escalation).
 */
export async function resolveUserGroups(
  em: EntityManager,
  principal: Principal,
  ids: string[],
  currentIds: string[],
): Promise<AuthorizationGroup[]> {
  const groups = await resolveGroupIds(em, principal.tenant, ids, 'input.groupIds', 'USER');
  const next = new Set(groups.map((g) => g.id));
  for (const groupId of groups.map((g) => g.id).filter((id) => !currentIds.includes(id))) {
    assertMayChangeGrants(
      principal,
      [],
      await currentGrants(em, principal.tenant, 'GROUP', groupId),
      ' through a group membership',
    );
  }
  for (const groupId of currentIds.filter((id) => !next.has(id))) {
    assertMayChangeGrants(
      principal,
      await currentGrants(em, principal.tenant, 'GROUP', groupId),
      [],
      ' through a group membership',
    );
  }
  return groups;
}

/** Memberships from `beforeIds` to `afterIds`: the ones kept keep who added them and when. */
export async function replaceUserGroups(
  em: EntityManager,
  principal: Principal,
  userId: string,
  beforeIds: string[],
  afterIds: string[],
): Promise<void> {
  const tenantId = principal.tenant;
  const removed = beforeIds.filter((id) => !afterIds.includes(id));
  const added = afterIds.filter((id) => !beforeIds.includes(id));
  if (removed.length) await em.delete(UserGroup, { userId, tenantId, groupId: In(removed) });
  const now = new Date();
  if (added.length)
    await em.insert(
      UserGroup,
      added.map((groupId) =>
        em.create(UserGroup, { userId, groupId, tenantId, createdAt: now }).stampCreated(principal.actor()),
      ),
    );
}
