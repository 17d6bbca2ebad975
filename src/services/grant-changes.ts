import type { EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
import { RoleDefinition } from '../entities/role-definition.entity';
import { RoleGrant, type GrantSubjectType } from '../entities/role-grant.entity';
import { forbidden } from '../errors';
import type { GrantRow } from './grant.service';

/** A subject's direct grants as `{ roleKey, level }`, sorted by key (events, comparisons). */
export async function currentGrants(em: EntityManager, tenantId: string, subjectType: GrantSubjectType, subjectId: string): Promise<GrantRow[]> {
  const rows: GrantRow[] = await em
    .createQueryBuilder(RoleGrant, 'g')
    .innerJoin(RoleDefinition, 'r', 'r.id = g.roleDefinitionId')
    .select(['r.key AS roleKey', 'g.level AS level'])
    .where('g.tenantId = :tenantId AND g.subjectType = :subjectType AND g.subjectId = :subjectId', { tenantId, subjectType, subjectId })
    .getRawMany();
  return sortGrants(rows);
}

export function sortGrants(grants: GrantRow[]): GrantRow[] {
  return grants.map((g) => ({ roleKey: g.roleKey, level: g.level })).sort((a, b) => a.roleKey.localeCompare(b.roleKey));
}

/**
 * The other half of "no escalation": taking away or lowering a grant is also a change to that area,
 * so the principal must hold the grant being removed (new grants are checked by resolveGrantInput).
 */
export function assertMayRemoveGrants(principal: Principal, before: GrantRow[], after: GrantRow[]): void {
  const next = new Map(after.map((g) => [g.roleKey, g.level]));
  for (const grant of before) {
    if (next.get(grant.roleKey) === grant.level) continue;
    if (!principal.mayAssign(grant.roleKey, grant.level)) {
      throw forbidden(`You cannot remove or lower ${grant.roleKey} at level ${grant.level}: you do not hold it yourself`);
    }
  }
}
