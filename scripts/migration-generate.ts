/**
 * Generates a migration for each dialect from the difference between the entities and a scratch
 * database migrated to the current head.
 *   npm run migration:generate -- AddApiKeys
 * MySQL/MariaDB scratch databases are created on MIGRATION_MYSQL_URL (default mysql://root@127.0.0.1:3306).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { createDataSource, resolveDatabase } from '../src/database';
import { pendingSchemaChanges } from '../src/schema-diff';
import type { DatabaseConfig } from '../src/config';

async function generate(name: string, dialect: 'sqlite' | 'mysql', timestamp: number): Promise<void> {
  let db: DatabaseConfig;
  let cleanup = async () => {};
  if (dialect === 'sqlite') {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kw-gen-')), 'gen.sqlite');
    db = { type: 'sqlite', path: file };
    cleanup = async () => fs.rmSync(path.dirname(file), { recursive: true, force: true });
  } else {
    const base = process.env.MIGRATION_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
    const database = `kw_gen_${Date.now()}`;
    const admin = await mysql.createConnection(base);
    await admin.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    const url = `${base.replace(/\/$/, '')}/${database}`;
    db = { type: 'mysql', url, host: '127.0.0.1', port: 3306, database };
    cleanup = async () => {
      await admin.query(`DROP DATABASE \`${database}\``);
      await admin.end();
    };
  }
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
    const file = path.join(__dirname, '..', 'src', 'migrations', dialect, `${timestamp}-${name}.ts`);
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
