import type { DataSource } from 'typeorm';
import type { TestServer } from './harness';

/** The SQL statements a DataSource ran since the capture started (or since `reset`). */
export interface QueryCapture {
  readonly queries: string[];
  readonly count: number;
  reset(): void;
  stop(): void;
}

/**
 * The tests' one statement counter: wraps the DataSource's logger in place, so it sees every
 * statement of an initialized DataSource whatever its `logging` option, until `stop()`.
 */
export function captureQueries(target: TestServer | DataSource): QueryCapture {
  const dataSource = 'kw' in target ? target.kw.dataSource : target;
  const logger = dataSource.logger;
  const original = logger.logQuery;
  const queries: string[] = [];
  logger.logQuery = function (query, parameters, queryRunner) {
    queries.push(query);
    return original.call(this, query, parameters, queryRunner);
  };
  return {
    queries,
    get count() {
      return queries.length;
    },
    reset: () => void (queries.length = 0),
    stop: () => void (logger.logQuery = original),
  };
}
