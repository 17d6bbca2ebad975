import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';

export const MARIADBD = ['/usr/sbin/mariadbd', '/usr/sbin/mysqld'].find((file) => fs.existsSync(file));
/** mariadbd drops to this account when started as root (the datadirs are chowned to it). */
const RUN_AS = process.getuid?.() === 0 && spawnSync('id', ['mysql']).status === 0 ? 'mysql' : os.userInfo().username;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface MariadbNodeOptions {
  /** Client port (loopback). */
  port: number;
  name: string;
  /** Extra `[mariadbd]` lines (wsrep settings, server-id, …). */
  settings: string[];
  dir: string;
}

/** One `mariadbd` on loopback with its own datadir under `dir`, run as a child of the test process. */
export class MariadbNode {
  child: ChildProcess | undefined;
  readonly datadir: string;
  readonly cnf: string;

  constructor(readonly options: MariadbNodeOptions) {
    this.datadir = path.join(options.dir, 'data');
    this.cnf = path.join(options.dir, 'my.cnf');
    fs.mkdirSync(this.datadir, { recursive: true });
    if (RUN_AS !== os.userInfo().username) {
      // the account must reach the datadir through the temp dirs above it
      fs.chmodSync(path.dirname(options.dir), 0o755);
      spawnSync('chown', ['-R', `${RUN_AS}:`, options.dir]);
    }
    fs.writeFileSync(
      this.cnf,
      [
        '[mariadbd]',
        `datadir=${this.datadir}`,
        `socket=${path.join(options.dir, 'mysqld.sock')}`,
        `pid-file=${path.join(options.dir, 'mysqld.pid')}`,
        `log-error=${path.join(options.dir, 'error.log')}`,
        `port=${options.port}`,
        'bind-address=127.0.0.1',
        // as root, the rsync SST daemon would drop to `nobody` and fail to write the datadir: run as mysql
        `user=${RUN_AS}`,
        'skip-name-resolve',
        'character-set-server=utf8mb4',
        'collation-server=utf8mb4_unicode_ci',
        // small: two cores and little memory shared with other work
        'innodb_buffer_pool_size=32M',
        'innodb_log_file_size=16M',
        'innodb_log_buffer_size=2M',
        'key_buffer_size=1M',
        'performance_schema=OFF',
        'innodb_flush_log_at_trx_commit=2',
        'innodb_doublewrite=0',
        'max_connections=200',
        'thread_cache_size=16',
        ...options.settings,
        '',
      ].join('\n'),
    );
  }

  get url(): string {
    return `mysql://root@127.0.0.1:${this.options.port}`;
  }

  /** Creates the system tables (mariadb-install-db), once. */
  install(): void {
    const result = spawnSync(
      'mariadb-install-db',
      [`--defaults-file=${this.cnf}`, `--user=${RUN_AS}`, '--auth-root-authentication-method=normal', '--skip-test-db'],
      { encoding: 'utf8' },
    );
    if (result.status !== 0)
      throw new Error(`mariadb-install-db failed for ${this.options.name}: ${result.stderr}${result.stdout}`);
  }

  start(args: string[] = []): void {
    if (this.running) return;
    if (RUN_AS !== os.userInfo().username) spawnSync('chown', ['-R', `${RUN_AS}:`, this.options.dir]);
    this.child = spawn(MARIADBD!, [`--defaults-file=${this.cnf}`, ...args], { stdio: 'ignore' });
    this.child.on('error', () => undefined);
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Stops the server: SIGKILL (a crash) or SIGTERM (clean shutdown); resolves once it exited. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }

  /** Resolves once a client connects and `check` (default: SELECT 1) passes; rejects with the error log on timeout. */
  async waitUntil(
    check: (conn: mysql.Connection) => Promise<boolean>,
    what: string,
    timeoutMs = 90_000,
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`${this.options.name} exited while waiting for ${what}:\n${this.errorLog()}`);
      try {
        const conn = await mysql.createConnection({ uri: this.url, connectTimeout: 2000 });
        try {
          if (await check(conn)) return;
          last = 'check not yet true';
        } finally {
          await conn.end().catch(() => undefined);
        }
      } catch (error) {
        last = (error as Error).message;
      }
      await sleep(250);
    }
    throw new Error(`${this.options.name} not ${what} after ${timeoutMs} ms (${last}):\n${this.errorLog()}`);
  }

  errorLog(): string {
    try {
      return fs.readFileSync(path.join(this.options.dir, 'error.log'), 'utf8').split('\n').slice(-30).join('\n');
    } catch {
      return '(no error log)';
    }
  }
}
