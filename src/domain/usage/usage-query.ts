import type { SelectQueryBuilder } from 'typeorm';
import type { Principal } from '../../core/principal';
import { ApiKey } from '../../db/entities/api-key.entity';
import { KeyUsageBucket } from '../../db/entities/key-usage-bucket.entity';
import { badInput, forbidden } from '../../core/errors';
import { channelScope } from '../channels/channel-scope';
import type { Infrastructure } from '../shared/infrastructure';
import { MAX_USAGE_POINTS, planUsageRange, type Segment, type UsagePlan, type UsageRangeArgs } from './usage-range';

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

export const MAX_TOP_KEYS = 100;
/** The series key of a query over a whole scope (not per key). */
const WHOLE = '*';

/**
 * Reads of key usage (docs/design.md §14): per-key and per-tenant series, the keys used most, uses in
 * the last 24 hours. Each point comes from the finest buckets still kept for its time (usage-range),
 * exact as of the last flush whether or not a roll-up ran; points are UTC-aligned and zero-filled.
 */
export class UsageQuery {
  constructor(
    private readonly deps: Pick<Infrastructure, 'config' | 'dataSource'>,
    /** The clock (epoch ms) "the last 24 hours" and retention go by. */
    private readonly now: () => number,
  ) {}

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

  /** Validates a range and splits it into runs of points (usage-range) at the current time. */
  private plan(args: UsageRangeArgs): UsagePlan {
    return planUsageRange(args, this.now(), this.deps.config.usageRetentionDays);
  }
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
