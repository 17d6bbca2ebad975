import type { SelectQueryBuilder } from 'typeorm';
import type { Principal } from '../../core/principal';
import { ApiKey } from '../../db/entities/api-key.entity';
import { KeyUsageBucket, type UsageGranularity } from '../../db/entities/key-usage-bucket.entity';
import { badInput, forbidden } from '../../core/errors';
import { channelScope } from '../channels/channel-scope';
import type { Infrastructure } from '../shared/infrastructure';
import { UsageRecorder } from './usage-recorder';

export interface UsageRangeArgs {
  from: Date;
  to: Date;
  granularity?: UsageGranularity | null;
}

export interface TopKeysArgs {
  from: Date;
  to: Date;
  first?: number | null;
}

export interface UsagePoint {
  start: Date;
  valid: number;
  rateLimited: number;
  denied: number;
  total: number;
}

export interface KeyUsageModel {
  apiKey: ApiKey;
  valid: number;
  rateLimited: number;
  denied: number;
  total: number;
}

export interface UsageServiceOptions {
  /** The clock (epoch ms) roll-ups, retention and "the last 24 hours" go by (default Date.now). */
  now?: () => number;
}

/** Bucket sizes in minutes. */
const STEP: Record<UsageGranularity, number> = { MINUTE: 1, HOUR: 60, DAY: 1440 };
/** At most this many points per query: 24 hours of minutes, 92 days of hours, 10 years of days. */
export const MAX_USAGE_POINTS: Record<UsageGranularity, number> = { MINUTE: 1440, HOUR: 92 * 24, DAY: 3660 };
export const MAX_TOP_KEYS = 100;
/** Minute buckets are kept this long (whole hours older than it are deleted). */
const MINUTE_RETENTION = 48 * 60;
/** Every roll-up recomputes at least this many minutes back (flushes of other instances land a second or so late). */
const ROLLUP_LOOKBACK = 120;
const ROLLUP_INTERVAL_MS = 60_000;
const ROLLUP_ROWS_PER_STATEMENT = 500;
/** The series key of a query over a whole scope (not per key). */
const WHOLE = '*';

const floorTo = (minute: number, step: number) => minute - (((minute % step) + step) % step);

/**
 * Key usage analytics (docs/design.md §14). The recorder counts uses into minute buckets; `rollUp()` (every
 * minute on every instance, and at start) recomputes the hour buckets of the recent minutes and the
 * day buckets of those hours, and deletes minute buckets older than 48 h and hour buckets older
 * than KEYWARD_USAGE_RETENTION_DAYS. A roll-up sets a bucket to the sum of its finer buckets and
 * never lowers it (GREATEST/MAX), so instances may run it at once, in any order, any number of times.
 *
 * Reads take each point from the finest buckets still kept for its time: minutes for the last 48 h
 * (exact as of the last flush, whether or not a roll-up ran), hours for the retention period, days
 * beyond it. Points are UTC-aligned and zero-filled.
 */
export class UsageService {
  /** null when KEYWARD_USAGE_ANALYTICS=false: nothing is counted, what was counted stays readable. */
  readonly recorder: UsageRecorder | null;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;
  private rolling: Promise<void> = Promise.resolve();
  /** The first roll-up of a process looks back over every kept minute (catching up on downtime). */
  private caughtUp = false;

  constructor(
    private readonly deps: Pick<Infrastructure, 'config' | 'dataSource' | 'tx' | 'log'> & {
      metrics?: Infrastructure['metrics'];
    },
    options: UsageServiceOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.recorder = deps.config.usageAnalytics ? new UsageRecorder(deps.tx, deps.log, deps.metrics) : null;
  }

