import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { DataSource, type DataSourceOptions, type EntityManager, type Logger, type Migration } from 'typeorm';
import type { DatabaseConfig } from '../config/config';
import { isUnavailableError } from '../core/errors';
import { mysqlDriver } from './mysql-driver';

export const ENTITIES_GLOB = path.join(__dirname, 'entities', '*.entity.{ts,js}');

export function migrationsGlob(type: DatabaseConfig['type']): string {
  return path.join(__dirname, 'migrations', type, '*.{ts,js}');
}

export interface DataSourceExtras {
  logger?: Logger;
  poolSize?: number;
  /** Read replicas (DATABASE_REPLICA_URLS): read only through onReplica; everything else goes to the primary. */
  replicas?: Array<Extract<DatabaseConfig, { type: 'mysql' }>>;
}

/** The single place DataSource options are built from configuration. `synchronize` is never on. */
/**
 * Creates the SQLite file's folder (0700) and the file (0600) when they do not exist, so that only
 * Keyward's OS account can read the data (SQLite gives its -wal and -shm files the file's mode).
 * Existing folders and files keep the modes their operator gave them.
 */
function createPrivateFile(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.closeSync(fs.openSync(file, 'a', 0o600));
}

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
    if (db.path !== ':memory:') createPrivateFile(db.path);
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
  const replicas = extras.replicas ?? [];
  return {
    ...common,
    // TypeORM reads MariaDB's information_schema differently: the type must name the server.
    type: db.flavor ?? 'mysql',
    driver: mysqlDriver,
    // with replicas, reads default to the primary too (defaultMode): only onReplica reads from a replica
    // a replica that keeps failing is left out and tried again after 10 s (mysql2's PoolCluster)
    ...(replicas.length
      ? {
          replication: {
            master: { url: db.url },
            slaves: replicas.map((replica) => ({ url: replica.url })),
            defaultMode: 'master',
            removeNodeErrorCount: 3,
            restoreNodeTimeout: 10_000,
          },
        }
      : { url: db.url }),
    timezone: 'Z',
    charset: 'utf8mb4_unicode_ci',
    supportBigNumbers: true,
    // no call-site stack captured per query (mysql2 does it on every query otherwise; errors are mapped by code)
    trace: false,
    poolSize: extras.poolSize ?? 10,
    extra: { connectTimeout: 5000, enableKeepAlive: true, maxIdle: 10, idleTimeout: 60000 },
  } as DataSourceOptions;
}

/** True when the DataSource has read replicas (DATABASE_REPLICA_URLS). */
export function hasReplicas(dataSource: DataSource): boolean {
  const replication = (dataSource.options as { replication?: { slaves?: unknown[] } }).replication;
  return !!replication?.slaves?.length;
}

/**
 * Runs `read` on a read replica (round robin) when there are any, else on the primary. Only for
 * reads that may lag behind the latest commits: cache-miss key lookups and lists (README
 * "Scaling out"); whatever must read its own writes uses the primary (the default). While no
 * replica is reachable the primary answers (a read may run twice: reads have no effects).
 */
export async function onReplica<T>(dataSource: DataSource, read: (em: EntityManager) => Promise<T>): Promise<T> {
  if (!hasReplicas(dataSource)) return read(dataSource.manager);
  const runner = dataSource.createQueryRunner('slave');
  try {
    return await read(runner.manager);
  } catch (error) {
    // mysql2 left every replica out after repeated failures ("Pool does Not have online node")
    if (!isUnavailableError(error) && !/Pool does not (exist|have online node)/i.test((error as Error).message))
      throw error;
  } finally {
    await runner.release();
  }
  return read(dataSource.manager);
}

/** The server URL without the database part, e.g. for `CREATE DATABASE`. */
function serverUrl(url: string): string {
  const parsed = new URL(url);
  parsed.pathname = '/';
  return parsed.toString();
}

