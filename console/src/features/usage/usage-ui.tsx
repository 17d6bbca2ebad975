import { Group, Paper, SegmentedControl, SimpleGrid, Skeleton, Text } from '@mantine/core';
import { lazy, Suspense } from 'react';
import type { UsageGranularity } from '../../gql/graphql';
import { RANGE_OPTIONS, type RangeKey } from './ranges';
import type { Point } from './charts';

const Charts = () => import('./charts');
const LazyBarChart = lazy(() => Charts().then((m) => ({ default: m.UsageBarChart })));
const LazySparkline = lazy(() => Charts().then((m) => ({ default: m.UsageSparkline })));

export function UsageChart(props: { points: Point[]; granularity: UsageGranularity; label: string }) {
  return (
    <Suspense fallback={<Skeleton h={260} aria-hidden />}>
      <LazyBarChart {...props} />
    </Suspense>
  );
}

export function Sparkline(props: { totals: number[]; label: string }) {
  return (
    <Suspense fallback={<Skeleton w={110} h={28} aria-hidden />}>
      <LazySparkline {...props} />
    </Suspense>
  );
}

export function RangePicker({ value, onChange }: { value: RangeKey; onChange: (v: RangeKey) => void }) {
  return (
    <Group gap="xs">
      <Text size="sm" fw={500} id="usage-range-label">
        Range
      </Text>
      <SegmentedControl
        aria-labelledby="usage-range-label"
        data={RANGE_OPTIONS}
        value={value}
        onChange={(v) => onChange(v as RangeKey)}
        size="xs"
      />
    </Group>
  );
}

const OUTCOMES = [
  { key: 'total', label: 'Total uses', color: undefined },
  { key: 'valid', label: 'Valid', color: 'teal.9' },
  { key: 'rateLimited', label: 'Rate limited', color: 'orange.9' },
  { key: 'denied', label: 'Denied', color: 'red.9' },
] as const;

/** The range's totals by outcome as text: what the chart shows, readable and testable. */
export function UsageTotals({
  totals,
}: {
  totals: { valid: number; rateLimited: number; denied: number; total: number };
}) {
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }} data-testid="usage-totals">
      {OUTCOMES.map((o) => (
        <Paper withBorder p="sm" key={o.key}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
            {o.label}
          </Text>
          <Text size="xl" fw={700} c={o.color} data-testid={`total-${o.key}`}>
            {totals[o.key].toLocaleString('en-US')}
          </Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}
