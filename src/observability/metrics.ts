import { Counter, Gauge, Registry, collectDefaultMetrics, type LabelValues } from 'prom-client';
import type { DataSource } from 'typeorm';
import { HttpDurationHistogram } from './http-duration-histogram';

/** Increments a hot path made, not yet handed to prom-client (per counter: label set → count). */
const pendingIncrements = new WeakMap<Counter<string>, Array<{ labels: LabelValues<string>; count: number }>>();

/** `collect` hook of the batched counters: adds what the hot path counted since the last collection. */
function flushPending(this: Counter<string>): void {
  for (const pending of pendingIncrements.get(this) ?? []) {
    if (pending.count > 0) {
      const count = pending.count;
      pending.count = 0;
      this.inc(pending.labels, count);
    }
  }
}

/**
 * A counter child for a hot path: `inc()` is a plain addition; prom-client gets the sum when the
 * counter is collected (every scrape and every `get()` runs `collect` first), so what /metrics
 * shows is exact, and no label hashing or validation runs per request. For counters created with
 * `collect: flushPending`.
 */
export function batchedCounter<T extends string>(counter: Counter<T>, labels: LabelValues<T> = {}): { inc(): void } {
  const entry = { labels: labels as LabelValues<string>, count: 0 };
  let list = pendingIncrements.get(counter as unknown as Counter<string>);
  if (!list) pendingIncrements.set(counter as unknown as Counter<string>, (list = []));
  list.push(entry);
  return {
    inc() {
      entry.count++;
    },
  };
}

const GAUGES_NAMED_LIKE_COUNTERS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

/** Prometheus metrics of one app instance (its own registry, so tests can build several). */
export class Metrics {
  readonly registry = new Registry();

  /** keyward_http_request_duration_seconds{method, route, status}: `httpDuration.recorder(route)` per route. */
  readonly httpDuration = new HttpDurationHistogram(
    [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    this.registry,
  );

  readonly graphqlOperations = new Counter({
    name: 'keyward_graphql_operations_total',
    help: 'GraphQL operations by type and first root field (a field the schema does not have: "other")',
    labelNames: ['type', 'field'] as const,
    registers: [this.registry],
  });

  readonly graphqlErrors = new Counter({
    name: 'keyward_graphql_errors_total',
    help: 'GraphQL errors by extensions.code',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  readonly keyVerifications = new Counter({
    name: 'keyward_key_verifications_total',
    help: 'API key and access token verifications by result code (VALID, NOT_FOUND, REVOKED, …)',
    labelNames: ['code'] as const,
    registers: [this.registry],
    collect: flushPending,
  });

  readonly keyCacheLookups = new Counter({
    name: 'keyward_key_cache_lookups_total',
    help: 'Verified-key cache lookups by result (hit, miss); hit ratio = hit / (hit + miss)',
    labelNames: ['result'] as const,
    registers: [this.registry],
    collect: flushPending,
  });

  readonly rateLimitRejections = new Counter({
    name: 'keyward_rate_limit_rejections_total',
    help: 'Requests rejected by a per-key rate limit',
    registers: [this.registry],
    collect: flushPending,
  });

  readonly failedAuthThrottled = new Counter({
    name: 'keyward_failed_auth_throttled_total',
    help: 'Requests refused because their address sent too many unknown credentials (KEYWARD_FAILED_AUTH_LIMIT_PER_MINUTE)',
    registers: [this.registry],
  });

  readonly usageRowsWritten = new Counter({
    name: 'keyward_usage_rows_written_total',
    help: 'Key usage rows upserted by the write-behind flush (bounded by keys × minutes × outcomes per flush, not by requests)',
    registers: [this.registry],
  });

  readonly tokensIssued = new Counter({
    name: 'keyward_oauth_tokens_issued_total',
    help: 'OAuth access tokens issued, by grant type',
    labelNames: ['grant_type'] as const,
    registers: [this.registry],
  });

  constructor(dataSource: DataSource) {
    collectDefaultMetrics({ register: this.registry, prefix: 'keyward_' });
    // prom-client also adds gauges named …_total (handles, requests, resources), a suffix Prometheus
    // keeps for counters (promtool refuses them): the per-type gauge beside each sums to the same.
    for (const name of GAUGES_NAMED_LIKE_COUNTERS) this.registry.removeSingleMetric(`keyward_${name}`);
    new Gauge({
      name: 'keyward_db_pool_connections',
      help: 'Database connections by state: total, idle, active, waiting (requests queued for a connection); sqlite reports its one connection as total',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        const pool = poolOf(dataSource);
        if (!pool) {
          this.set({ state: 'total' }, dataSource.isInitialized ? 1 : 0);
          return;
        }
        const total = pool._allConnections?.length ?? 0;
        const idle = pool._freeConnections?.length ?? 0;
        this.set({ state: 'total' }, total);
        this.set({ state: 'idle' }, idle);
        this.set({ state: 'active' }, total - idle);
        this.set({ state: 'waiting' }, pool._connectionQueue?.length ?? 0);
      },
    });
    new Gauge({
      name: 'keyward_db_pool_connections_max',
      help: 'Most database connections the pool opens (sqlite: 1)',
      registers: [this.registry],
      collect() {
        const pool = poolOf(dataSource);
        this.set(pool ? (pool.config?.connectionLimit ?? 0) : 1);
      },
    });
  }
}

interface Mysql2PoolInternals {
  _allConnections?: { length: number };
  _freeConnections?: { length: number };
  _connectionQueue?: { length: number };
  config?: { connectionLimit?: number };
}

function poolOf(dataSource: DataSource): Mysql2PoolInternals | undefined {
  const driver = dataSource.driver as unknown as { pool?: Mysql2PoolInternals };
  return dataSource.isInitialized ? driver.pool : undefined;
}
