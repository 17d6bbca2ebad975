import type { DataSource } from 'typeorm';
import { connectWithRetry, describeDatabase } from '../db/database';
import { CliError } from './cli-error';
import type { CliContext } from './cli-command';

export interface OpenOptions {
  /** Refuse to work on a database with pending migrations (all commands but `migrate`). */
  requireMigrated: boolean;
}

/** Connects (retrying an unreachable database like the server does), runs `work`, disconnects. */
export async function withDatabase<T>(
  context: CliContext,
  options: OpenOptions,
  work: (dataSource: DataSource) => Promise<T>,
): Promise<T> {
  const { config } = context;
  let dataSource: DataSource;
  try {
    dataSource = await connectWithRetry(config.database, {
      timeoutMs: config.dbConnectTimeoutSeconds * 1000,
      poolSize: 2,
      onRetry: (error, attempt, delay) =>
        context.note(
          `database ${describeDatabase(config.database)} unreachable (${error.message || (error as { code?: string }).code}); retry ${attempt} in ${delay / 1000} s`,
        ),
      onDatabaseCreated: (name) => context.note(`created database "${name}"`),
    });
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  try {
    if (options.requireMigrated && (await dataSource.showMigrations())) {
      throw new CliError(
        `the database ${describeDatabase(config.database)} has pending migrations; run "keyward migrate" (or start the server) first`,
      );
    }
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}
