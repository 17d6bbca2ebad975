import type { DataSource, EntityManager } from 'typeorm';

/**
 * Runs units of work in a database transaction. SQLite has one writer and TypeORM shares one
 * connection, so there transactions are queued in-process; MySQL/MariaDB runs them concurrently
 * and services take row locks (`FOR UPDATE`) where a rule depends on a count.
 */
export class TransactionRunner {
  private queue: Promise<unknown> = Promise.resolve();
  readonly dialect: 'sqlite' | 'mysql';

  constructor(readonly dataSource: DataSource) {
    this.dialect = dataSource.options.type === 'mysql' || dataSource.options.type === 'mariadb' ? 'mysql' : 'sqlite';
  }

  run<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    if (this.dialect === 'mysql') return this.dataSource.transaction(work);
    const result = this.queue.then(() => this.dataSource.transaction(work));
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** `SELECT … FOR UPDATE` where the dialect has it (SQLite's queued writer already serializes). */
  lockMode(): { mode: 'pessimistic_write' } | Record<string, never> {
    return this.dialect === 'mysql' ? { mode: 'pessimistic_write' } : {};
  }
}
