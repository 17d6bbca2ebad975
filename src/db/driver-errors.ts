/** What the drivers (mysql2, better-sqlite3) put on an error; TypeORM wraps it as `driverError`. */
interface DriverError {
  code?: unknown;
  errno?: unknown;
  message?: unknown;
}

function driverErrorOf(error: unknown): DriverError | null {
  const e = error as (DriverError & { driverError?: DriverError }) | null | undefined;
  return e?.driverError ?? e ?? null;
}

/**
 * ER_LOCK_DEADLOCK (1213): InnoDB rolled the transaction back (the MySQL manual says to re-issue it);
 * Galera answers the same for a transaction that failed certification or was aborted by a
 * conflicting write set from another node. Galera's 1047 (node not ready, e.g. while it rejoins)
 * and 1180 (error during COMMIT) are run again too: the next attempt may find the node ready.
 */
export function isDeadlock(error: unknown): boolean {
  const driver = driverErrorOf(error);
  if (driver?.code === 'ER_LOCK_DEADLOCK' || driver?.errno === 1213) return true;
  return (driver?.errno === 1047 && /WSREP/.test(String(driver.message))) || driver?.errno === 1180;
}

/** True for a unique-index violation on either dialect (a race the pre-check did not see). */
export function isUniqueViolation(error: unknown): boolean {
  const driver = driverErrorOf(error);
  const outer = error as DriverError | null;
  return (
    driver?.code === 'ER_DUP_ENTRY' ||
    driver?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    /UNIQUE constraint failed|Duplicate entry/i.test(String(outer?.message ?? ''))
  );
}
