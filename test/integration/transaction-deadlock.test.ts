/**
 * InnoDB picks a victim when two transactions wait on each other's row locks; the TransactionRunner
 * runs the victim again, so a service call never fails because of a deadlock (it surfaced as
 * INTERNAL_SERVER_ERROR from publishEvent in the load benchmark). Transactions also take at most
 * `transactionSlots(poolSize)` connections, so writers waiting on row locks leave some for reads.
 */
import { isDeadlock } from '../../src/db/driver-errors';
import { transactionSlots } from '../../src/db/transaction-runner';
import { createTenantUser, serviceDeps } from '../helpers/fixtures';
import { testServerForSuite } from '../helpers/harness';

describe('transactions and deadlocks', () => {
  const server = testServerForSuite();

  it('runs a deadlock victim again: both transactions commit, the victim twice attempted', async () => {
    const tx = serviceDeps(server).tx;
    if (tx.dialect !== 'mysql') {
      console.log('skipped on SQLite: one writer at a time, transactions are queued and cannot deadlock');
      return;
    }
    const [{ tenantId: a }, { tenantId: b }] = [await createTenantUser(server), await createTenantUser(server)];
    let arrived = 0;
    let release!: () => void;
    const bothHoldTheirFirstLock = new Promise<void>((resolve) => (release = resolve));
    const attempts: Record<string, number> = { ab: 0, ba: 0 };
    const lockInOrder = (name: string, first: string, second: string) =>
      tx.run(async (em) => {
        attempts[name]!++;
        await em.query('SELECT id FROM tenant WHERE id = ? FOR UPDATE', [first]);
        if (attempts[name] === 1) {
          if (++arrived === 2) release();
          await bothHoldTheirFirstLock;
        }
        await em.query('SELECT id FROM tenant WHERE id = ? FOR UPDATE', [second]);
        await em.query('UPDATE tenant SET updatedAt = CURRENT_TIMESTAMP(6) WHERE id IN (?, ?)', [first, second]);
        return name;
      });
    await expect(Promise.all([lockInOrder('ab', a, b), lockInOrder('ba', b, a)])).resolves.toEqual(['ab', 'ba']);
    expect(attempts.ab! + attempts.ba!).toBe(3); // exactly one victim, run once more
  });

  it('leaves connections for reads while transactions wait on a row lock (they never take the whole pool)', async () => {
    const tx = serviceDeps(server).tx;
    if (tx.dialect !== 'mysql') {
      console.log('skipped on SQLite: one connection, transactions are queued in-process');
      return;
    }
    const { tenantId } = await createTenantUser(server);
    const poolSize = (server.kw.dataSource.options as { poolSize?: number }).poolSize ?? 10;
    // one transaction holds the tenant row; more than a pool's worth of others queue for it
    let releaseHolder!: () => void;
    let holding!: () => void;
    const held = new Promise<void>((resolve) => (holding = resolve));
    const holder = tx.run(async (em) => {
      await em.query('SELECT id FROM tenant WHERE id = ? FOR UPDATE', [tenantId]);
      holding();
      await new Promise<void>((resolve) => (releaseHolder = resolve));
    });
    await held;
    const waiters = Array.from({ length: poolSize + 5 }, () =>
      tx.run((em) => em.query('SELECT id FROM tenant WHERE id = ? FOR UPDATE', [tenantId])),
    );
    await new Promise((resolve) => setTimeout(resolve, 200)); // let them take what they can
    // a read (what a key verification's cache miss does) still gets a connection while they wait
    const read = server.kw.dataSource.query('SELECT 1 AS ok');
    const outcome = await Promise.race([
      read.then(() => 'read answered'),
      new Promise((resolve) => setTimeout(() => resolve('read still waiting for a connection'), 5000)),
    ]);
    releaseHolder();
    await Promise.all([holder, ...waiters, read]);
    expect(outcome).toBe('read answered');
  });

  it('keeps a quarter of the pool (at least one connection) for reads', () => {
    expect(transactionSlots(10)).toBe(8);
    expect(transactionSlots(4)).toBe(3);
    expect(transactionSlots(2)).toBe(1);
    expect(transactionSlots(1)).toBe(1);
    expect(transactionSlots(40)).toBe(30);
  });

  it('recognises the deadlock error of mysql2 (through TypeORM) and nothing else', () => {
    expect(isDeadlock({ driverError: { code: 'ER_LOCK_DEADLOCK', errno: 1213 } })).toBe(true);
    expect(isDeadlock({ code: 'ER_LOCK_DEADLOCK' })).toBe(true);
    expect(isDeadlock({ driverError: { code: 'ER_LOCK_WAIT_TIMEOUT', errno: 1205 } })).toBe(false);
    expect(isDeadlock(new Error('Deadlock found when trying to get lock'))).toBe(false);
    expect(isDeadlock(null)).toBe(false);
  });
});
