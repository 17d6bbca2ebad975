import DataLoader from 'dataloader';
import { In, type DataSource, type ObjectLiteral, type EntityTarget } from 'typeorm';
import type { Principal } from '../auth/principal';
import { ApiKey } from '../entities/api-key.entity';
import { AuthorizationGroup } from '../entities/authorization-group.entity';
import type { ActorType } from '../entities/columns';
import { RoleDefinition } from '../entities/role-definition.entity';
import { RoleGrant, type GrantSubjectType } from '../entities/role-grant.entity';
import { createApiKeyLoaders } from './api-key-loaders';
import { Tenant } from '../entities/tenant.entity';
import { UserGroup } from '../entities/user-group.entity';
import { User } from '../entities/user.entity';

/** Batches `id IN (…)` lookups, restricted to the principal's tenant where the entity has one. */
function byId<T extends ObjectLiteral & { id: string }>(dataSource: DataSource, entity: EntityTarget<T>, tenantId: string | null, scoped = true) {
  return new DataLoader<string, T | null>(async (ids) => {
    const where: Record<string, unknown> = { id: In([...ids]) };
    if (scoped) where.tenantId = tenantId ?? '';
    const rows = await dataSource.getRepository(entity).find({ where: where as never });
    const map = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => map.get(id) ?? null);
  });
}

/** Direct grants of one kind of subject (users, groups or keys), with their role definition, one query per batch. */
function grantsOf(dataSource: DataSource, tenantId: string | null, subjectType: GrantSubjectType) {
  return new DataLoader<string, RoleGrant[]>(async (subjectIds) => {
    const rows = await dataSource.getRepository(RoleGrant).find({
      where: { tenantId: tenantId ?? '', subjectType, subjectId: In([...subjectIds]) },
      relations: { roleDefinition: true },
    });
    const map = new Map<string, RoleGrant[]>();
    for (const row of rows) map.set(row.subjectId, [...(map.get(row.subjectId) ?? []), row]);
    return subjectIds.map((id) => (map.get(id) ?? []).sort((a, b) => a.roleDefinition!.key.localeCompare(b.roleDefinition!.key)));
  });
}

/** Per-request DataLoaders; never shared between requests or principals. */
export function createLoaders(dataSource: DataSource, principal: Principal) {
  const tenantId = principal.tenantId;
  const user = byId(dataSource, User, tenantId);
  const apiKey = byId(dataSource, ApiKey, tenantId);
  const authorizationGroup = byId(dataSource, AuthorizationGroup, tenantId);
  return {
    ...createApiKeyLoaders(dataSource, principal),
    user,
    apiKey,
    authorizationGroup,
    roleDefinition: byId(dataSource, RoleDefinition, tenantId),
    tenant: new DataLoader<string, Tenant | null>(async (ids) => {
      // a principal sees only its own tenant (super users list others through tenant queries)
      const allowed = ids.filter((id) => id === principal.tenantId || principal.superUser);
      const rows = allowed.length ? await dataSource.getRepository(Tenant).findBy({ id: In(allowed) }) : [];
      const map = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => map.get(id) ?? null);
    }),
    userGrants: grantsOf(dataSource, tenantId, 'USER'),
    groupGrants: grantsOf(dataSource, tenantId, 'GROUP'),
    apiKeyGrants: grantsOf(dataSource, tenantId, 'API_KEY'),
    /** The groups a user belongs to (memberships in one query, groups through the group loader). */
    userGroups: new DataLoader<string, AuthorizationGroup[]>(async (userIds) => {
      const rows = await dataSource.getRepository(UserGroup).find({ where: { tenantId: tenantId ?? '', userId: In([...userIds]) } });
      const groups = await authorizationGroup.loadMany([...new Set(rows.map((row) => row.groupId))]);
      const byGroupId = new Map(groups.filter((g): g is AuthorizationGroup => g instanceof AuthorizationGroup).map((g) => [g.id, g]));
      return userIds.map((userId) =>
        rows
          .filter((row) => row.userId === userId)
          .map((row) => byGroupId.get(row.groupId))
          .filter((g): g is AuthorizationGroup => Boolean(g))
          .sort((a, b) => a.name.localeCompare(b.name)),
      );
    }),
    /** Unrevoked GraphQL keys and REST credentials per tenant: what counts against apiKeyLimit (ApiKeyService.countLimited). */
    apiKeyUsage: new DataLoader<string, number>(async (tenantIds) => {
      const allowed = tenantIds.filter((id) => id === principal.tenantId || principal.superUser);
      const rows: Array<{ tenantId: string; used: string | number }> = allowed.length
        ? await dataSource
            .getRepository(ApiKey)
            .createQueryBuilder('k')
            .select('k.tenantId', 'tenantId')
            .addSelect('COUNT(*)', 'used')
            .where('k.tenantId IN (:...allowed)', { allowed })
            .andWhere('k.kind IN (:...kinds)', { kinds: ['GRAPHQL', 'REST'] })
            .andWhere('k.revokedAt IS NULL')
            .groupBy('k.tenantId')
            .getRawMany()
        : [];
      const map = new Map(rows.map((row) => [row.tenantId, Number(row.used)]));
      return tenantIds.map((id) => map.get(id) ?? 0);
    }),
    /** The user or API key behind an audit field; null for the platform (SYSTEM) or a deleted actor. */
    actor(type: ActorType | null, id: string | null): Promise<User | ApiKey | null> {
      if (!id) return Promise.resolve(null);
      if (type === 'USER') return user.load(id);
      if (type === 'API_KEY') return apiKey.load(id);
      return Promise.resolve(null);
    },
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
export { byId };
