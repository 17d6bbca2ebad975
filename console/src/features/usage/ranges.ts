import { useState } from 'react';
import type { UsageGranularity } from '../../gql/graphql';

export type RangeKey = '1h' | '24h' | '7d' | '30d' | '90d';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * The range picker's choices; each granularity keeps the points within the server's limit (≤ 1,440
 * minutes, 2,208 hours).
 */
export const RANGES: Record<RangeKey, { label: string; ms: number; granularity: UsageGranularity; step: number }> = {
  '1h': { label: '1 h', ms: HOUR, granularity: 'MINUTE', step: MINUTE },
  '24h': { label: '24 h', ms: DAY, granularity: 'HOUR', step: HOUR },
  '7d': { label: '7 d', ms: 7 * DAY, granularity: 'HOUR', step: HOUR },
  '30d': { label: '30 d', ms: 30 * DAY, granularity: 'DAY', step: DAY },
  '90d': { label: '90 d', ms: 90 * DAY, granularity: 'DAY', step: DAY },
};

export const RANGE_OPTIONS = (Object.keys(RANGES) as RangeKey[]).map((value) => ({
  value,
  label: RANGES[value].label,
}));

/**
 * [from, to) for a range ending now: `to` is the end of the current bucket and `from` the start of
 * the first, so the points are whole buckets and the variables stay the same within one bucket
 * (urql's cache key).
 */
export function rangeWindow(
  key: RangeKey,
  now = Date.now(),
): { from: string; to: string; granularity: UsageGranularity } {
  const { ms, step, granularity } = RANGES[key];
  const end = Math.floor(now / step) * step + step;
  return { from: new Date(end - ms).toISOString(), to: new Date(end).toISOString(), granularity };
}

/**
 * The chosen range and its window, which stays put (and so do the query's variables) until the range
 * is changed or `moveToNow` is called (the user reloads).
 */
export function useRangeWindow(initial: RangeKey = '24h') {
  const [state, setState] = useState(() => ({ range: initial, win: rangeWindow(initial) }));
  const setRange = (range: RangeKey) => setState({ range, win: rangeWindow(range) });
  const moveToNow = () => setState({ range: state.range, win: rangeWindow(state.range) });
  return { range: state.range, win: state.win, setRange, moveToNow };
}

/** Sums of a range's points by outcome. */
export function totals(points: ReadonlyArray<{ valid: number; rateLimited: number; denied: number; total: number }>) {
  return points.reduce(
    (t, p) => ({
      valid: t.valid + p.valid,
      rateLimited: t.rateLimited + p.rateLimited,
      denied: t.denied + p.denied,
      total: t.total + p.total,
    }),
    { valid: 0, rateLimited: 0, denied: 0, total: 0 },
  );
}
