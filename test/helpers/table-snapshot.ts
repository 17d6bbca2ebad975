import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';

/**
 * A fingerprint of every table: row count and a SHA-256 over all rows (ordered by primary key,
 * `ignore` columns, or whole tables, left out). Two equal snapshots mean nothing was written in between.
 */
export type TableSnapshot = Record<string, { rows: number; sha: string }>;

export async function snapshotTables(
  dataSource: DataSource,
  ignore: Record<string, string[] | 'whole table'> = {},
): Promise<TableSnapshot> {
  const out: TableSnapshot = {};
  const q = (name: string) => dataSource.driver.escape(name);
  const tables = new Set(dataSource.entityMetadatas.filter((m) => m.tableType !== 'view').map((m) => m.tablePath));
  for (const metadata of dataSource.entityMetadatas) {
    if (!tables.delete(metadata.tablePath)) continue;
    const ignored = ignore[metadata.tableName];
    if (ignored === 'whole table') continue;
    const skip = new Set(ignored ?? []);
    const columns = metadata.columns.map((c) => c.databaseName).filter((c) => !skip.has(c));
    const order = metadata.primaryColumns.map((c) => q(c.databaseName)).join(', ');
    const rows: Array<Record<string, unknown>> = await dataSource.query(
      `SELECT ${columns.map(q).join(', ')} FROM ${q(metadata.tableName)}${order ? ` ORDER BY ${order}` : ''}`,
    );
    const hash = createHash('sha256');
    for (const row of rows)
      hash.update(
        JSON.stringify(columns.map((c) => (Buffer.isBuffer(row[c]) ? (row[c] as Buffer).toString('hex') : row[c]))),
      );
    out[metadata.tableName] = { rows: rows.length, sha: hash.digest('hex').slice(0, 16) };
  }
  return out;
}
