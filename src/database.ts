import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { DataSource, type DataSourceOptions, type Logger } from 'typeorm';
import type { DatabaseConfig } from './config';

export const ENTITIES_GLOB = path.join(__dirname, 'entities', '*.entity.{ts,js}');

export function migrationsGlob(type: DatabaseConfig['type']): string {
  return path.join(__dirname, 'migrations', type, '*.{ts,js}');
}

export interface DataSourceExtras {
  logger?: Logger;
  poolSize?: number;
}

/** The single place DataSource options are built from configuration. `synchronize` is never on. */
export function dataSourceOptions(db: DatabaseConfig, extras: DataSourceExtras = {}): DataSourceOptions {
  const common = {
    entities: [ENTITIES_GLOB],
    migrations: [migrationsGlob(db.type)],
    migrationsTableName: 'keyward_migrations',
    migrationsRun: false,
    synchronize: false,
    logging: extras.logger ? (['query', 'error'] as const) : false,
    logger: extras.logger,
  };
  if (db.type === 'sqlite') {
    if (db.path !== ':memory:') fs.mkdirSync(path.dirname(db.path), { recursive: true });
    return {
      ...common,
      type: 'better-sqlite3',
      database: db.path,
      enableWAL: db.path !== ':memory:',
      prepareDatabase: (conn: { pragma(sql: string): unknown }) => {
        conn.pragma('busy_timeout = 5000');
        conn.pragma('foreign_keys = ON');
      },
    } as DataSourceOptions;
  }
  return {
    ...common,
    // TypeORM reads MariaDB's information_schema differently: the type must name the server.
    type: db.flavor ?? 'mysql',
    url: db.url,
    timezone: 'Z',
    charset: 'utf8mb4_unicode_ci',
    supportBigNumbers: true,
    poolSize: extras.poolSize ?? 10,
    extra: { connectTimeout: 5000, enableKeepAlive: true, maxIdle: 10, idleTimeout: 60000 },
  } as DataSourceOptions;
}

/** Asks the server whether it is MariaDB or MySQL (throws while it is unreachable). */
export async function detectMysqlFlavor(url: string): Promise<'mysql' | 'mariadb'> {
  const mysql = await import('mysql2/promise');
  const connection = await mysql.createConnection({ uri: url, connectTimeout: 5000 });
  try {
    const [rows] = await connection.query('SELECT VERSION() AS version');
    return /mariadb/i.test(String((rows as Array<{ version: string }>)[0]?.version)) ? 'mariadb' : 'mysql';
  } finally {
    await connection.end();
  }
}

/** Fills in the server flavor of a MySQL-protocol database. */
export async function resolveDatabase(db: DatabaseConfig): Promise<DatabaseConfig> {
  if (db.type !== 'mysql' || db.flavor) return db;
  return { ...db, flavor: await detectMysqlFlavor(db.url) };
}

export function createDataSource(db: DatabaseConfig, extras: DataSourceExtras = {}): DataSource {
  return new DataSource(dataSourceOptions(db, extras));
}

/**
 * Calls `listener` with every SQL statement the DataSource runs, until the returned function is
 * called (tests count statements with it, e.g. to prove a list has no N+1). Wraps the DataSource's
 * logger in place, so it works on an already initialized DataSource whatever its `logging` option.
 */
export function observeQueries(dataSource: DataSource, listener: (query: string, parameters?: unknown) => void): () => void {
  const logger = dataSource.logger;
  const original = logger.logQuery;
  logger.logQuery = function (query, parameters, queryRunner) {
    listener(query, parameters);
    return original.call(this, query, parameters, queryRunner);
  };
  return () => {
    logger.logQuery = original;
  };
}
