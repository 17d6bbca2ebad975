import { SelectQueryBuilder, type ObjectLiteral } from 'typeorm';

/**
 * A query builder that emits `FORCE INDEX (…)` where TypeORM's `useIndex` emits `USE INDEX (…)`.
 * It survives `clone()` (TypeORM clones through `new this.constructor(this)`), so paginate's page
 * and count queries keep the hint.
 */
class ForceIndexQueryBuilder<T extends ObjectLiteral> extends SelectQueryBuilder<T> {
  protected override createSelectExpression(): string {
    return super.createSelectExpression().replace(' USE INDEX (', ' FORCE INDEX (');
  }
}

/**
 * Makes MySQL/MariaDB read a keyset page through `index` (tenant, sort key, id). Without it
 * MariaDB 10.11 picks `ref` access on the index's tenant prefix and walks every row before the
 * cursor (a page after 90,000 keys cost 30× the first), ignoring the range the cursor gives.
 * No-op on other dialects (SQLite plans the range by itself).
 */
export function forceIndex<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, index: string): SelectQueryBuilder<T> {
  const type = qb.connection.options.type;
  if (type !== 'mysql' && type !== 'mariadb') return qb;
  return new ForceIndexQueryBuilder<T>(qb).useIndex(index);
}
