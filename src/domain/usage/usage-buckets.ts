import type { UsageGranularity } from '../../db/entities/key-usage-bucket.entity';

// Bucket arithmetic shared by the roll-up and the reads: bucket sizes, UTC alignment, and from
// where on each granularity is still kept (retention).

/** Bucket sizes in minutes. */
export const STEP: Record<UsageGranularity, number> = { MINUTE: 1, HOUR: 60, DAY: 1440 };
/** Minute buckets are kept this long (whole hours older than it are deleted). */
export const MINUTE_RETENTION = 48 * 60;

/** `minute` rounded down to a multiple of `step` (minutes since the epoch; negative-safe). */
export const floorTo = (minute: number, step: number) => minute - (((minute % step) + step) % step);

/** The first minute bucket kept at `nowMinute`: the start of the hour 48 hours back. */
export function minutesKeptFrom(nowMinute: number): number {
  return floorTo(nowMinute - MINUTE_RETENTION, 60);
}

/** The first hour bucket kept at `nowMinute`: the start of the UTC day `retentionDays` back. */
export function hoursKeptFrom(nowMinute: number, retentionDays: number): number {
  return floorTo(nowMinute - retentionDays * 1440, 1440);
}
