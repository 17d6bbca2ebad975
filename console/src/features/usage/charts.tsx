// loaded on demand (React.lazy): recharts stays out of the first screen's JS
import '@mantine/charts/styles.css';
import { BarChart, Sparkline } from '@mantine/charts';
import dayjs from 'dayjs';
import type { UsageGranularity } from '../../gql/graphql';

export interface Point {
  start: string;
  valid: number;
  rateLimited: number;
  denied: number;
  total: number;
}

export const OUTCOME_SERIES = [
  { name: 'valid', label: 'Valid', color: 'teal.7' },
  { name: 'rateLimited', label: 'Rate limited', color: 'orange.6' },
  { name: 'denied', label: 'Denied', color: 'red.8' },
];

const LABEL_FORMAT: Record<UsageGranularity, string> = { MINUTE: 'HH:mm', HOUR: 'MMM D HH:mm', DAY: 'MMM D' };

/** Uses per bucket stacked by outcome (the numbers themselves are in the summary beside it). */
export function UsageBarChart({
  points,
  granularity,
  label,
}: {
  points: Point[];
  granularity: UsageGranularity;
  label: string;
}) {
  const data = points.map((p) => ({ ...p, time: dayjs(p.start).format(LABEL_FORMAT[granularity]) }));
  return (
    <figure aria-label={label} style={{ margin: 0 }} data-testid="usage-chart">
      <BarChart
        h={260}
        data={data}
        dataKey="time"
        type="stacked"
        series={OUTCOME_SERIES}
        withLegend
        legendProps={{ verticalAlign: 'bottom' }}
        tickLine="y"
        gridAxis="x"
        minBarSize={0}
      />
    </figure>
  );
}

/** A row's 24-hour trend (total uses per hour). */
export function UsageSparkline({ totals, label }: { totals: number[]; label: string }) {
  return (
    <div role="img" aria-label={label} data-testid="sparkline">
      <Sparkline w={110} h={28} data={totals} curveType="linear" color="indigo.6" fillOpacity={0.4} strokeWidth={1.5} />
    </div>
  );
}
