import { describeDatabase, runMigrations } from '../db/database';
import type { CliCommand } from './cli-command';
import { withDatabase } from './cli-database';

export const migrateCommand: CliCommand = {
  name: 'migrate',
  summary: 'apply pending database migrations (the server also does this at start)',
  help: `Usage: keyward migrate

Applies every pending migration to the database in DATABASE_URL, each in its own transaction.
A missing MySQL/MariaDB database is created first when the account may create it.

Options:
  -h, --help   show this help`,
  options: {},
  async run(_values, context) {
    await withDatabase(context, { requireMigrated: false }, async (dataSource) => {
      const applied = await runMigrations(dataSource);
      for (const migration of applied) context.print(`applied ${migration.name}`);
      const where = describeDatabase(context.config.database);
      context.print(
        applied.length === 0
          ? `${where} is up to date; no pending migrations`
          : `${where}: ${applied.length} migration${applied.length === 1 ? '' : 's'} applied`,
      );
    });
  },
};
