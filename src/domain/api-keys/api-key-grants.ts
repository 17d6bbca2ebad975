import type { EntityManager } from 'typeorm';
import type { ApiKey } from '../../db/entities/api-key.entity';
import { badInput, notFound } from '../../core/errors';
import type { Principal } from '../../core/principal';
import { AuthorizationGroup } from '../../db/entities/authorization-group.entity';
import { assertMayChangeGrants, sortGrants } from '../roles/grant-changes';
import { type GrantRow, grantsOf, replaceGrants, resolveGrantInput } from '../roles/grants';
import type { FieldChange } from '../shared/domain-events';

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
  const groupGrants = async (id: string | null) => (id ? sortGrants(await grantsOf(em, 'GROUP', [id])) : []);
  assertMayChangeGrants(
    principal,
    await groupGrants(fromId),
    await groupGrants(toId),
    ' through the authorization group',
  );
  return group;
}

export async function inlineGrants(em: EntityManager, keyId: string): Promise<GrantRow[]> {
  const rows = await grantsOf(em, 'API_KEY', [keyId]);
  return rows.map(({ roleKey, level }) => ({ roleKey, level })).sort((a, b) => a.roleKey.localeCompare(b.roleKey));
}

/**
 * Replaces a REST credential's own grants (GraphQL keys keep theirs from creation, personal keys act
 * with their owner's); returns the change, or null when the grants stay the same.
 */
export async function replaceKeyGrants(
  em: EntityManager,
  principal: Principal,
  key: ApiKey,
  grants: GrantRow[],
  field: string,
): Promise<FieldChange | null> {
  if (key.kind === 'GRAPHQL')
    throw badInput(field, 'The grants of a GraphQL key cannot be changed after creation; create a new key instead');
  if (key.kind === 'PERSONAL')
    throw badInput(field, "Personal keys act with their owner's grants; they take no grants of their own");
  const beforeGrants = await inlineGrants(em, key.id);
  const resolved = await resolveGrantInput(em, principal, grants, field, beforeGrants);
  const afterGrants = resolved
    .map(({ roleKey, level }) => ({ roleKey, level }))
    .sort((a, b) => a.roleKey.localeCompare(b.roleKey));
  if (JSON.stringify(beforeGrants) === JSON.stringify(afterGrants)) return null;
  await replaceGrants(em, key.tenantId, 'API_KEY', key.id, resolved, principal.actor());
  return { before: beforeGrants, after: afterGrants };
}
