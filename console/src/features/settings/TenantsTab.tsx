import { ActionIcon, Button, Code, Group, Paper, Table, Text, VisuallyHidden } from '@mantine/core';
import { IconPencil, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useQuery } from 'urql';
import { QueryState } from '../../components/QueryState';
import type { SettingsTenantsQuery } from '../../gql/graphql';
import { TenantsDocument } from './documents';
import { TenantModal } from './TenantForm';

type Tenant = SettingsTenantsQuery['tenants'][number];

/** Every tenant, for super users (the tab is not shown to anyone else). */
export function TenantsTab() {
  const [{ data, fetching, error }, refetch] = useQuery({ query: TenantsDocument });
  const [editing, setEditing] = useState<Tenant | 'new' | null>(null);
  const tenants = data?.tenants ?? [];
  const reload = () => refetch({ requestPolicy: 'network-only' });
  return (
    <>
      <Group justify="space-between" mb="sm">
        <Text size="sm" c="dimmed">
          {data ? `${tenants.length} tenants` : ''}
        </Text>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
          Create tenant
        </Button>
      </Group>
      <Paper withBorder>
        <QueryState
          fetching={fetching}
          error={error}
          empty={tenants.length === 0}
          emptyText="No tenants."
          retry={reload}
        >
          <Table striped data-testid="tenants-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Slug</Table.Th>
                <Table.Th>API keys</Table.Th>
                <Table.Th>Default rate limit</Table.Th>
                <Table.Th>When a key leaks</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {tenants.map((t) => (
                <Table.Tr key={t.id} data-row-name={t.slug}>
                  <Table.Td>{t.name}</Table.Td>
                  <Table.Td>
                    <Code>{t.slug}</Code>
                  </Table.Td>
                  <Table.Td>
                    {t.apiKeyUsage.used}/{t.apiKeyUsage.limit} keys
                  </Table.Td>
                  <Table.Td>{t.defaultRateLimitPerMinute ?? 'Server default'}</Table.Td>
                  <Table.Td>{t.leakedKeyAction === 'REVOKE' ? 'Revoke' : 'Notify'}</Table.Td>
                  <Table.Td>
                    <ActionIcon variant="subtle" aria-label={`Edit ${t.slug}`} onClick={() => setEditing(t)}>
                      <IconPencil size={16} />
                    </ActionIcon>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </QueryState>
      </Paper>
      {editing && (
        <TenantModal
          tenant={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            reload();
          }}
        />
      )}
    </>
  );
}
