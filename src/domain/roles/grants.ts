import type { EntityManager } from 'typeorm';
import { GrantSet } from '../../core/principal';
import { RoleGrant, type GrantSubjectType } from '../../db/entities/role-grant.entity';
import { RoleDefinition } from '../../db/entities/role-definition.entity';
import { findRows, insertRows } from '../../db/entity-rows';
import { ACCESS_LEVELS } from '../../core/access-level';
import type { Principal } from '../../core/principal';
import type { ActorRef } from '../../db/entities/columns';
import { badInput } from '../../core/errors';
import { assertMayChangeGrants, type GrantRow } from './grant-changes';
import { ROLE_KEY } from './role-key';

export type { GrantRow } from './grant-changes';

// The grant rules on the caller's EntityManager (its transaction): reads, effective grants (a subject's
// own ∪ its groups', docs/design.md §4), checked input and writes.

export interface ResolvedGrant extends GrantRow {
  roleDefinitionId: string;
}

/** Grants held directly by the given subjects, with their role keys, in one query. */
export async function grantsOf(
  em: EntityManager,
  subjectType: GrantSubjectType,
  subjectIds: string[],
): Promise<Array<GrantRow & { subjectId: string }>> {
  if (subjectIds.length === 0) return [];
  return em
    .createQueryBuilder(RoleGrant, 'g')
    .innerJoin(RoleDefinition, 'r', 'r.id = g.roleDefinitionId')
    .select(['g.subjectId AS subjectId', 'r.key AS roleKey', 'g.level AS level'])
    .where('g.subjectType = :subjectType', { subjectType })
    .andWhere('g.subjectId IN (:...subjectIds)', { subjectIds })
    .getRawMany();
}

/** A user's own grants ∪ the grants of its groups. */
export async function effectiveForUser(em: EntityManager, tenantId: string, userId: string): Promise<GrantSet> {
  // one statement, each half led by an index on the user's own rows (role_grant's subject index,
  // user_group's primary key): the cost follows this user's grants, not the tenant's or others'
  const rows: GrantRow[] = await em.query(
    `SELECT r.key AS roleKey, g.level AS level FROM role_grant g INNER JOIN role_definition r ON r.id = g.roleDefinitionId
      WHERE g.subjectType = 'USER' AND g.subjectId = ? AND g.tenantId = ?
     UNION ALL
     SELECT r.key AS roleKey, g.level AS level FROM user_group ug
      INNER JOIN role_grant g ON g.subjectType = 'GROUP' AND g.subjectId = ug.groupId
      INNER JOIN role_definition r ON r.id = g.roleDefinitionId
      WHERE ug.userId = ? AND g.tenantId = ?`,
    [userId, tenantId, userId, tenantId],
  );
  return new GrantSet(rows);
}

/** An API key's inline grants (subjectType API_KEY) ∪ the grants of its authorization group. */
export async function effectiveForKey(
  em: EntityManager,
  tenantId: string,
  keyId: string,
  authorizationGroupId: string | null,
): Promise<GrantSet> {
  const qb = em
    .createQueryBuilder(RoleGrant, 'g')
    .innerJoin(RoleDefinition, 'r', 'r.id = g.roleDefinitionId')
    .select(['r.key AS roleKey', 'g.level AS level'])
    .where('g.tenantId = :tenantId', { tenantId });
  if (authorizationGroupId) {
    qb.andWhere(
      "((g.subjectType = 'API_KEY' AND g.subjectId = :keyId) OR (g.subjectType = 'GROUP' AND g.subjectId = :groupId))",
      { keyId, groupId: authorizationGroupId },
    );
  } else {
    qb.andWhere("g.subjectType = 'API_KEY' AND g.subjectId = :keyId", { keyId });
  }
  return new GrantSet((await qb.getRawMany()) as GrantRow[]);
}

const unknownRole = (field: string, i: number, roleKey: string) =>
  badInput(`${field}[${i}].roleKey`, `Unknown role "${roleKey}"`);

/**
 * The checks grant input needs before any role is looked up: known access levels, no role twice, and
 * role keys of the form every role definition's key has (anything else names no role).
 */
