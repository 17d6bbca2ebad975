import type { UsageGranularity } from '../../db/entities/key-usage-bucket.entity';
import type { Infrastructure } from '../shared/infrastructure';
import { floorTo, hoursKeptFrom, minutesKeptFrom, STEP } from './usage-buckets';
import type { UsageRecorder } from './usage-recorder';

/** Every roll-up recomputes at least this many minutes back (flushes of other instances land a second or so late). */
const ROLLUP_LOOKBACK = 120;
const ROLLUP_INTERVAL_MS = 60_000;
const ROLLUP_ROWS_PER_STATEMENT = 500;

/**
 * The usage roll-up and retention (docs/design.md §14): every minute on every instance, and at start,
 * recomputes the hour buckets of the recent minutes and the day buckets of those hours, and deletes
 * minute buckets older than 48 h and hour buckets older than KEYWARD_USAGE_RETENTION_DAYS. A roll-up
 * sets a bucket to the sum of its finer buckets and never lowers it (GREATEST/MAX), so instances may
 * run it at once, in any order, any number of times.
 */
export class UsageRollUp {
  private timer: NodeJS.Timeout | undefined;
  private rolling: Promise<void> = Promise.resolve();
  /** The first roll-up of a process looks back over every kept minute (catching up on downtime). */
  private caughtUp = false;

  constructor(
    private readonly deps: Pick<Infrastructure, 'config' | 'dataSource' | 'tx' | 'log'>,
    /** Where the minutes written since the last roll-up begin (null: counting is off). */
    private readonly recorder: Pick<UsageRecorder, 'takeOldestWritten'> | null,
    /** The clock (epoch ms). */
    private readonly now: () => number,
  ) {}

  /** Starts the periodic roll-up (the first one right away). */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.run(), ROLLUP_INTERVAL_MS);
    this.timer.unref();
    void this.run();
  }

  /** Stops the timer and waits for a running roll-up. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.rolling;
  }

  /**
   * Rolls minutes up into hours and hours into days, then applies retention. Serialised per instance; failures are
   * logged.
   */
  run(): Promise<void> {
    this.rolling = this.rolling.then(() =>
      this.rollUp().catch((error: Error) => {
        // the next run looks back over every kept minute again (what this one took on is not lost)
        this.caughtUp = false;
        this.deps.log.warn({ reason: error.message }, 'key usage roll-up failed; retrying in a minute');
      }),
    );
    return this.rolling;
  }

  private async rollUp(): Promise<void> {
    const nowMinute = Math.floor(this.now() / 60_000);
    const oldestKept = minutesKeptFrom(nowMinute);
    let from = nowMinute - ROLLUP_LOOKBACK;
    const written = this.recorder?.takeOldestWritten();
    if (written !== undefined) from = Math.min(from, written);
    if (!this.caughtUp) from = oldestKept;
    const hoursFrom = floorTo(Math.max(from, oldestKept), 60);
    // hours from the recent minutes; then the days of those hours from all their hours
    await this.rollInto('HOUR', 'MINUTE', hoursFrom);
    await this.rollInto('DAY', 'HOUR', floorTo(hoursFrom, 1440));
    this.caughtUp = true;
    const hourCutoff = hoursKeptFrom(nowMinute, this.deps.config.usageRetentionDays);
    await this.deps.tx.run(async (em) => {
      await em.query(`DELETE FROM key_usage WHERE granularity = 'MINUTE' AND bucket < ?`, [oldestKept]);
      await em.query(`DELETE FROM key_usage WHERE granularity = 'HOUR' AND bucket < ?`, [hourCutoff]);
    });
  }

  /**
   * Sets each `target` bucket from `since` on to the sum of its `source` buckets, never lowering it.
   * The sums are a plain read (no locks: flushes are not held up), written in chunks; a read that
   * missed a later flush only leaves a bucket low until the next roll-up.
   */
  private async rollInto(target: UsageGranularity, source: UsageGranularity, since: number): Promise<void> {
    const step = STEP[target];
    const sums: Array<{
      apiKeyId: string;
      tenantId: string;
      bucket: string | number;
      outcome: string;
      count: string | number;
    }> = await this.deps.dataSource.query(
      `SELECT apiKeyId, tenantId, bucket - (bucket % ${step}) AS bucket, outcome, SUM(count) AS count FROM key_usage
       WHERE granularity = ? AND bucket >= ? GROUP BY apiKeyId, tenantId, bucket - (bucket % ${step}), outcome`,
      [source, since],
    );
    const keep =
      this.deps.tx.dialect === 'mysql'
        ? 'ON DUPLICATE KEY UPDATE count = GREATEST(count, VALUES(count))'
        : 'ON CONFLICT (apiKeyId, granularity, bucket, outcome) DO UPDATE SET count = MAX(count, excluded.count)';
    // primary-key order: concurrent roll-ups and flushes lock rows in the same order
    sums.sort((x, y) =>
      x.apiKeyId < y.apiKeyId
        ? -1
        : x.apiKeyId > y.apiKeyId
          ? 1
          : Number(x.bucket) - Number(y.bucket) || (x.outcome < y.outcome ? -1 : 1),
    );
    for (let i = 0; i < sums.length; i += ROLLUP_ROWS_PER_STATEMENT) {
      const chunk = sums.slice(i, i + ROLLUP_ROWS_PER_STATEMENT);
      const values = chunk.map(() => `(?, ?, '${target}', ?, ?, ?)`).join(', ');
      const params = chunk.flatMap((row) => [
        row.apiKeyId,
        row.tenantId,
        Number(row.bucket),
        row.outcome,
        String(row.count),
      ]);
      // a key deleted since the read fails its chunk (foreign key): its usage is gone anyway; the next roll-up redoes
      // the rest
      await this.deps.tx.run((em) =>
        em.query(
          `INSERT INTO key_usage (apiKeyId, tenantId, granularity, bucket, outcome, count) VALUES ${values} ${keep}`,
          params,
        ),
      );
    }
  }
}
