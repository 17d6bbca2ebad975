/**
 * Proves the migrations match the entities on both dialects: on a scratch database each dialect's
 * migrations are applied, every one is reverted, they are applied again, and TypeORM must then
 * find nothing left to change. Both dialects must also have the same list of migrations.
 *   npm run migration:check
 * MySQL/MariaDB runs on MIGRATION_MYSQL_URL (default mysql://root@127.0.0.1:3306); when that is
 * unreachable the MySQL half is skipped with a warning, unless CI=true (then it fails).
 */
import mysql from 'mysql2/promise';
import { createDataSource, resolveDatabase } from '../src/db/database';
import { pendingSchemaChanges } from './schema-diff';
import { createScratchDatabase, migrationNames, SCRATCH_MYSQL_URL } from './scratch-database';

type Dialect = 'sqlite' | 'mysql';

async function check(dialect: Dialect): Promise<string[]> {
  const scratch = await createScratchDatabase(dialect, 'check');
  const ds = createDataSource(await resolveDatabase(scratch.db));
  const problems: string[] = [];
  try {
    await ds.initialize();
    const applied = await ds.runMigrations({ transaction: 'each' });
    const first = await pendingSchemaChanges(ds);
    if (first.up.length > 0)
      problems.push(
        `the migrations do not match the entities; missing:\n${first.up.map((q) => `    ${q};`).join('\n')}\n  run: npm run migration:generate -- <Name>`,
      );
    for (let i = 0; i < applied.length; i++) await ds.undoLastMigration({ transaction: 'each' });
    await ds.runMigrations({ transaction: 'each' });
    const second = await pendingSchemaChanges(ds);
    if (first.up.length === 0 && second.up.length > 0)
      problems.push(
        `after reverting every migration and applying them again the schema differs:\n${second.up.map((q) => `    ${q};`).join('\n')}`,
      );
    console.log(
      `${dialect}: ${applied.length} migration(s) applied, reverted and re-applied${problems.length ? '' : '; the schema matches the entities'}`,
    );
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await scratch.drop();
  }
  return problems.map((p) => `${dialect}: ${p}`);
}

async function mysqlReachable(): Promise<true | string> {
  try {
    const conn = await mysql.createConnection({ uri: SCRATCH_MYSQL_URL, connectTimeout: 3000 });
    await conn.end();
    return true;
  } catch (error) {
    return (error as Error).message || String((error as { code?: string }).code);
  }
}

async function main(): Promise<void> {
  const problems: string[] = [];
  const sqliteNames = migrationNames('sqlite');
  const mysqlNames = migrationNames('mysql');
  if (sqliteNames.join() !== mysqlNames.join()) {
    problems.push(
      `the dialects have different migrations: sqlite [${sqliteNames.join(', ')}] vs mysql [${mysqlNames.join(', ')}]; generate both with npm run migration:generate`,
    );
  }
  problems.push(...(await check('sqlite')));
  const reachable = await mysqlReachable();
  if (reachable === true) {
    problems.push(...(await check('mysql')));
  } else if (process.env.CI === 'true' || process.env.CI === '1') {
    problems.push(
      `mysql: ${SCRATCH_MYSQL_URL.replace(/\/\/[^@]*@/, '//')} is unreachable (${reachable}); CI requires the MySQL/MariaDB check`,
    );
  } else {
    console.warn(
      `*** SKIPPING the MySQL/MariaDB check: ${SCRATCH_MYSQL_URL.replace(/\/\/[^@]*@/, '//')} is unreachable (${reachable}). Set MIGRATION_MYSQL_URL to run it. ***`,
    );
  }
  if (problems.length > 0) {
    console.error(`\nmigration check FAILED:\n${problems.map((p) => `- ${p}`).join('\n')}`);
    process.exit(1);
  }
  console.log('migration check passed');
}

main().catch((error: Error) => {
  console.error(`migration check could not run: ${error.message}`);
  process.exit(1);
});
