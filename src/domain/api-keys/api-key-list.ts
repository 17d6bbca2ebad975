import type { SelectQueryBuilder } from 'typeorm';
import { badInput } from '../../core/errors';
import type { ApiKey } from '../../db/entities/api-key.entity';
import { User } from '../../db/entities/user.entity';
import { paginate, type Connection, type SortKey } from '../../db/pagination/connection';
import { forceIndex } from '../../db/pagination/force-index';
import type { ApiKeyFilter, ApiKeyListArgs, ApiKeySortField } from './api-key-input';
import { EXPIRATION_SQL, EXPIRING_SOON_MS, STATUS_SQL } from './api-key-status';

export type ApiKeyConnectionModel = Connection<ApiKey>;

const SEARCH_MAX = 200;

/**
 * Sort keys; `index` is the (tenantId, key, id) index a keyset page reads on MariaDB (USAGE_24H: see
 * `usage24hSql`). Names sort case-insensitively on both dialects: MariaDB's column collation
 * (utf8mb4_unicode_ci) does it, SQLite needs NOCASE (ASCII letters only) in the ORDER BY and in the
 * cursor's comparisons alike.
 */
const SORT: Record<
  Exclude<ApiKeySortField, 'USAGE_24H'>,
  {
    expression: string;
    sqliteExpression?: string;
    property: string;
    type: SortKey['type'];
    nullable?: boolean;
    computed?: boolean;
    index?: string;
  }
> = {
  NAME: {
    expression: 'k.name',
    sqliteExpression: 'k.name COLLATE NOCASE',
    property: 'name',
    type: 'string',
    index: 'IDX_api_key_tenant_name',
  },
  ACTIVE: { expression: 'k.active', property: 'active', type: 'boolean', index: 'IDX_api_key_tenant_active' },
  CREATED_AT: { expression: 'k.createdAt', property: 'createdAt', type: 'date', index: 'IDX_api_key_tenant_created' },
  UPDATED_AT: { expression: 'k.updatedAt', property: 'updatedAt', type: 'date', index: 'IDX_api_key_tenant_updated' },
  LAST_USED_AT: { expression: 'k.lastUsedAt', property: 'lastUsedAt', type: 'date', nullable: true },
  EXPIRES_AT: { expression: 'k.expiresAt', property: 'expiresAt', type: 'date', nullable: true },
};

