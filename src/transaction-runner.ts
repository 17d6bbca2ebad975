import type { DataSource, EntityManager } from 'typeorm';

type AfterCommit = () => void;

/**
 * Runs units of work in a database transaction. SQLite has one writer and TypeORM shares one
 * connection, so there transactions are queued in-process; MySQL/MariaDB runs them concurrently
 * and services take row locks (`FOR UPDATE`, see input-rules `rowLock`) where a rule depends on a count.
 */
export class TransactionRunner {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly pending = new WeakMap<EntityManager, AfterCommit[]>();
  readonly dialect: 'sqlite' | 'mysql';

  constructor(
    readonly dataSource: DataSource,
    private readonly onCallbackError: (error: unknown) => void = () => undefined,
  ) {
    this.dialect = dataSource.options.type === 'mysql' || dataSource.options.type === 'mariadb' ? 'mysql' : 'sqlite';
  }

  async run<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    let callbacks: AfterCommit[] = [];
    const transaction = () =>
      this.dataSource.transaction(async (em) => {
        this.pending.set(em, (callbacks = []));
        return work(em);
      });
    let result: T;
    if (this.dialect === 'mysql') {
      result = await transaction();
    } else {
      const queued = this.queue.then(transaction);
      this.queue = queued.catch(() => undefined);
      result = await queued;
    }
    for (const callback of callbacks) {
      try {
        callback();
      } catch (error) {
        this.onCallbackError(error);
      }
    }
    return result;
  }

  /**
   * Runs `callback` once the transaction of `em` has committed (never after a rollback), e.g. to
   * drop caches only when the change is visible to every reader. Outside `run`, runs it now.
   */
  afterCommit(em: EntityManager, callback: AfterCommit): void {
    const callbacks = this.pending.get(em);
    if (callbacks) callbacks.push(callback);
    else callback();
  }
}
