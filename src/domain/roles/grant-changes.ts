import type { EntityManager } from 'typeorm';
import type { AccessLevel } from '../../core/access-level';
import type { Principal } from '../../core/principal';
import { RoleDefinition } from '../../db/entities/role-definition.entity';
import { RoleGrant, type GrantSubjectType } from '../../db/entities/role-grant.entity';
import { forbidden } from '../../core/errors';

export interface GrantRow {
  roleKey: string;
  level: AccessLevel;
}

/** A subject's direct grants as `{ roleKey, level }`, sorted by key (events, comparisons). */
export async function currentGrants(
  em: EntityManager,
  tenantId: string,
  subjectType: GrantSubjectType,
  subjectId: string,
): Promise<GrantRow[]> {
  const rows: GrantRow[] = await em
    .createQueryBuilder(RoleGrant, 'g')
    .innerJoin(RoleDefinition, 'r', 'r.id = g.roleDefinitionId')
    .select(['r.key AS roleKey', 'g.level AS level'])
    .where('g.tenantId = :tenantId AND g.subjectType = :subjectType AND g.subjectId = :subjectId', {
      tenantId,
      subjectType,
      subjectId,
    })
    .getRawMany();
  return sortGrants(rows);
}

export function sortGrants(grants: GrantRow[]): GrantRow[] {
  return grants.map((g) => ({ roleKey: g.roleKey, level: g.level })).sort((a, b) => a.roleKey.localeCompare(b.roleKey));
}

/** Every grant of `grants` the principal may hand out (Principal.mayAssign); FORBIDDEN naming the first it may not. */
export function assertMayAssign(principal: Principal, grants: GrantRow[], message: (grant: GrantRow) => string): void {
  for (const grant of grants) if (!principal.mayAssign(grant.roleKey, grant.level)) throw forbidden(message(grant));
}

/**
 * No escalation (docs/design.md §4), the one rule for keys, users and groups: a change from `before` to
 * `after` (a subject's grants, or the grants of a group it joins or leaves) may add, raise, lower or
 * remove only grants the principal may assign itself; grants that stay as they are need nothing.
 * `what` names the subject in the message, e.g. ` through group "Ops"`.
 */
export function assertMayChangeGrants(principal: Principal, before: GrantRow[], after: GrantRow[], what = ''): void {
  const was = new Map(before.map((g) => [g.roleKey, g.level]));
  const will = new Map(after.map((g) => [g.roleKey, g.level]));
  assertMayAssign(
    principal,
    after.filter((g) => was.get(g.roleKey) !== g.level),
    (g) => `You cannot grant ${g.roleKey} at level ${g.level}${what}: you do not hold it yourself`,
  );
  assertMayAssign(
    principal,
    before.filter((g) => will.get(g.roleKey) !== g.level),
    (g) => `You cannot remove or lower ${g.roleKey} at level ${g.level}${what}: you do not hold it yourself`,
  );
}
