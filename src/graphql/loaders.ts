import DataLoader from 'dataloader';
import { In, type DataSource, type ObjectLiteral, type EntityTarget } from 'typeorm';
import { GrantSet, type Principal } from '../core/principal';
import { ApiKey } from '../db/entities/api-key.entity';
import { AuthorizationGroup } from '../db/entities/authorization-group.entity';
import type { ActorType } from '../db/entities/columns';
import { RoleDefinition } from '../db/entities/role-definition.entity';
import { RoleGrant, type GrantSubjectType } from '../db/entities/role-grant.entity';
import { Channel } from '../db/entities/channel.entity';
import { LIMITED_KINDS } from '../domain/api-keys/api-key-limit';
import type { GrantRow } from '../domain/roles/grants';
import { Tenant } from '../db/entities/tenant.entity';
import { UserGroup } from '../db/entities/user-group.entity';
import { User } from '../db/entities/user.entity';
import type { UsagePoint, UsageRangeArgs, UsageService } from '../domain/usage/usage.service';

/** Batches `id IN (…)` lookups, restricted to the principal's tenant where the entity has one. */
function byId<T extends ObjectLiteral & { id: string }>(
  dataSource: DataSource,
  entity: EntityTarget<T>,
  tenantId: string | null,
  scoped = true,
) {
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
    return subjectIds.map((id) =>
      (map.get(id) ?? []).sort((a, b) => a.roleDefinition!.key.localeCompare(b.roleDefinition!.key)),
    );
  });
}

/**
 * Per-request DataLoaders; never shared between requests or principals. Each loader is built on
 * first use (a request that uses none, like `{ me { __typename } }`, builds none) and then kept for
 * the rest of the request, so batching and per-request caching work as before.
 */