/** Escapes LIKE wildcards with `!` (the same ESCAPE clause works on SQLite and MariaDB). */
function likeContains(search: string): string {
  return `%${search.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

/**
 * How a list reads: the dialect (SQLite sorts names with NOCASE), whether it is the caller's own keys, the USAGE_24H
 * SQL.
 */
export interface ApiKeyListOptions {
  dialect: 'sqlite' | 'mysql';
  ownKeys?: boolean;
  usage24hSql?: () => { expression: string; parameters: Record<string, unknown> };
}

/** One page of keys of `qb` (alias `k`): filters as SQL, keyset pagination on the chosen order. */
export async function pageApiKeys(
  qb: SelectQueryBuilder<ApiKey>,
  args: ApiKeyListArgs,
  options: ApiKeyListOptions,
): Promise<ApiKeyConnectionModel> {
  const filter = args.filter ?? {};
  applyFilter(qb, filter);
  const order = args.orderBy ?? { field: 'CREATED_AT' as const, direction: 'DESC' as const };
  const key = order.field === 'USAGE_24H' ? usage24hSortKey(qb, options.usage24hSql) : SORT[order.field];
  if (!key) throw badInput('orderBy.field', `Unknown sort field "${order.field}"`);
  const { index, sqliteExpression, ...sortKey } = key;
  if (sqliteExpression && options.dialect === 'sqlite') sortKey.expression = sqliteExpression;
  const sort: SortKey[] = [
    { ...sortKey, direction: order.direction },
    { expression: 'k.id', property: 'id', type: 'string', direction: order.direction },
  ];
  // Selective filters (owner, channel: indexed foreign keys) are better served by their own index.
  const useSortIndex = index && !options.ownKeys && !filter.ownerId && !filter.channelId;
  return paginate(useSortIndex ? forceIndex(qb, index) : qb, args, sort);
}

/** The USAGE_24H sort key: computed per key by SQL (binds its parameters on the query). */
function usage24hSortKey(
  qb: SelectQueryBuilder<ApiKey>,
  usage24hSql: ApiKeyListOptions['usage24hSql'],
): (typeof SORT)[keyof typeof SORT] | undefined {
  if (!usage24hSql) return undefined;
  const { expression, parameters } = usage24hSql();
  qb.setParameters(parameters);
  return { expression, property: 'usage24h', type: 'number', computed: true };
}

/** Every filter is a SQL condition, so keyset pagination and totalCount stay exact. */
function applyFilter(qb: SelectQueryBuilder<ApiKey>, filter: ApiKeyFilter): void {
  const now = new Date();
  if (filter.kind) qb.andWhere('k.kind = :fKind', { fKind: filter.kind });
  if (filter.active !== null && filter.active !== undefined)
    qb.andWhere('k.active = :fActive', { fActive: filter.active });
  if (filter.channelId) qb.andWhere('k.channelId = :fChannel', { fChannel: filter.channelId });
  if (filter.ownerId) qb.andWhere('k.ownerId = :fOwner', { fOwner: filter.ownerId });
  if (filter.leaked === true) qb.andWhere('k.leakedAt IS NOT NULL');
  if (filter.leaked === false) qb.andWhere('k.leakedAt IS NULL');
  if (filter.status) {
    if (filter.status.length === 0) qb.andWhere('1 = 0');
    else
      qb.andWhere(`(${filter.status.map((s) => `(${STATUS_SQL[s]})`).join(' OR ')})`, {
        now,
        statusTrue: true,
        statusFalse: false,
      });
  }
  if (filter.expirationState) {
    if (filter.expirationState.length === 0) qb.andWhere('1 = 0');
    else
      qb.andWhere(`(${filter.expirationState.map((s) => `(${EXPIRATION_SQL[s]})`).join(' OR ')})`, {
        now,
        soon: new Date(now.getTime() + EXPIRING_SOON_MS),
      });
  }
  for (const [field, column] of [
    ['createdAt', 'k.createdAt'],
    ['updatedAt', 'k.updatedAt'],
  ] as const) {
    const range = filter[field];
    if (!range) continue;
    if (range.from && range.to && range.from.getTime() > range.to.getTime())
      throw badInput(`filter.${field}.from`, '"from" must not be after "to"');
    if (range.from) qb.andWhere(`${column} >= :${field}From`, { [`${field}From`]: range.from });
    if (range.to) qb.andWhere(`${column} <= :${field}To`, { [`${field}To`]: range.to });
  }
  if (filter.unusedSince)
    qb.andWhere('(k.lastUsedAt IS NULL OR k.lastUsedAt < :unusedSince)', { unusedSince: filter.unusedSince });
  const search = filter.search?.trim();
  if (search) {
    if (search.length > SEARCH_MAX)
      throw badInput('filter.search', `search must be at most ${SEARCH_MAX} characters long`);
    const q = likeContains(search.toLowerCase());
    const owners = qb
      .subQuery()
      .select('1')
      .from(User, 'o')
      .where("o.id = k.ownerId AND o.tenantId = k.tenantId AND o.email LIKE :q ESCAPE '!'")
      .getQuery();
    qb.andWhere(
      `(LOWER(k.name) LIKE :q ESCAPE '!' OR LOWER(k.prefix) LIKE :q ESCAPE '!' OR LOWER(k.clientId) LIKE :q ESCAPE '!' OR EXISTS ${owners})`,
      { q },
    );
  }
}
