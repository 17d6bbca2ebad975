import type { FastifyBaseLogger } from 'fastify';
import type { EntityManager } from 'typeorm';
import type { UsageOutcome } from '../../db/entities/key-usage-bucket.entity';
import type { Metrics } from '../../observability/metrics';
import type { TransactionRunner } from '../../db/transaction-runner';

/** One key's uses in one minute (reused for every request of that minute: no allocation per request). */
interface Tally {
  keyId: string;
  tenantId: string;
  minute: number;
  valid: number;
  rateLimited: number;
  denied: number;
}

type Row = [keyId: string, tenantId: string, minute: number, outcome: UsageOutcome, count: number];

const FLUSH_INTERVAL_MS = 1000;
/** Rows per INSERT statement (well under both dialects' placeholder limits: 6 per row). */
const ROWS_PER_STATEMENT = 500;
/** Minute tallies kept in memory while the database is unreachable; beyond this the oldest are dropped. */
const MAX_PENDING = 200_000;

/**
 * Counts key uses in process (one Map lookup and an increment per request) and writes them behind
 * every second, and on close, as additive upserts into minute buckets: one row per key, minute and
 * outcome per flush, adding to what other instances wrote. A failed write keeps its counts for the
 * next flush (exact once the database is back); counts of keys deleted meanwhile are dropped.
 */
export class UsageRecorder {
  private current = new Map<string, Tally>();
  private sealed: Tally[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;
  private closed = false;
  private flushFailing = false;
  /** The oldest minute written since `takeOldestWritten()` was last called (the roll-up starts there). */
  private oldestWritten: number | undefined;
  /** keyward_usage_rows_written_total */
  private readonly rowsWritten: { inc(value: number): void } | undefined;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly log: FastifyBaseLogger,
    metrics?: Metrics,
  ) {
    this.rowsWritten = metrics?.usageRowsWritten;
    this.timer = setInterval(() => void this.flush(), FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  /** Counts one use of a key (hot path). `now`: epoch ms of the request. */
  record(keyId: string, tenantId: string, outcome: UsageOutcome, now: number): void {
    const minute = Math.floor(now / 60_000);
    let tally = this.current.get(keyId);
    if (tally === undefined || tally.minute !== minute) {
      if (tally !== undefined) this.seal(tally);
      tally = { keyId, tenantId, minute, valid: 0, rateLimited: 0, denied: 0 };
      this.current.set(keyId, tally);
    }
    if (outcome === 'VALID') tally.valid++;
    else if (outcome === 'RATE_LIMITED') tally.rateLimited++;
    else tally.denied++;
  }

  /** Writes what was counted so far. Serialised: one flush at a time. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.doFlush());
    return this.flushing;
  }

  /** Stops the timer and writes what is pending. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    await this.flush();
  }

  /** The oldest minute bucket written since the last call (undefined: none), and resets it. */
  takeOldestWritten(): number | undefined {
    const oldest = this.oldestWritten;
    this.oldestWritten = undefined;
    return oldest;
  }

  private seal(tally: Tally): void {
    if (this.sealed.length >= MAX_PENDING) {
      const dropped = this.sealed.shift()!;
      this.log.warn(
        { keyId: dropped.keyId, minute: dropped.minute },
        'usage counts pending for too long (database unreachable); dropping the oldest',
      );
    }
    this.sealed.push(tally);
  }

  private async doFlush(): Promise<void> {
    if (this.current.size === 0 && this.sealed.length === 0) return;
    if (!this.tx.dataSource.isInitialized) return;
    const tallies = this.sealed;
    for (const tally of this.current.values()) tallies.push(tally);
    this.current = new Map();
    this.sealed = [];
    const rows = rowsOf(tallies);
    try {
      const written = await this.tx.run((em) => this.write(em, rows));
      this.rowsWritten?.inc(written);
      let oldest = this.oldestWritten;
      for (const row of rows) if (oldest === undefined || row[2] < oldest) oldest = row[2];
      this.oldestWritten = oldest;
      if (this.flushFailing) this.log.info('usage analytics counts written again');
      this.flushFailing = false;
    } catch (error) {
      // kept for the next flush (rolled back: nothing of this batch was written)
      for (const tally of tallies) this.seal(tally);
      if (!this.flushFailing)
        this.log.warn({ reason: (error as Error).message }, 'could not write usage analytics counts; will retry');
      this.flushFailing = true;
    }
  }

  /** Upserts the rows of keys that still exist (keys deleted meanwhile lose their pending counts). */
  private async write(em: EntityManager, rows: Row[]): Promise<number> {
    const mysql = this.tx.dialect === 'mysql';
    let written = 0;
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
      const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
      const ids = [...new Set(chunk.map((row) => row[0]))];
      // keys deleted since their use are left out (a delete between this read and the insert fails
      // the flush on the foreign key; the next flush reads again and leaves the key out)
      const existing: Array<{ id: string }> = await em.query(
        `SELECT id FROM api_key WHERE id IN (${ids.map(() => '?').join(', ')})`,
        ids,
      );
      const live = new Set(existing.map((row) => row.id));
      const kept = chunk.filter((row) => live.has(row[0]));
      if (kept.length === 0) continue;
      const values = kept.map(() => "(?, ?, 'MINUTE', ?, ?, ?)").join(', ');
      const params = kept.flatMap(([keyId, tenantId, minute, outcome, count]) => [
        keyId,
        tenantId,
        minute,
        outcome,
        count,
      ]);
      const upsert = mysql
        ? 'ON DUPLICATE KEY UPDATE count = count + VALUES(count)'
        : 'ON CONFLICT (apiKeyId, granularity, bucket, outcome) DO UPDATE SET count = count + excluded.count';
      await em.query(
        `INSERT INTO key_usage (apiKeyId, tenantId, granularity, bucket, outcome, count) VALUES ${values} ${upsert}`,
        params,
      );
      written += kept.length;
    }
    return written;
  }
}

/**
 * One row per key, minute and outcome (tallies of one key and minute merged), in primary-key order so concurrent
 * flushes lock rows in the same order.
 */
function rowsOf(tallies: Tally[]): Row[] {
  const merged = new Map<string, Row>();
  const add = (tally: Tally, outcome: UsageOutcome, count: number) => {
    if (count === 0) return;
    const id = `${tally.keyId}|${tally.minute}|${outcome}`;
    const row = merged.get(id);
    if (row) row[4] += count;
    else merged.set(id, [tally.keyId, tally.tenantId, tally.minute, outcome, count]);
  };
  for (const tally of tallies) {
    add(tally, 'VALID', tally.valid);
    add(tally, 'RATE_LIMITED', tally.rateLimited);
    add(tally, 'DENIED', tally.denied);
  }
  return [...merged.values()].sort((a, b) =>
    a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[2] - b[2] || (a[3] < b[3] ? -1 : a[3] > b[3] ? 1 : 0),
  );
}
