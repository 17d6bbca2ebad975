import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager } from 'typeorm';
import { serviceUnavailable } from '../core/errors';
import { isDeadlock } from './driver-errors';

type AfterCommit = () => void;
type BeforeCommit = () => Promise<void>;

/**
 * Thrown by work that found it raced another transaction in a way only a fresh attempt can settle
 * (e.g. the audit chain head moved under an optimistic append): the runner rolls back and runs the
 * work again, as it does a deadlock victim.
 */
export class TransactionConflict extends Error {}

/** Per transaction attempt: hooks run before COMMIT, calls made when it ends either way, and after it committed. */
interface Hooks {
  beforeCommit: BeforeCommit[];
  settled: Array<(committed: boolean) => void>;
  afterCommit: AfterCommit[];
}

/**
 * Attempts of a transaction InnoDB chose as a deadlock victim, or Galera failed at certification
 * (both roll the whole transaction back). Galera needs more: every write of a tenant advances its
 * audit chain head, so concurrent writes of one tenant on different nodes all conflict there and
 * one of them wins each round (and each create also moves the tenant's key counter). 40 attempts with
 * the capped backoff span about 5 s: a Galera view change after a node dies fits in it.
 */
const DEADLOCK_ATTEMPTS = 40;

/** A counting semaphore of `free` slots: `acquire` resolves once one is free (first come, first served). */
class Slots {
  private readonly waiting: Array<() => void> = [];

  constructor(private free: number) {}

  acquire(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}

/**
 * Transactions at once on MySQL/MariaDB for a pool of `poolSize`: a quarter of the pool (at least one
 * connection) stays for reads. Transactions of one tenant wait on each other's row locks while
 * holding their connection; unbounded, they took the whole pool under key management load and every
 * read queued behind them (key verification's cache misses waited seconds: load benchmark).
 */
export function transactionSlots(poolSize: number): number {
  return poolSize <= 1 ? 1 : poolSize - Math.max(1, Math.floor(poolSize / 4));
}

/**
 * Runs units of work in a database transaction. SQLite has one writer and TypeORM shares one
 * connection, so there transactions are queued in-process; MySQL/MariaDB runs them concurrently
 * and services take row locks (`FOR UPDATE`, see input-rules `rowLock`) where a rule depends on a count.
 * A transaction chosen as a deadlock victim, or whose work threw TransactionConflict, is run again
 * (up to DEADLOCK_ATTEMPTS times, after a short random pause): `work` must only touch the database
 * (HTTP calls and the like come after `run`, or in `afterCommit`), which holds for every service.
 */
export class TransactionRunner {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly hooks = new WeakMap<EntityManager, Hooks>();
  readonly dialect: 'sqlite' | 'mysql';
  /** MySQL/MariaDB: transactions at once (see transactionSlots). */
  private readonly slots: Slots | undefined;
  /** Set inside a transaction's work: a run nested in it takes no slot (it could wait for itself). */
  private readonly inside = new AsyncLocalStorage<true>();

  constructor(
    readonly dataSource: DataSource,
    private readonly onCallbackError: (error: unknown) => void = () => undefined,
  ) {
    this.dialect = dataSource.options.type === 'mysql' || dataSource.options.type === 'mariadb' ? 'mysql' : 'sqlite';
    if (this.dialect === 'mysql')
      this.slots = new Slots(transactionSlots((dataSource.options as { poolSize?: number }).poolSize ?? 10));
  }

  async run<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    if (!this.slots || this.inside.getStore()) return this.runInside(work, undefined);
    return this.inside.run(true, () => this.runInside(work, this.slots));
  }

  private async runInside<T>(work: (em: EntityManager) => Promise<T>, slots: Slots | undefined): Promise<T> {
    // the last attempt's: its afterCommit callbacks run once it has committed
    let hooks: Hooks | undefined;
    const transaction = async () => {
      const current: Hooks = (hooks = { beforeCommit: [], settled: [], afterCommit: [] });
      let committed = false;
      try {
        const result = await this.dataSource.transaction(async (em) => {
          this.hooks.set(em, current);
          const done = await work(em);
          for (const hook of current.beforeCommit) await hook();
          return done;
        });
        committed = true;
        return result;
      } finally {
        for (const settled of current.settled) settled(committed);
      }
    };
    let result!: T;
    const retried = (error: unknown) => isDeadlock(error) || error instanceof TransactionConflict;
    if (this.dialect === 'mysql') await slots?.acquire();
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          if (this.dialect === 'mysql') result = await transaction();
          else {
            const queued = this.queue.then(transaction);
            this.queue = queued.catch(() => undefined);
            result = await queued;
          }
          break;
        } catch (error) {
          if (!retried(error)) throw error;
          // still losing after every attempt: contention, not a bug; the client may retry later
          if (attempt >= DEADLOCK_ATTEMPTS) throw serviceUnavailable(error);
          // jittered, growing pause (at most 250 ms): losers of one round do not collide again at once
          await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(250, 10 * 2 ** attempt)));
        }
      }
    } finally {
      slots?.release();
    }
    for (const callback of hooks?.afterCommit ?? []) {
      try {
        // outside the transaction's context: work a callback starts (a dispatcher run, say) takes slots again
        this.inside.exit(callback);
      } catch (error) {
        this.onCallbackError(error);
      }
    }
    return result;
  }

  /**
   * Runs `hook` inside the transaction of `em` after its work, just before COMMIT (in the order
   * registered); `settled` is called when that attempt has committed or rolled back.
   */
  beforeCommit(em: EntityManager, hook: BeforeCommit, settled: (committed: boolean) => void = () => undefined): void {
    const hooks = this.hooks.get(em);
    if (!hooks) throw new Error('beforeCommit needs a transaction of this runner (tx.run)');
    hooks.beforeCommit.push(hook);
    hooks.settled.push(settled);
  }

  /**
   * Runs `callback` once the transaction of `em` has committed (never after a rollback), e.g. to
   * drop caches only when the change is visible to every reader. Outside `run`, runs it now.
   */
  afterCommit(em: EntityManager, callback: AfterCommit): void {
    const hooks = this.hooks.get(em);
    if (hooks) hooks.afterCommit.push(callback);
    else callback();
  }
}
