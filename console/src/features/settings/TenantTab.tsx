import { Alert, Button, Group, Paper, Progress, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil } from '@tabler/icons-react';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { QueryState } from '../../components/QueryState';
import type { LeakedKeyAction } from '../../gql/graphql';
import { fieldErrors } from '../../lib/api-errors';
import { formatDateTime } from '../../lib/format';
import { useCan, useMe } from '../auth/me-context';
import { TenantDocument, UpdateTenantDocument } from './documents';
import { LEAKED_ACTIONS, TenantModal } from './TenantForm';

function Fact(props: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {props.label}
      </Text>
      <Text data-testid={props.testId}>{props.children}</Text>
    </Stack>
  );
}

/** The signed-in tenant: limits and usage; leakedKeyAction for its API_KEY owners, the rest for super users. */
export function TenantTab() {
  const me = useMe();
  const can = useCan();
  const superUser = !!me.user?.superUser;
  const mayLeak = superUser || can('API_KEY', 'OWNER');
  const [{ data, fetching, error }, refetch] = useQuery({ query: TenantDocument });
  const [editing, setEditing] = useState(false);
  const [leakError, setLeakError] = useState<string | undefined>();
  const [updated, update] = useMutation(UpdateTenantDocument);
  const tenant = data?.tenant;
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const setLeaked = async (value: LeakedKeyAction) => {
    if (!tenant) return;
    const res = await update({ id: tenant.id, input: { leakedKeyAction: value } });
    const errors = fieldErrors(res.error, ['leakedKeyAction']);
    setLeakError(errors.leakedKeyAction ?? errors._form);
    if (!res.error)
      notifications.show({
        color: 'green',
        title: 'Leaked key action saved',
        message: LEAKED_ACTIONS.find((a) => a.value === value)?.label,
      });
  };
  return (
    <QueryState fetching={fetching} error={error} empty={!tenant} retry={reload}>
      {tenant && (
        <Stack>
          <Paper withBorder p="md">
            <Group justify="space-between" align="flex-start" mb="md">
              <Text fw={600} size="lg">
                {tenant.name}
              </Text>
              {superUser && (
                <Button variant="light" leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)}>
                  Edit tenant
                </Button>
              )}
            </Group>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <Fact label="Slug">{tenant.slug}</Fact>
              <Fact label="API keys" testId="tenant-usage">
                {tenant.apiKeyUsage.used}/{tenant.apiKeyUsage.limit} keys
              </Fact>
              <Fact label="Default rate limit">
                {tenant.defaultRateLimitPerMinute
                  ? `${tenant.defaultRateLimitPerMinute} requests per minute`
                  : 'Server default'}
              </Fact>
            </SimpleGrid>
            <Progress
              mt="md"
              aria-label="API keys used"
              value={
                tenant.apiKeyUsage.limit
                  ? Math.min(100, (100 * tenant.apiKeyUsage.used) / tenant.apiKeyUsage.limit)
                  : 100
              }
              color={tenant.apiKeyUsage.used >= tenant.apiKeyUsage.limit ? 'red' : 'blue'}
            />
            <Text size="xs" c="dimmed" mt={4}>
              Unrevoked GraphQL keys and REST credentials count; personal keys do not. Created{' '}
              {formatDateTime(tenant.createdAt)}.
            </Text>
          </Paper>
          <Paper withBorder p="md">
            <Select
              label="When a key’s secret is reported leaked"
              description={
                mayLeak ? 'Applies to keys reported from now on.' : 'Only the tenant’s API key owners may change this.'
              }
              data={LEAKED_ACTIONS}
              value={tenant.leakedKeyAction}
              onChange={(v) => v && setLeaked(v as LeakedKeyAction)}
              disabled={!mayLeak || updated.fetching}
              allowDeselect={false}
              error={leakError}
              maw={480}
            />
          </Paper>
          {!superUser && <Alert color="gray">Name, slug and limits are managed by the platform’s super users.</Alert>}
          {editing && (
            <TenantModal
              tenant={tenant}
              onClose={() => setEditing(false)}
              onSaved={() => {
                setEditing(false);
                reload();
              }}
            />
          )}
        </Stack>
      )}
    </QueryState>
  );
}
