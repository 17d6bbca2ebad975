import { Code, Text } from '@mantine/core';
import type { TenantFieldsFragment } from '../../gql/graphql';
import { TenantsDocument } from './documents';
import { EditButton, SettingsTable, TableToolbar, useFormModal, useSettingsList, type Column } from './SettingsTable';
import { TenantModal } from './TenantForm';

type Tenant = TenantFieldsFragment;

const COLUMNS: Array<Column<Tenant>> = [
  { header: 'Name', cell: (t) => t.name },
  { header: 'Slug', cell: (t) => <Code>{t.slug}</Code> },
  { header: 'API keys', cell: (t) => `${t.apiKeyUsage.used}/${t.apiKeyUsage.limit} keys` },
  { header: 'Default rate limit', cell: (t) => t.defaultRateLimitPerMinute ?? 'Server default' },
  { header: 'When a key leaks', cell: (t) => (t.leakedKeyAction === 'REVOKE' ? 'Revoke' : 'Notify') },
];

/** Every tenant, for super users (the tab is not shown to anyone else). */
export function TenantsTab() {
  const list = useSettingsList({ query: TenantsDocument }, (data) => data.tenants);
  const modal = useFormModal<Tenant>(list.reload);
  return (
    <>
      <TableToolbar createLabel="Create tenant" onCreate={modal.openNew}>
        <Text size="sm" c="dimmed">
          {list.data ? `${list.rows.length} tenants` : ''}
        </Text>
      </TableToolbar>
      <SettingsTable
        testId="tenants-table"
        list={list}
        emptyText="No tenants."
        columns={COLUMNS}
        rowName={(t) => t.slug}
        actions={(t) => <EditButton name={t.slug} onClick={() => modal.openFor(t)} />}
      />
      {modal.open && <TenantModal tenant={modal.row} onClose={modal.close} onSaved={modal.saved} />}
    </>
  );
}
