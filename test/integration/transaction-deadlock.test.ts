/**
 * InnoDB picks a victim when two transactions wait on each other's row locks; the TransactionRunner
 * runs the victim again, so a service call never fails because of a deadlock (it surfaced as
 * INTERNAL_SERVER_ERROR from publishEvent in the load benchmark).
 */
import { isDeadlock } from '../../src/transaction-runner';
import { createTenantUser } from '../helpers/fixtures';
import { startTestServer, type TestServer } from '../helpers/harness';
import { serviceDeps } from '../helpers/keys';

describe('transactions and deadlocks', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

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
        await em.query("UPDATE tenant SET updatedAt = CURRENT_TIMESTAMP(6) WHERE id IN (?, ?)", [first, second]);
        return name;
      });
    await expect(Promise.all([lockInOrder('ab', a, b), lockInOrder('ba', b, a)])).resolves.toEqual(['ab', 'ba']);
    expect(attempts.ab! + attempts.ba!).toBe(3); // exactly one victim, run once more
  });

  it('recognises the deadlock error of mysql2 (through TypeORM) and nothing else', () => {
    expect(isDeadlock({ driverError: { code: 'ER_LOCK_DEADLOCK', errno: 1213 } })).toBe(true);
    expect(isDeadlock({ code: 'ER_LOCK_DEADLOCK' })).toBe(true);
    expect(isDeadlock({ driverError: { code: 'ER_LOCK_WAIT_TIMEOUT', errno: 1205 } })).toBe(false);
    expect(isDeadlock(new Error('Deadlock found when trying to get lock'))).toBe(false);
    expect(isDeadlock(null)).toBe(false);
  });
});