  /** Starts the periodic roll-up (the first one right away). */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.rollUp(), ROLLUP_INTERVAL_MS);
    this.timer.unref();
    void this.rollUp();
  }

  /** Stops the roll-up, waits for a running one and writes pending counts. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.rolling;
    await this.recorder?.close();
  }

  /**
   * Rolls minutes up into hours and hours into days, then applies retention. Serialised per instance; failures are
   * logged.
   */
  rollUp(): Promise<void> {
    this.rolling = this.rolling.then(() =>
      this.doRollUp().catch((error: Error) => {
        // the next run looks back over every kept minute again (what this one took on is not lost)
        this.caughtUp = false;
        this.deps.log.warn({ reason: error.message }, 'key usage roll-up failed; retrying in a minute');
      }),
    );
    return this.rolling;
  }

  private async doRollUp(): Promise<void> {
    const nowMinute = Math.floor(this.now() / 60_000);
    const oldestKept = floorTo(nowMinute - MINUTE_RETENTION, 60);
    let from = nowMinute - ROLLUP_LOOKBACK;
    const written = this.recorder?.takeOldestWritten();
    if (written !== undefined) from = Math.min(from, written);
    if (!this.caughtUp) from = oldestKept;
    const hoursFrom = floorTo(Math.max(from, oldestKept), 60);
    // hours from the recent minutes; then the days of those hours from all their hours
    await this.rollInto('HOUR', 'MINUTE', hoursFrom);
    await this.rollInto('DAY', 'HOUR', floorTo(hoursFrom, 1440));
    this.caughtUp = true;
    const hourCutoff = floorTo(nowMinute - this.deps.config.usageRetentionDays * 1440, 1440);
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

  // ---------------------------------------------------------------- reads

  /**
   * Uses of each key per point of [from, to): one query per bucket segment for all the keys (the
   * keys table's sparklines come as one batch); keys the caller may not see answer FORBIDDEN.
   */
  async keysUsage(
    principal: Principal,
    keys: readonly ApiKey[],
    args: UsageRangeArgs,
  ): Promise<Array<UsagePoint[] | Error>> {
    return this.perVisibleKey(principal, keys, (ids) =>
      this.points(args, (qb) => qb.andWhere('u.apiKeyId IN (:...keyIds)', { keyIds: ids }), ids),
    );
  }

  /** Uses of every key of the tenant (a channel-bound caller: of its channel's keys) per point of [from, to). */
  async tenantUsage(principal: Principal, tenantId: string, args: UsageRangeArgs): Promise<UsagePoint[]> {
    this.assertTenant(principal, tenantId);
    return (await this.points(args, (qb) => this.scopeToTenant(qb, principal, tenantId))).get(WHOLE)!;
  }

  /** The keys used most in [from, to), by total uses (ties: by id). */
  async topKeys(principal: Principal, tenantId: string, args: TopKeysArgs): Promise<KeyUsageModel[]> {
    this.assertTenant(principal, tenantId);
    const first = args.first ?? 10;
    if (!Number.isInteger(first) || first < 1 || first > MAX_TOP_KEYS)
      throw badInput('first', `"first" must be between 1 and ${MAX_TOP_KEYS}`);
    const granularity = args.to.getTime() - args.from.getTime() <= MAX_USAGE_POINTS.HOUR * 3_600_000 ? 'HOUR' : 'DAY';
    const { segments } = this.plan({ ...args, granularity });
    const totals = new Map<string, { valid: number; rateLimited: number; denied: number; total: number }>();
    for (const segment of segments) {
      const qb = this.bucketQuery(segment)
        .select('u.apiKeyId', 'apiKeyId')
        .addSelect('u.outcome', 'outcome')
        .addSelect('SUM(u.count)', 'count')
        .groupBy('u.apiKeyId')
        .addGroupBy('u.outcome');
      this.scopeToTenant(qb, principal, tenantId);
      for (const row of await qb.getRawMany<{ apiKeyId: string; outcome: string; count: string | number }>()) {
        let t = totals.get(row.apiKeyId);
        if (!t) totals.set(row.apiKeyId, (t = { valid: 0, rateLimited: 0, denied: 0, total: 0 }));
        addOutcome(t, row.outcome, Number(row.count));
      }
    }
    const top = [...totals.entries()].sort((a, b) => b[1].total - a[1].total || (a[0] < b[0] ? -1 : 1)).slice(0, first);
    if (top.length === 0) return [];
    const keys = await this.deps.dataSource
      .getRepository(ApiKey)
      .createQueryBuilder('k')
      .where('k.tenantId = :tenantId', { tenantId })
      .andWhere('k.id IN (:...ids)', { ids: top.map(([id]) => id) })
      .getMany();
    const byId = new Map(keys.map((key) => [key.id, key]));
    return top.filter(([id]) => byId.has(id)).map(([id, t]) => ({ apiKey: byId.get(id)!, ...t }));
  }

  /**
   * Uses (every outcome) of each key in the last 24 hours, from minute buckets; keys the caller may not see answer
   * FORBIDDEN.
   */
  async usage24h(principal: Principal, keys: readonly ApiKey[]): Promise<Array<number | Error>> {
    return this.perVisibleKey(principal, keys, async (ids) => {
      const rows = await this.deps.dataSource
        .createQueryBuilder(KeyUsageBucket, 'u')
        .select('u.apiKeyId', 'apiKeyId')
        .addSelect('SUM(u.count)', 'count')
        .where('u.apiKeyId IN (:...ids)', { ids })
        .andWhere("u.granularity = 'MINUTE' AND u.bucket > :since", { since: this.since24h() })
        .groupBy('u.apiKeyId')
        .getRawMany<{ apiKeyId: string; count: string | number }>();
      const sums = new Map(ids.map((id) => [id, 0]));
      for (const row of rows) sums.set(row.apiKeyId, Number(row.count));
      return sums;
    });
  }

  /** SQL for a key's uses in the last 24 hours (alias `k` for the key): the USAGE_24H sort key; binds `:usageSince`. */
  usage24hSql(): { expression: string; parameters: Record<string, unknown> } {
    return {
      expression:
        "(SELECT COALESCE(SUM(u24.count), 0) FROM key_usage u24 WHERE u24.apiKeyId = k.id AND u24.granularity = 'MINUTE' AND u24.bucket > :usageSince)",
      parameters: { usageSince: this.since24h() },
    };
  }

  private since24h(): number {
    return Math.floor(this.now() / 60_000) - 1440;
  }

  // ---------------------------------------------------------------- helpers

  /**
   * One value per key from `read` (given the ids of the keys the caller may see, once each); keys of
   * another tenant or, for a channel-bound caller, another channel answer FORBIDDEN.
   */
  private async perVisibleKey<T>(
    principal: Principal,
    keys: readonly ApiKey[],
    read: (ids: string[]) => Promise<Map<string, T>>,
  ): Promise<Array<T | Error>> {
    const visible = (key: ApiKey) =>
      key.tenantId === principal.tenantId && channelScope.allows(principal, key.channelId);
    const ids = [...new Set(keys.filter(visible).map((key) => key.id))];
    const values = ids.length > 0 ? await read(ids) : new Map<string, T>();
    return keys.map((key) =>
      visible(key) ? values.get(key.id)! : forbidden('This key is outside your tenant or channel'),
    );
  }

  private assertTenant(principal: Principal, tenantId: string): void {
    if (tenantId !== principal.tenantId) throw forbidden("Usage is readable for the caller's own tenant only");
  }

  private scopeToTenant<T extends SelectQueryBuilder<KeyUsageBucket>>(
    qb: T,
    principal: Principal,
    tenantId: string,
  ): T {
    qb.andWhere('u.tenantId = :tenantId', { tenantId });
    if (principal.channelId)
      qb.innerJoin(ApiKey, 'k', 'k.id = u.apiKeyId AND k.channelId = :channelId', { channelId: principal.channelId });
    return qb;
  }

  private bucketQuery(segment: Segment): SelectQueryBuilder<KeyUsageBucket> {
    return this.deps.dataSource
      .createQueryBuilder(KeyUsageBucket, 'u')
      .where('u.granularity = :source', { source: segment.source })
      .andWhere('u.bucket >= :segFrom AND u.bucket < :segTo', { segFrom: segment.from, segTo: segment.to });
  }

  /**
   * Zero-filled points of [from, to), each read from the finest buckets kept for its time: one
   * series per key of `perKey`, or one for everything in `scope` (under WHOLE).
   */
  private async points(
    args: UsageRangeArgs,
    scope: (qb: SelectQueryBuilder<KeyUsageBucket>) => unknown,
    perKey?: readonly string[],
  ): Promise<Map<string, UsagePoint[]>> {
    const { first, step, count, segments } = this.plan(args);
    const zero = (): UsagePoint[] =>
      Array.from({ length: count }, (_, i) => ({
        start: new Date((first + i * step) * 60_000),
        valid: 0,
        rateLimited: 0,
        denied: 0,
        total: 0,
      }));
    const series = new Map((perKey ?? [WHOLE]).map((id) => [id, zero()]));
    for (const segment of segments) {
      const qb = this.bucketQuery(segment)
        .select('u.bucket', 'bucket')
        .addSelect('u.outcome', 'outcome')
        .addSelect('SUM(u.count)', 'count')
        .groupBy('u.bucket')
        .addGroupBy('u.outcome');
      if (perKey) qb.addSelect('u.apiKeyId', 'apiKeyId').addGroupBy('u.apiKeyId');
      scope(qb);
      for (const row of await qb.getRawMany<{
        bucket: string | number;
        outcome: string;
        count: string | number;
        apiKeyId?: string;
      }>()) {
        const point = series.get(perKey ? row.apiKeyId! : WHOLE)?.[Math.floor((Number(row.bucket) - first) / step)];
        if (point) addOutcome(point, row.outcome, Number(row.count));
      }
    }
    return series;
  }

  /** Validates a range and splits it into runs of points read from minute, hour or day buckets. */
  private plan(args: UsageRangeArgs): { first: number; step: number; count: number; segments: Segment[] } {
    const granularity = args.granularity ?? 'HOUR';
    const from = args.from.getTime();
    const to = args.to.getTime();
    if (!Number.isFinite(from)) throw badInput('from', '"from" is not a valid time');
    if (!Number.isFinite(to)) throw badInput('to', '"to" is not a valid time');
    if (from >= to) throw badInput('to', '"to" must be after "from"');
    const step = STEP[granularity];
    const first = floorTo(Math.floor(from / 60_000), step);
    const end = Math.ceil(to / 60_000);
    const count = Math.ceil((end - first) / step);
    if (count > MAX_USAGE_POINTS[granularity]) {
      throw badInput(
        'from',
        `At most ${MAX_USAGE_POINTS[granularity]} points of ${granularity} granularity per query; narrow the range or choose a coarser granularity`,
      );
    }
    const nowMinute = Math.floor(this.now() / 60_000);
    // where each kind of bucket is complete: minutes since the last whole hour deleted, hours since the last whole day
    // deleted
    const minutesFrom = floorTo(nowMinute - MINUTE_RETENTION, 60);
    const hoursFrom = floorTo(nowMinute - this.deps.config.usageRetentionDays * 1440, 1440);
    const sourceOf = (start: number): UsageGranularity => {
      if (granularity === 'MINUTE' || start >= minutesFrom) return 'MINUTE';
      if (granularity === 'HOUR' || start >= hoursFrom) return 'HOUR';
      return 'DAY';
    };
    const segments: Segment[] = [];
    for (let i = 0; i < count; i++) {
      const start = first + i * step;
      const source = sourceOf(start);
      const last = segments[segments.length - 1];
      if (last && last.source === source) last.to = start + step;
      else segments.push({ source, from: start, to: start + step });
    }
    return { first, step, count, segments };
  }
}

interface Segment {
  source: UsageGranularity;
  /** Bucket range [from, to) in minutes since the epoch. */
  from: number;
  to: number;
}

function addOutcome(
  target: { valid: number; rateLimited: number; denied: number; total: number },
  outcome: string,
  count: number,
): void {
  if (outcome === 'VALID') target.valid += count;
  else if (outcome === 'RATE_LIMITED') target.rateLimited += count;
  else target.denied += count;
  target.total += count;
}
