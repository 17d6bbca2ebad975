import { ActionIcon, Anchor, Badge, Card, Grid, Group, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import type { TenantUsageQuery } from '../../gql/graphql';
import { StatusBadge } from '../api-keys/key-badges';
import { TenantUsageDocument } from './documents';
import { RANGES, totals, useRangeWindow } from './ranges';
import { RangePicker, UsageChart, UsageTotals } from './usage-ui';

type KeyUsage = TenantUsageQuery['tenant']['topKeys'][number];
const TOP = 10;

/** The tenant's uses over a range: totals, uses over time by outcome, top keys and the keys refused most. */
export default function UsageDashboardPage() {
  const { range, win, setRange, moveToNow } = useRangeWindow();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: TenantUsageDocument,
    variables: win,
    requestPolicy: 'cache-and-network',
  });
  const reload = () => {
    moveToNow();
    refetch({ requestPolicy: 'network-only' });
  };
  const points = data?.tenant.usage ?? [];
  const keys = data?.tenant.topKeys ?? [];
  // the denied list comes from the same (up to 100) most-used keys, re-sorted by denied uses
  const denied = keys
    .filter((k) => k.denied > 0)
    .sort((a, b) => b.denied - a.denied)
    .slice(0, TOP);
  const span = RANGES[range].label;
  return (
    <>
      <PageHeader
        title="Usage"
        description="Authentications with the tenant's keys, by outcome"
        actions={
          <>
            <RangePicker value={range} onChange={setRange} />
            <Tooltip label="Reload">
              <ActionIcon variant="default" size="lg" aria-label="Reload usage" onClick={reload}>
                <IconRefresh size={18} />
              </ActionIcon>
            </Tooltip>
          </>
        }
      />
      <QueryState fetching={fetching} error={error} empty={!data} retry={reload}>
        <Stack>
          <UsageTotals totals={totals(points)} />
          <Card withBorder>
            <Title order={2} size="h4" mb="sm">
              Uses over the last {span}
            </Title>
            <UsageChart
              points={points}
              granularity={win.granularity}
              label={`Uses of the tenant's keys over the last ${span}, by outcome`}
            />
          </Card>
          <Grid>
            <Grid.Col span={{ base: 12, lg: 6 }}>
              <Card withBorder h="100%">
                <Title order={2} size="h4" mb="sm">
                  Top keys
                </Title>
                <KeyTable keys={keys.slice(0, TOP)} testId="top-keys" empty="No key was used in this range." />
              </Card>
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 6 }}>
              <Card withBorder h="100%">
                <Title order={2} size="h4" mb="sm">
                  Denied requests
                </Title>
                <Text size="sm" c="dimmed" mb="xs">
                  Keys refused most (revoked, inactive, expired or outside their IP allowlist), among the{' '}
                  {keys.length >= 100 ? '100 ' : ''}most-used keys.
                </Text>
                <KeyTable keys={denied} testId="denied-keys" empty="No request was denied in this range." />
              </Card>
            </Grid.Col>
          </Grid>
        </Stack>
      </QueryState>
    </>
  );
}

function KeyTable({ keys, testId, empty }: { keys: KeyUsage[]; testId: string; empty: string }) {
  if (keys.length === 0)
    return (
      <Text size="sm" c="dimmed" data-testid={testId}>
        {empty}
      </Text>
    );
  return (
    <Table.ScrollContainer minWidth={480}>
      <Table data-testid={testId} verticalSpacing={4} highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Key</Table.Th>
            <Table.Th ta="right">Total</Table.Th>
            <Table.Th ta="right">Valid</Table.Th>
            <Table.Th ta="right">Rate limited</Table.Th>
            <Table.Th ta="right">Denied</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {keys.map((k) => (
            <Table.Tr key={k.apiKey.id} data-key-name={k.apiKey.name}>
              <Table.Td>
                <Group gap={6} wrap="nowrap">
                  <Anchor component={Link} to={`/keys/${k.apiKey.id}`} underline="always" fw={500}>
                    {k.apiKey.name}
                  </Anchor>
                  {k.apiKey.status !== 'ACTIVE' && <StatusBadge status={k.apiKey.status} />}
                  {k.apiKey.leakedAt && (
                    <Badge color="red" variant="filled" size="sm">
                      Leaked
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td ta="right">{k.total.toLocaleString('en-US')}</Table.Td>
              <Table.Td ta="right">{k.valid.toLocaleString('en-US')}</Table.Td>
              <Table.Td ta="right">{k.rateLimited.toLocaleString('en-US')}</Table.Td>
              <Table.Td ta="right">{k.denied.toLocaleString('en-US')}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
