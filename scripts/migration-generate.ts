/**
 * Generates a migration for each dialect from the difference between the entities and a scratch
 * database migrated to the current head.
 *   npm run migration:generate -- AddApiKeys
 * MySQL/MariaDB scratch databases are created on MIGRATION_MYSQL_URL (default mysql://root@127.0.0.1:3306).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createDataSource, resolveDatabase } from '../src/db/database';
import { pendingSchemaChanges } from './schema-diff';
import { createScratchDatabase } from './scratch-database';

async function generate(name: string, dialect: 'sqlite' | 'mysql', timestamp: number): Promise<void> {
  const scratch = await createScratchDatabase(dialect, 'gen');
  const db = scratch.db;
  const cleanup = () => scratch.drop();
  const ds = createDataSource(await resolveDatabase(db));
  try {
    await ds.initialize();
    await ds.runMigrations();
    const diff = await pendingSchemaChanges(ds);
    if (diff.up.length === 0) {
      console.log(`${dialect}: entities match the migrations; nothing to generate`);
      return;
    }
    const className = `${name}${timestamp}`;
    const q = (sql: string) => '        await queryRunner.query(`' + sql.replace(/`/g, '\\`') + '`);';
    const source = `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
    name = '${className}';

    public async up(queryRunner: QueryRunner): Promise<void> {
${diff.up.map(q).join('\n')}
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
${diff.down.map(q).join('\n')}
    }
}
`;
    const file = path.join(__dirname, '..', 'src', 'db', 'migrations', dialect, `${timestamp}-${name}.ts`);
    fs.writeFileSync(file, source);
    console.log(`${dialect}: wrote ${path.relative(process.cwd(), file)} (${diff.up.length} statements)`);
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await cleanup();
  }
}

async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
    console.error('usage: npm run migration:generate -- <PascalCaseName>');
    process.exit(2);
  }
  const timestamp = Date.now();
  for (const dialect of ['sqlite', 'mysql'] as const) await generate(name, dialect, timestamp);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
