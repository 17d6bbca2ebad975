import {
  ActionIcon,
  Anchor,
  Badge,
  Checkbox,
  Code,
  Group,
  Menu,
  Skeleton,
  Table,
  Text,
  Tooltip,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import {
  IconArrowDown,
  IconArrowUp,
  IconArrowsSort,
  IconDots,
  IconEye,
  IconRefresh,
  IconBan,
} from '@tabler/icons-react';
import {
  createColumnHelper,
  flexRender,
  getCoreRowModel,
  useReactTable,
  type RowSelectionState,
  type SortingState,
} from '@tanstack/react-table';
import { useMemo } from 'react';
import { Link } from 'react-router';
import type { ApiKeyFieldsFragment } from '../../gql/graphql';
import { formatDateTime, fromNow, maskedKey } from '../../lib/format';
import { Sparkline } from '../usage/usage-ui';
import { ExpirationBadge, LeakedBadge, StatusBadge } from './key-badges';

const column = createColumnHelper<ApiKeyFieldsFragment>();

export interface KeyRowActions {
  canOwn: boolean;
  onRotate(key: ApiKeyFieldsFragment): void;
  onRevoke(key: ApiKeyFieldsFragment): void;
}

/** The keys table: server-side sorting (ApiKeyOrder) and row selection for bulk delete. */
export function ApiKeysTable(props: {
  keys: ApiKeyFieldsFragment[];
  kind: 'GRAPHQL' | 'REST';
  sorting: SortingState;
  onSortingChange: (s: SortingState) => void;
  selection: RowSelectionState;
  onSelectionChange: (s: RowSelectionState) => void;
  actions: KeyRowActions;
  /** Per key id: total uses per hour over the last 24 hours (loaded after the list). */
  sparklines?: Record<string, number[]>;
}) {
  const { actions } = props;
  const columns = useMemo(
    () => [
      ...(actions.canOwn
        ? [
            column.display({
              id: 'select',
              header: ({ table }) => (
                <Checkbox
                  aria-label="Select all keys on this page"
                  checked={table.getIsAllRowsSelected()}
                  indeterminate={table.getIsSomeRowsSelected()}
                  onChange={table.getToggleAllRowsSelectedHandler()}
                />
              ),
              cell: ({ row }) => (
                <Checkbox
                  aria-label={`Select ${row.original.name}`}
                  checked={row.getIsSelected()}
                  onChange={row.getToggleSelectedHandler()}
                />
              ),
            }),
          ]
        : []),
      column.accessor('name', {
        header: 'Name',
        cell: ({ row }) => (
          <Group gap={6} wrap="nowrap">
            <Anchor component={Link} to={`/keys/${row.original.id}`} fw={500} underline="always">
              {row.original.name}
            </Anchor>
            {row.original.leakedAt && <LeakedBadge leakedAt={row.original.leakedAt} />}
          </Group>
        ),
      }),
      column.accessor('active', { header: 'Active', cell: ({ getValue }) => (getValue() ? 'Yes' : 'No') }),
      ...(props.kind === 'GRAPHQL'
        ? [
            column.accessor((k) => k.channel?.name ?? '', {
              id: 'channel',
              header: 'Channel',
              enableSorting: false,
              cell: ({ getValue }) =>
                getValue() || (
                  <Text span c="dimmed" size="sm">
                    All
                  </Text>
                ),
            }),
          ]
        : []),
      column.accessor('createdAt', { header: 'Created', cell: ({ getValue }) => formatDateTime(getValue()) }),
      column.accessor('updatedAt', { header: 'Updated', cell: ({ getValue }) => formatDateTime(getValue()) }),
      column.accessor((k) => maskedKey(k.prefix, k.last4), {
        id: 'prefix',
        header: props.kind === 'REST' ? 'Client id / secret' : 'Key',
        enableSorting: false,
        cell: ({ row, getValue }) => (
          <Group gap={4} wrap="nowrap">
            {row.original.clientId && <Code>{row.original.clientId}</Code>}
            <Code data-testid="masked-key">{getValue()}</Code>
          </Group>
        ),
      }),
      column.accessor('status', {
        header: 'Status',
        enableSorting: false,
        cell: ({ getValue }) => <StatusBadge status={getValue()} />,
      }),
      column.accessor((k) => k.authorizationGroup?.name ?? '', {
        id: 'group',
        header: 'Group',
        enableSorting: false,
        cell: ({ getValue }) => getValue() || '—',
      }),
      column.accessor('expiresAt', {
        header: 'Expires',
        cell: ({ row }) => (
          <Group gap={6} wrap="nowrap">
            <Text size="sm">{row.original.expiresAt ? formatDateTime(row.original.expiresAt) : 'Never'}</Text>
            {row.original.expirationState !== 'NEVER' && <ExpirationBadge state={row.original.expirationState} />}
          </Group>
        ),
      }),
      column.accessor('lastUsedAt', {
        header: 'Last used',
        cell: ({ getValue }) => (
          <Tooltip label={formatDateTime(getValue())} disabled={!getValue()}>
            <span>{fromNow(getValue())}</span>
          </Tooltip>
        ),
      }),
      column.accessor('usage24h', {
        header: 'Uses (24 h)',
        sortDescFirst: true,
        cell: ({ row, getValue }) => {
          const totals = props.sparklines?.[row.original.id];
          return (
            <Group gap={8} wrap="nowrap" data-testid="usage-24h">
              <Text size="sm" w={48} ta="right" data-testid="usage-24h-count">
                {getValue().toLocaleString('en-US')}
              </Text>
              {totals ? (
                <Sparkline totals={totals} label={`${row.original.name}: uses per hour over the last 24 hours`} />
              ) : (
                <Skeleton w={110} h={28} aria-hidden />
              )}
            </Group>
          );
        },
      }),
      column.accessor((k) => k.owner?.email ?? '', {
        id: 'owner',
        header: 'Owner',
        enableSorting: false,
        cell: ({ getValue }) => getValue() || '—',
      }),
      column.accessor('rateLimitPerMinute', {
        header: 'Rate limit',
        enableSorting: false,
        cell: ({ getValue }) =>
          getValue() ? (
            `${getValue()}/min`
          ) : (
            <Badge variant="default" size="sm">
              Default
            </Badge>
          ),
      }),
      column.display({
        id: 'actions',
        header: () => <VisuallyHidden>Actions</VisuallyHidden>,
        cell: ({ row }) => (
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon variant="subtle" aria-label={`Actions for ${row.original.name}`}>
                <IconDots size={16} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item component={Link} to={`/keys/${row.original.id}`} leftSection={<IconEye size={14} />}>
                Details and edit
              </Menu.Item>
              {actions.canOwn && row.original.status !== 'REVOKED' && (
                <>
                  <Menu.Item leftSection={<IconRefresh size={14} />} onClick={() => actions.onRotate(row.original)}>
                    Rotate secret
                  </Menu.Item>
                  <Menu.Item
                    color="red"
                    leftSection={<IconBan size={14} />}
                    onClick={() => actions.onRevoke(row.original)}
                  >
                    Revoke
                  </Menu.Item>
                </>
              )}
            </Menu.Dropdown>
          </Menu>
        ),
      }),
    ],
    [props.kind, actions, props.sparklines],
  );
  const table = useReactTable({
    data: props.keys,
    columns,
    getRowId: (k) => k.id,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    enableSortingRemoval: false,
    enableMultiSort: false,
    sortDescFirst: false,
    state: { sorting: props.sorting, rowSelection: props.selection },
    onSortingChange: (updater) =>
      props.onSortingChange(typeof updater === 'function' ? updater(props.sorting) : updater),
    onRowSelectionChange: (updater) =>
      props.onSelectionChange(typeof updater === 'function' ? updater(props.selection) : updater),
  });
  return (
    <Table.ScrollContainer minWidth={1550}>
      <Table striped highlightOnHover verticalSpacing="xs" data-testid="keys-table">
        <Table.Thead>
          {table.getHeaderGroups().map((group) => (
            <Table.Tr key={group.id}>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                return (
                  <Table.Th
                    key={header.id}
                    aria-sort={sorted ? (sorted === 'asc' ? 'ascending' : 'descending') : undefined}
                    style={{ whiteSpace: 'nowrap' }}
                  >
                    {header.column.getCanSort() ? (
                      <UnstyledButton
                        onClick={header.column.getToggleSortingHandler()}
                        aria-label={`Sort by ${String(header.column.columnDef.header)}`}
                      >
                        <Group gap={4} wrap="nowrap">
                          <Text fw={700} size="sm">
                            {flexRender(header.column.columnDef.header, header.getContext())}
                          </Text>
                          {sorted === 'asc' ? (
                            <IconArrowUp size={14} />
                          ) : sorted === 'desc' ? (
                            <IconArrowDown size={14} />
                          ) : (
                            <IconArrowsSort size={14} opacity={0.5} />
                          )}
                        </Group>
                      </UnstyledButton>
                    ) : (
                      flexRender(header.column.columnDef.header, header.getContext())
                    )}
                  </Table.Th>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Thead>
        <Table.Tbody>
          {table.getRowModel().rows.map((row) => (
            <Table.Tr key={row.id} data-key-name={row.original.name}>
              {row.getVisibleCells().map((cell) => (
                <Table.Td key={cell.id} style={{ whiteSpace: 'nowrap' }}>
                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
