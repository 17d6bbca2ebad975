import type { EntityManager } from 'typeorm';
import { badInput, notFound } from '../../core/errors';
import type { Principal } from '../../core/principal';
import { AuthorizationGroup } from '../../db/entities/authorization-group.entity';
import { assertMayChangeGrants, sortGrants } from '../roles/grant-changes';
import { GrantService, type GrantRow } from '../roles/grant.service';

/**
 * Moves a key from group `fromId` to group `toId` (either may be null): the new one must be an
 * API_KEY group of the caller's tenant, and the grants the key gains or loses are checked by the
 * no-escalation rule. Returns the new group.
 */
export async function changeKeyGroup(
  em: EntityManager,
  principal: Principal,
  fromId: string | null,
  toId: string | null,
  field: string,
): Promise<AuthorizationGroup | null> {
  const group = toId ? await em.findOne(AuthorizationGroup, { where: { id: toId, tenantId: principal.tenant } }) : null;
  if (toId && !group) throw notFound('Authorization group', field);
  if (group && group.type !== 'API_KEY')
    throw badInput(
      field,
      `Authorization group "${group.name}" is of type ${group.type}; keys take only groups of type API_KEY`,
    );
  if (fromId === toId) return group;
  const grantsOf = async (id: string | null) => (id ? sortGrants(await GrantService.grantsOf(em, 'GROUP', [id])) : []);
  assertMayChangeGrants(principal, await grantsOf(fromId), await grantsOf(toId), ' through the authorization group');
  return group;
}

export async function inlineGrants(em: EntityManager, keyId: string): Promise<GrantRow[]> {
  const rows = await GrantService.grantsOf(em, 'API_KEY', [keyId]);
  return rows.map(({ roleKey, level }) => ({ roleKey, level })).sort((a, b) => a.roleKey.localeCompare(b.roleKey));
}