function checkGrantShape(grants: GrantRow[], field: string): void {
  const seen = new Set<string>();
  grants.forEach((grant, i) => {
    if (typeof grant.roleKey !== 'string' || !ROLE_KEY.test(grant.roleKey)) throw unknownRole(field, i, grant.roleKey);
    if (!ACCESS_LEVELS.includes(grant.level))
      throw badInput(`${field}[${i}].level`, `Unknown access level "${grant.level}"`);
    if (seen.has(grant.roleKey)) throw badInput(`${field}[${i}].roleKey`, `Role "${grant.roleKey}" is listed twice`);
    seen.add(grant.roleKey);
  });
}

/** The tenant's role definitions; BAD_USER_INPUT naming the first grant whose role is not among them. */
async function knownRoles(em: EntityManager, tenantId: string, grants: GrantRow[], field: string) {
  const roles = await findRows(em, RoleDefinition, { tenantId });
  const keys = new Set(roles.map((role) => role.key));
  const i = grants.findIndex((grant) => !keys.has(grant.roleKey));
  if (i >= 0) throw unknownRole(field, i, grants[i].roleKey);
  return roles;
}

/**
 * Checks grant input that replaces a subject's `before` grants (`field` names the argument, e.g.
 * "input.grants"): every roleKey is a role definition of the principal's tenant, no role twice, and
 * no escalation for what is added and what is taken away (assertMayChangeGrants).
 */
export async function resolveGrantInput(
  em: EntityManager,
  principal: Principal,
  grants: GrantRow[],
  field: string,
  before: GrantRow[] = [],
): Promise<ResolvedGrant[]> {
  checkGrantShape(grants, field);
  if (grants.length === 0) {
    assertMayChangeGrants(principal, before, []);
    return [];
  }
  const roles = await knownRoles(em, principal.tenant, grants, field);
  const ids = new Map(roles.map((role) => [role.key, role.id]));
  const resolved = grants.map((grant) => ({ ...grant, roleDefinitionId: ids.get(grant.roleKey)! }));
  assertMayChangeGrants(principal, before, resolved);
  return resolved;
}

/**
 * The grants of a subject created in the caller's transaction, checked as resolveGrantInput checks
 * them (it has none before). One INSERT finds the role ids itself (no read first); a role the
 * tenant does not define fails the INSERT (NOT NULL, foreign key), and only then are the roles read
 * to name it. Returns the grants as `{ roleKey, level }`.
 */
export async function insertNewGrants(
  em: EntityManager,
  principal: Principal,
  subjectType: GrantSubjectType,
  subjectId: string,
  grants: GrantRow[],
  field: string,
): Promise<GrantRow[]> {
  checkGrantShape(grants, field);
  const tenantId = principal.tenant;
  const actor = principal.actor();
  const rows = grants.map((grant) =>
    em.create(RoleGrant, { tenantId, subjectType, subjectId, level: grant.level }).stampCreated(actor),
  );
  const roleKeys = new Map(rows.map((row, i) => [row, grants[i].roleKey]));
  try {
    await insertRows(em, RoleGrant, rows, {
      roleDefinitionId: {
        sql: '(SELECT `id` FROM `role_definition` WHERE `tenantId` = ? AND `key` = ?)',
        params: (row) => [tenantId, roleKeys.get(row)],
      },
    });
  } catch (error) {
    await knownRoles(em, tenantId, grants, field);
    throw error;
  }
  assertMayChangeGrants(principal, [], grants);
  return grants.map(({ roleKey, level }) => ({ roleKey, level }));
}

/** Replaces a subject's grants with `grants` in the caller's transaction. */
export async function replaceGrants(
  em: EntityManager,
  tenantId: string,
  subjectType: GrantSubjectType,
  subjectId: string,
  grants: ResolvedGrant[],
  actor: ActorRef,
): Promise<void> {
  await em.delete(RoleGrant, { tenantId, subjectType, subjectId });
  const rows = grants.map(({ roleDefinitionId, level }) =>
    em.create(RoleGrant, { tenantId, subjectType, subjectId, roleDefinitionId, level }).stampCreated(actor),
  );
  // one INSERT and no read-back (save() re-reads new rows on SQLite; every column is set here)
  await insertRows(em, RoleGrant, rows);
}