const quoteIdentifier = (name: string) => '`' + name.replace(/`/g, '``') + '`';

/**
 * Connects once to ask the server whether it is MariaDB or MySQL. A missing database is created
 * (utf8mb4) when the account may do so, and `onCreated` is told; throws while the server is
 * unreachable.
 */
export async function inspectMysqlServer(
  db: Extract<DatabaseConfig, { type: 'mysql' }>,
  onCreated?: (database: string) => void,
): Promise<'mysql' | 'mariadb'> {
  const mysql = await import('mysql2/promise');
  let connection: import('mysql2/promise').Connection;
  try {
    connection = await mysql.createConnection({ uri: db.url, connectTimeout: 5000 });
  } catch (error) {
    if ((error as { code?: string }).code !== 'ER_BAD_DB_ERROR') throw error;
    connection = await mysql.createConnection({ uri: serverUrl(db.url), connectTimeout: 5000 });
    try {
      await connection.query(
        `CREATE DATABASE IF NOT EXISTS ${quoteIdentifier(db.database)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
      );
    } catch (createError) {
      await connection.end().catch(() => undefined);
      throw new Error(
        `database "${db.database}" does not exist and cannot be created: ${(createError as Error).message}`,
      );
    }
    onCreated?.(db.database);
  }
  try {
    const [rows] = await connection.query('SELECT VERSION() AS version');
    return /mariadb/i.test(String((rows as Array<{ version: string }>)[0]?.version)) ? 'mariadb' : 'mysql';
  } finally {
    await connection.end();
  }
}

export interface ResolveOptions {
  /** Told when a missing MySQL/MariaDB database was created. */
  onDatabaseCreated?: (database: string) => void;
}

/**
 * Makes a MySQL-protocol database ready to connect to: creates it when missing and fills in the
 * server flavor (TypeORM reads MariaDB's information_schema differently). SQLite passes through.
 */
export async function resolveDatabase(db: DatabaseConfig, options: ResolveOptions = {}): Promise<DatabaseConfig> {
  if (db.type !== 'mysql') return db;
  const flavor = await inspectMysqlServer(db, options.onDatabaseCreated);
  return { ...db, flavor: db.flavor ?? flavor };
}

export function createDataSource(db: DatabaseConfig, extras: DataSourceExtras = {}): DataSource {
  return new DataSource(dataSourceOptions(db, extras));
}

export interface ConnectOptions extends ResolveOptions, DataSourceExtras {
  /** Keep retrying an unreachable database this long (0: try once). */
  timeoutMs: number;
  /** Told before each wait: why the attempt failed, which attempt it was, and the wait. */
  onRetry?: (error: Error, attempt: number, delayMs: number) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Connects, retrying an unreachable database with exponential backoff (0.25 s doubling to 5 s)
 * until `timeoutMs` has passed. Errors that waiting cannot fix (wrong password, unknown database
 * that may not be created) fail at once. The error message is one line, fit for an operator.
 */
export async function connectWithRetry(db: DatabaseConfig, options: ConnectOptions): Promise<DataSource> {
  const deadline = Date.now() + options.timeoutMs;
  for (let attempt = 1; ; attempt++) {
    let dataSource: DataSource | undefined;
    try {
      dataSource = createDataSource(await resolveDatabase(db, options), options);
      await dataSource.initialize();
      return dataSource;
    } catch (error) {
      if (dataSource?.isInitialized) await dataSource.destroy().catch(() => undefined);
      const reason = oneLine(error);
      if (!isUnavailableError(error))
        throw new Error(`cannot connect to the database ${describeDatabase(db)}: ${reason}`, { cause: error });
      const delay = Math.min(5000, 250 * 2 ** (attempt - 1));
      if (Date.now() + delay > deadline) {
        throw new Error(
          `database ${describeDatabase(db)} unreachable after ${attempt} attempt${attempt === 1 ? '' : 's'}: ${reason}`,
          { cause: error },
        );
      }
      options.onRetry?.(error as Error, attempt, delay);
      await sleep(delay);
    }
  }
}

/** Where the database is, without credentials: `mysql 127.0.0.1:3306/keyward` or the SQLite file. */
export function describeDatabase(db: DatabaseConfig): string {
  return db.type === 'sqlite' ? db.path : `${db.host}:${db.port}/${db.database}`;
}

function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const first = message.split('\n')[0]!.trim();
  if (first) return first;
  // AggregateError (e.g. ECONNREFUSED on both ::1 and 127.0.0.1) has an empty message.
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : 'unknown error';
}

/**
 * On a Galera node, why its settings break a guarantee (undefined when fine, or not Galera): reads
 * must wait for write sets other nodes committed (wsrep_sync_wait bit 1), or an instance reloading
 * a key revoked through another node could read it before the revocation is applied there.
 */
export async function galeraProblem(dataSource: DataSource): Promise<string | undefined> {
  if (dataSource.options.type !== 'mariadb') return undefined;
  const [row] = (await dataSource.query(
    'SELECT @@GLOBAL.wsrep_on AS wsrepOn, @@GLOBAL.wsrep_sync_wait AS syncWait',
  )) as Array<{ wsrepOn: number | string; syncWait: number | string }>;
  if (!row || !Number(row.wsrepOn)) return undefined;
  return Number(row.syncWait) & 1
    ? undefined
    : 'wsrep_sync_wait is 0 on this Galera node: set wsrep_sync_wait=1 on every node, or a key revoked through another node can be reloaded here before the revocation is applied';
}

/** Lock names are server-wide (at most 64 characters): one per database. */
const MIGRATION_LOCK = "CONCAT('keyward_migrate_', LEFT(SHA1(DATABASE()), 40))";

/**
 * Applies pending migrations, one transaction each. On MySQL/MariaDB a named lock (`GET_LOCK`)
 * makes instances that start together (or the CLI beside a server) take turns: the first applies
 * the migrations, the others then find nothing to do.
 */
export async function runMigrations(dataSource: DataSource, lockTimeoutSeconds = 300): Promise<Migration[]> {
  const type = dataSource.options.type;
  if (type !== 'mysql' && type !== 'mariadb') return dataSource.runMigrations({ transaction: 'each' });
  const runner = dataSource.createQueryRunner();
  try {
    const [row] = (await runner.query(`SELECT GET_LOCK(${MIGRATION_LOCK}, ?) AS locked`, [
      lockTimeoutSeconds,
    ])) as Array<{ locked: number | null }>;
    if (Number(row?.locked) !== 1)
      throw new Error(`another process held the migration lock for more than ${lockTimeoutSeconds} s`);
    try {
      return await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query(`SELECT RELEASE_LOCK(${MIGRATION_LOCK})`);
    }
  } finally {
    await runner.release();
  }
}
