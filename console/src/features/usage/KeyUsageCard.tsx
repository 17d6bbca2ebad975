import { ActionIcon, Card, Group, Stack, Title, Tooltip } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useQuery } from 'urql';
import { QueryState } from '../../components/QueryState';
import { KeyUsageDocument } from './documents';
import { RANGES, totals, useRangeWindow } from './ranges';
import { RangePicker, UsageChart, UsageTotals } from './usage-ui';

/** A key's uses over the chosen range, stacked by outcome, with the totals as text. */
export function KeyUsageCard({ keyId }: { keyId: string }) {
  const { range, win, setRange, moveToNow } = useRangeWindow();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: KeyUsageDocument,
    variables: { id: keyId, ...win },
    requestPolicy: 'cache-and-network',
  });
  const points = data?.apiKey?.usage ?? [];
  return (
    <Card withBorder data-testid="key-usage-card">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          Usage
        </Title>
        <Group gap="xs">
          <RangePicker value={range} onChange={setRange} />
          <Tooltip label="Reload">
            <ActionIcon
              variant="default"
              aria-label="Reload usage"
              onClick={() => {
                moveToNow();
                refetch({ requestPolicy: 'network-only' });
              }}
            >
              <IconRefresh size={16} />
            </ActionIcon>
          </Tooltip>
        </Group>
      </Group>
      <QueryState
        fetching={fetching}
        error={error}
        empty={!data}
        retry={() => refetch({ requestPolicy: 'network-only' })}
      >
        <Stack>
          <UsageTotals totals={totals(points)} />
          <UsageChart
            points={points}
            granularity={win.granularity}
            label={`Uses of this key over the last ${RANGES[range].label}, by outcome`}
          />
        </Stack>
      </QueryState>
    </Card>
  );
}
