import type { EntityManager } from 'typeorm';
import { startTestServer, type TestServer } from '../helpers/harness';
import { createTestDatabase, type TestDialect } from '../helpers/test-database';

/**
 * Runs `run` on SQLite and on MariaDB (KEYWARD_BENCH_DB chooses one); an unreachable MariaDB is
 * skipped with a line unless it was chosen. True when every run met its goals.
 */
export async function eachBenchDialect(run: (dialect: TestDialect) => Promise<boolean>): Promise<boolean> {
  const wanted = process.env.KEYWARD_BENCH_DB;
  const dialects: TestDialect[] = wanted === 'sqlite' || wanted === 'mariadb' ? [wanted] : ['sqlite', 'mariadb'];
  let ok = true;
  for (const dialect of dialects) {
    try {
      ok = (await run(dialect)) && ok;
    } catch (error) {
      if (dialect === 'mariadb' && !wanted && /ECONNREFUSED|connect/i.test(String((error as Error).message))) {
        console.log('[mariadb] not reachable; skipped');
        continue;
      }
      throw error;
    }
  }
  return ok;
}

/** eachBenchDialect with an in-process server on a fresh database of the dialect (LOG_LEVEL=warn), closed after run. */
export function eachBenchDialectServer(
  run: (server: TestServer, dialect: TestDialect) => Promise<boolean>,
): Promise<boolean> {
  return eachBenchDialect(async (dialect) => {
    const server = await startTestServer({ db: await createTestDatabase(dialect), env: { LOG_LEVEL: 'warn' } });
    try {
      return await run(server, dialect);
    } finally {
      await server.close();
    }
  });
}

/** Inserts `count` rows (`rowOf(i)`: the values of `columns`) into `table`, a thousand per statement. */
export async function insertRows(
  em: EntityManager,
  dialect: TestDialect,
  table: string,
  columns: string[],
  count: number,
  rowOf: (i: number) => unknown[],
): Promise<void> {
  const q = (name: string) => (dialect === 'sqlite' ? `"${name}"` : `\`${name}\``);
  const placeholders = `(${columns.map(() => '?').join(', ')})`;
  for (let offset = 0; offset < count; offset += 1000) {
    const end = Math.min(count, offset + 1000);
    const values: unknown[] = [];
    for (let i = offset; i < end; i++) values.push(...rowOf(i));
    await em.query(
      `INSERT INTO ${q(table)} (${columns.map(q).join(', ')}) VALUES ${Array(end - offset)
        .fill(placeholders)
        .join(', ')}`,
      values,
    );
  }
}
