import mysql2 from 'mysql2';

type Callback = (error: unknown, connection?: object) => void;
interface Acquiring {
  getConnection(...args: unknown[]): void;
}

/**
 * TypeORM calls `connection.promise()` before every query; mysql2 then resolves a `require` and builds
 * a new promise wrapper each time (measured: ~4% of a mutation's CPU). Each pooled connection here
 * keeps the first wrapper it made; the wrapper holds no per-query state.
 */
function keepPromiseWrapper(connection: { promise(): unknown }): void {
  if (Object.hasOwn(connection, 'promise')) return;
  const wrapper = connection.promise();
  connection.promise = () => wrapper;
}

function acquiringOnce<T extends Acquiring>(pool: T): T {
  const getConnection = pool.getConnection.bind(pool);
  pool.getConnection = (...args: unknown[]) => {
    const callback = args.pop() as Callback;
    getConnection(...args, (error: unknown, connection?: { promise(): unknown }) => {
      if (connection) keepPromiseWrapper(connection);
      callback(error, connection);
    });
  };
  return pool;
}

/** mysql2 for TypeORM's `driver` option: its pools and pool clusters hand out connections that keep their wrapper. */
export const mysqlDriver = {
  ...mysql2,
  createPool: (config: mysql2.PoolOptions) => acquiringOnce(mysql2.createPool(config)),
  createPoolCluster: (config?: mysql2.PoolClusterOptions) => acquiringOnce(mysql2.createPoolCluster(config)),
};