export class RequestLoaders {
  private readonly tenantId: string | null;
  #user?: DataLoader<string, User | null>;
  #apiKey?: DataLoader<string, ApiKey | null>;
  #authorizationGroup?: DataLoader<string, AuthorizationGroup | null>;
  #roleDefinition?: DataLoader<string, RoleDefinition | null>;
  #tenant?: DataLoader<string, Tenant | null>;
  #userGrants?: DataLoader<string, RoleGrant[]>;
  #groupGrants?: DataLoader<string, RoleGrant[]>;
  #apiKeyGrants?: DataLoader<string, RoleGrant[]>;
  #userGroups?: DataLoader<string, AuthorizationGroup[]>;
  #apiKeyUsage?: DataLoader<string, number>;
  #channel?: DataLoader<string, Channel | null>;
  #usage24h?: DataLoader<ApiKey, number, string>;
  readonly #keyUsage = new Map<string, DataLoader<ApiKey, UsagePoint[], string>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly principal: Principal,
    private readonly usage?: UsageService,
  ) {
    this.tenantId = principal.tenantId;
  }

  get user() {
    return (this.#user ??= byId(this.dataSource, User, this.tenantId));
  }

  get apiKey() {
    return (this.#apiKey ??= byId(this.dataSource, ApiKey, this.tenantId));
  }

  get authorizationGroup() {
    return (this.#authorizationGroup ??= byId(this.dataSource, AuthorizationGroup, this.tenantId));
  }

  get roleDefinition() {
    return (this.#roleDefinition ??= byId(this.dataSource, RoleDefinition, this.tenantId));
  }

  get tenant() {
    return (this.#tenant ??= tenantLoader(this.dataSource, this.principal));
  }

  get userGrants() {
    return (this.#userGrants ??= grantsOf(this.dataSource, this.tenantId, 'USER'));
  }

  get groupGrants() {
    return (this.#groupGrants ??= grantsOf(this.dataSource, this.tenantId, 'GROUP'));
  }

  get apiKeyGrants() {
    return (this.#apiKeyGrants ??= grantsOf(this.dataSource, this.tenantId, 'API_KEY'));
  }

  /** The groups a user belongs to (memberships in one query, groups through the group loader). */
  get userGroups() {
    return (this.#userGroups ??= userGroupsLoader(this.dataSource, this.tenantId, this.authorizationGroup));
  }

  /**
   * Unrevoked GraphQL keys and REST credentials per tenant, counted from the rows: the set apiKeyLimit limits, whose
   * size TenantKeyCount keeps (api-key-limit.ts).
   */
  get apiKeyUsage() {
    return (this.#apiKeyUsage ??= apiKeyUsageLoader(this.dataSource, this.principal));
  }

  get channel() {
    return (this.#channel ??= byId(this.dataSource, Channel, this.tenantId));
  }

  /** A key's uses in the last 24 hours (ApiKey.usage24h): one query per list of keys. */
  get usage24h() {
    const usage = this.usageService();
    return (this.#usage24h ??= new DataLoader<ApiKey, number, string>((keys) => usage.usage24h(this.principal, keys), {
      cacheKeyFn: (key) => key.id,
    }));
  }

  /**
   * A key's usage points (ApiKey.usage) for one range: the keys of a list asking the same range share one query per
   * bucket segment.
   */
  keyUsage(args: UsageRangeArgs) {
    const usage = this.usageService();
    const range = `${args.from.getTime()}|${args.to.getTime()}|${args.granularity ?? ''}`;
    let loader = this.#keyUsage.get(range);
    if (!loader)
      this.#keyUsage.set(
        range,
        (loader = new DataLoader<ApiKey, UsagePoint[], string>((keys) => usage.keysUsage(this.principal, keys, args), {
          cacheKeyFn: (key) => key.id,
        })),
      );
    return loader;
  }

  private usageService(): UsageService {
    if (!this.usage) throw new Error('createLoaders was called without the usage service');
    return this.usage;
  }

  /** A user's effective grants: own ∪ its groups' (batched through the loaders above). */
  async userEffectiveGrants(userId: string): Promise<GrantRow[]> {
    const [own, groups] = await Promise.all([this.userGrants.load(userId), this.userGroups.load(userId)]);
    const viaGroups = await Promise.all(groups.map((group) => this.groupGrants.load(group.id)));
    return grantRowsOf(own, ...viaGroups);
  }

  /** A key's effective grants: inline ∪ its authorization group's. */
  async apiKeyEffectiveGrants(keyId: string, groupId: string | null): Promise<GrantRow[]> {
    const [inline, group] = await Promise.all([
      this.apiKeyGrants.load(keyId),
      groupId ? this.groupGrants.load(groupId) : [],
    ]);
    return grantRowsOf(inline, group);
  }

  /** The user or API key behind an audit field; null for the platform (SYSTEM) or a deleted actor. */
  actor(type: ActorType | null, id: string | null): Promise<User | ApiKey | null> {
    if (!id) return Promise.resolve(null);
    if (type === 'USER') return this.user.load(id);
    if (type === 'API_KEY') return this.apiKey.load(id);
    return Promise.resolve(null);
  }
}

function tenantLoader(dataSource: DataSource, principal: Principal) {
  return new DataLoader<string, Tenant | null>(async (ids) => {
    // a principal sees only its own tenant (super users list others through tenant queries)
    const allowed = ids.filter((id) => id === principal.tenantId || principal.superUser);
    const rows = allowed.length ? await dataSource.getRepository(Tenant).findBy({ id: In(allowed) }) : [];
    const map = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => map.get(id) ?? null);
  });
}

function userGroupsLoader(
  dataSource: DataSource,
  tenantId: string | null,
  authorizationGroup: DataLoader<string, AuthorizationGroup | null>,
) {
  return new DataLoader<string, AuthorizationGroup[]>(async (userIds) => {
    const rows = await dataSource
      .getRepository(UserGroup)
      .find({ where: { tenantId: tenantId ?? '', userId: In([...userIds]) } });
    const groups = await authorizationGroup.loadMany([...new Set(rows.map((row) => row.groupId))]);
    const byGroupId = new Map(
      groups.filter((g): g is AuthorizationGroup => g instanceof AuthorizationGroup).map((g) => [g.id, g]),
    );
    return userIds.map((userId) =>
      rows
        .filter((row) => row.userId === userId)
        .map((row) => byGroupId.get(row.groupId))
        .filter((g): g is AuthorizationGroup => Boolean(g))
        .sort((a, b) => a.name.localeCompare(b.name)),
    );
  });
}

function apiKeyUsageLoader(dataSource: DataSource, principal: Principal) {
  return new DataLoader<string, number>(async (tenantIds) => {
    const allowed = tenantIds.filter((id) => id === principal.tenantId || principal.superUser);
    const rows: Array<{ tenantId: string; used: string | number }> = allowed.length
      ? await dataSource
          .getRepository(ApiKey)
          .createQueryBuilder('k')
          .select('k.tenantId', 'tenantId')
          .addSelect('COUNT(*)', 'used')
          .where('k.tenantId IN (:...allowed)', { allowed })
          .andWhere('k.kind IN (:...kinds)', { kinds: [...LIMITED_KINDS] })
          .andWhere('k.revokedAt IS NULL')
          .groupBy('k.tenantId')
          .getRawMany()
      : [];
    const map = new Map(rows.map((row) => [row.tenantId, Number(row.used)]));
    return tenantIds.map((id) => map.get(id) ?? 0);
  });
}

/** Per-request DataLoaders (built lazily, see RequestLoaders). */
/** Grant rows → `{ roleKey, level }` with the highest level per role, sorted by role key. */
export function grantRowsOf(...lists: RoleGrant[][]): GrantRow[] {
  return new GrantSet(lists.flat().map((g) => ({ roleKey: g.roleDefinition!.key, level: g.level }))).toArray();
}

export function createLoaders(dataSource: DataSource, principal: Principal, usage?: UsageService): RequestLoaders {
  return new RequestLoaders(dataSource, principal, usage);
}

export type Loaders = RequestLoaders;
