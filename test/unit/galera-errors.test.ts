import { isUnavailableError } from '../../src/core/errors';
import { isDeadlock } from '../../src/db/driver-errors';

// what mysql2 reports for Galera's answers (errno, code, message as the server sends them)
const certificationFailure = {
  errno: 1213,
  code: 'ER_LOCK_DEADLOCK',
  message: 'Deadlock found when trying to get lock; try restarting transaction',
};
const notReady = {
  errno: 1047,
  code: 'ER_UNKNOWN_COM_ERROR',
  message: 'WSREP has not yet prepared node for application use',
};

describe('Galera errors', () => {
  it('re-runs a transaction that failed certification, met a node not yet ready, or failed during COMMIT', () => {
    expect(isDeadlock({ driverError: certificationFailure })).toBe(true);
    expect(isDeadlock({ driverError: notReady })).toBe(true);
    expect(
      isDeadlock({
        driverError: {
          errno: 1180,
          code: 'ER_ERROR_DURING_COMMIT',
          message: 'Got error 6 "No such device or address" during COMMIT',
        },
      }),
    ).toBe(true);
    // 1047 without WSREP is an unknown command: a bug, not something to retry
    expect(isDeadlock({ driverError: { errno: 1047, code: 'ER_UNKNOWN_COM_ERROR', message: 'Unknown command' } })).toBe(
      false,
    );
  });

  it('a node that is not ready is an unavailable dependency (SERVICE_UNAVAILABLE), not an internal error', () => {
    expect(isUnavailableError({ driverError: notReady, message: notReady.message })).toBe(true);
    expect(isUnavailableError({ message: 'Unknown command', errno: 1047 })).toBe(false);
  });
});
