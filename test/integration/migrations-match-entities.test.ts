import fs from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { createDataSource, resolveDatabase } from '../../src/db/database';
import { pendingSchemaChanges } from '../../scripts/schema-diff';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

/** The migrations of this dialect, applied to an empty database, must produce exactly the entities' schema. */
describe('migrations match the entities', () => {
  let db: TestDatabase;
  let ds: DataSource;
  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource(await resolveDatabase(db.config));
    await ds.initialize();
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  it('leave nothing for TypeORM to change on a freshly migrated database', async () => {
    const applied = await ds.runMigrations({ transaction: 'each' });
    expect(applied.length).toBeGreaterThan(0);
    expect(await ds.showMigrations()).toBe(false);
    expect((await pendingSchemaChanges(ds)).up).toEqual([]);
  });

  it('revert completely and apply again to the same schema', async () => {
    const count = ds.migrations.length;
    for (let i = 0; i < count; i++) await ds.undoLastMigration({ transaction: 'each' });
    expect(await ds.showMigrations()).toBe(true);
    expect((await pendingSchemaChanges(ds)).up.length).toBeGreaterThan(0);
    await ds.runMigrations({ transaction: 'each' });
    expect((await pendingSchemaChanges(ds)).up).toEqual([]);
  });

  it('exist under the same names for both dialects', () => {
    const names = (dialect: string) =>
      fs.readdirSync(path.join(__dirname, '..', '..', 'src', 'db', 'migrations', dialect)).sort();
    expect(names('sqlite')).toEqual(names('mysql'));
  });
});
