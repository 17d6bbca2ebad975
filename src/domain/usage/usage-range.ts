import type { UsageGranularity } from '../../db/entities/key-usage-bucket.entity';
import { badInput } from '../../core/errors';
import { floorTo, hoursKeptFrom, minutesKeptFrom, STEP } from './usage-buckets';

export interface UsageRangeArgs {
  from: Date;
  to: Date;
  granularity?: UsageGranularity | null;
}

/** At most this many points per query: 24 hours of minutes, 92 days of hours, 10 years of days. */
export const MAX_USAGE_POINTS: Record<UsageGranularity, number> = { MINUTE: 1440, HOUR: 92 * 24, DAY: 3660 };

/** A run of points read from one kind of bucket. */
export interface Segment {
  source: UsageGranularity;
  /** Bucket range [from, to) in minutes since the epoch. */
  from: number;
  to: number;
}

/** The points of a range: the first one's start and the step (minutes), how many, and where each is read from. */
export interface UsagePlan {
  first: number;
  step: number;
  count: number;
  segments: Segment[];
}

/**
 * Validates a range and splits it into runs of points read from minute, hour or day buckets: each
 * point from the finest buckets still kept for its time at `nowMs` (minutes for the last 48 h, hours
 * for the retention period, days beyond it).
 */
export function planUsageRange(args: UsageRangeArgs, nowMs: number, retentionDays: number): UsagePlan {
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
  const nowMinute = Math.floor(nowMs / 60_000);
  // where each kind of bucket is complete: minutes since the last whole hour deleted, hours since the last whole day
  // deleted
  const minutesFrom = minutesKeptFrom(nowMinute);
  const hoursFrom = hoursKeptFrom(nowMinute, retentionDays);
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
