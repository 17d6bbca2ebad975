import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';

// Hot-path reads and writes of rows in plain SQL, built from TypeORM's own metadata (column names,
// the driver's value conversions): what find and update query builders send, without rebuilding and
// re-parsing the statement on every call (the largest share of a mutation's CPU after the database).

/** Property → value; null matches IS NULL. */
export type RowMatch<T> = { [P in keyof T]?: T[P] | null };

export interface StatementResult {
  records: Array<Record<string, unknown>>;
  affected: number;
}

/** Runs `sql` on the transaction's connection (or a pooled one outside a transaction). */
export async function runStatement(em: EntityManager, sql: string, params: unknown[]): Promise<StatementResult> {
  const runner = em.queryRunner ?? em.connection.createQueryRunner();
  try {
    const result = await runner.query(sql, params, true);
    return { records: Array.isArray(result.records) ? result.records : [], affected: Number(result.affected ?? 0) };
  } finally {
    if (!em.queryRunner) await runner.release();
  }
}

const selects = new WeakMap<EntityMetadata, Map<string, string>>();

function columnOf(metadata: EntityMetadata, property: string): ColumnMetadata {
  const column = metadata.findColumnWithPropertyName(property);
  if (!column) throw new Error(`${metadata.name} has no column ${property}`);
  return column;
}

/** `a = ? AND b IS NULL …` over `match`, and its parameters in the driver's form. */
function conditions(em: EntityManager, metadata: EntityMetadata, match: ObjectLiteral) {
  const driver = em.connection.driver;
  const sql: string[] = [];
  const params: unknown[] = [];
  for (const [property, value] of Object.entries(match)) {
    const column = columnOf(metadata, property);
    if (value === null) sql.push(`${driver.escape(column.databaseName)} IS NULL`);
    else {
      sql.push(`${driver.escape(column.databaseName)} = ?`);
      params.push(driver.preparePersistentValue(value, column));
    }
  }
  if (sql.length === 0) throw new Error(`a ${metadata.name} row is matched by at least one column`);
  return { sql: sql.join(' AND '), params };
}

/** The rows of `target` matching `match` (every column, no relations), at most `limit`. */
export async function findRows<T extends ObjectLiteral>(
  em: EntityManager,
  target: EntityTarget<T>,
  match: RowMatch<T>,
  limit?: number,
): Promise<T[]> {
  const metadata = em.connection.getMetadata(target);
  const driver = em.connection.driver;
  const where = conditions(em, metadata, match);
  const limited = limit === undefined ? where.sql : `${where.sql} LIMIT ${Math.trunc(limit)}`;
  let byWhere = selects.get(metadata);
  if (!byWhere) selects.set(metadata, (byWhere = new Map()));
  let sql = byWhere.get(limited);
  if (!sql) {
    const columns = metadata.columns.map((column) => driver.escape(column.databaseName)).join(', ');
    sql = `SELECT ${columns} FROM ${driver.escape(metadata.tablePath)} WHERE ${limited}`;
    byWhere.set(limited, sql);
  }
  const entities: T[] = [];
  for (const row of (await runStatement(em, sql, where.params)).records) {
    const entity = metadata.create(em.queryRunner, { fromDeserializer: true }) as T;
    for (const column of metadata.columns)
      column.setEntityValue(entity, driver.prepareHydratedValue(row[column.databaseName], column));
    for (const listener of metadata.afterLoadListeners) if (listener.isAllowed(entity)) await listener.execute(entity);
    entities.push(entity);
  }
  return entities;
}

/** The row of `target` matching `match` (every column, no relations), or null. */
export async function findRow<T extends ObjectLiteral>(
  em: EntityManager,
  target: EntityTarget<T>,
  match: RowMatch<T>,
): Promise<T | null> {
  return (await findRows(em, target, match, 1))[0] ?? null;
}

/** Per entity, the INSERT's head (`INSERT INTO t (columns) VALUES `) and one row's placeholders. */
const inserts = new WeakMap<EntityMetadata, { head: string; tuple: string }>();

/** A column whose value a subquery finds in the INSERT itself, e.g. an id looked up by key. */
export interface ComputedColumn<T> {
  /** One scalar subquery in parentheses, with `?` placeholders. */
  sql: string;
  params: (entity: T) => unknown[];
}

/**
 * Inserts `entities` of `target` in one statement, after their BeforeInsert listeners (ids,
 * timestamps), with no read-back: every column must be set (undefined is refused, not defaulted),
 * except those `computed` gives a subquery for.
 */
export async function insertRows<T extends ObjectLiteral>(
  em: EntityManager,
  target: EntityTarget<T>,
  entities: T[],
  computed: { [P in keyof T]?: ComputedColumn<T> } = {},
): Promise<void> {
  if (entities.length === 0) return;
  const metadata = em.connection.getMetadata(target);
  const driver = em.connection.driver;
  let statement = inserts.get(metadata);
  if (!statement) {
    const columns = metadata.columns.map((column) => driver.escape(column.databaseName)).join(', ');
    statement = {
      head: `INSERT INTO ${driver.escape(metadata.tablePath)} (${columns}) VALUES `,
      tuple: `(${metadata.columns.map(() => '?').join(', ')})`,
    };
    inserts.set(metadata, statement);
  }
  const { head } = statement;
  const tuple =
    Object.keys(computed).length === 0
      ? statement.tuple
      : `(${metadata.columns.map((column) => computed[column.propertyName as keyof T]?.sql ?? '?').join(', ')})`;
  const params: unknown[] = [];
  for (const entity of entities) {
    for (const listener of metadata.beforeInsertListeners)
      if (listener.isAllowed(entity)) await listener.execute(entity);
    for (const column of metadata.columns) {
      const subquery = computed[column.propertyName as keyof T];
      if (subquery) {
        params.push(...subquery.params(entity));
        continue;
      }
      const value = column.getEntityValue(entity);
      if (value === undefined) throw new Error(`${metadata.name}.${column.propertyName} is not set for insert`);
      params.push(driver.preparePersistentValue(value, column));
    }
  }
  await runStatement(em, head + entities.map(() => tuple).join(', '), params);
}

/** Sets `values` on the rows of `target` matching `match`; returns how many it changed. */
export async function updateRows<T extends ObjectLiteral>(
  em: EntityManager,
  target: EntityTarget<T>,
  values: Partial<T>,
  match: RowMatch<T>,
): Promise<number> {
  const metadata = em.connection.getMetadata(target);
  const driver = em.connection.driver;
  const set: string[] = [];
  const params: unknown[] = [];
  for (const [property, value] of Object.entries(values)) {
    const column = columnOf(metadata, property);
    set.push(`${driver.escape(column.databaseName)} = ?`);
    params.push(driver.preparePersistentValue(value, column));
  }
  if (set.length === 0) return 0;
  const where = conditions(em, metadata, match);
  const sql = `UPDATE ${driver.escape(metadata.tablePath)} SET ${set.join(', ')} WHERE ${where.sql}`;
  return (await runStatement(em, sql, [...params, ...where.params])).affected;
}
