import { ActionIcon, Button, Group, Paper, Table, VisuallyHidden } from '@mantine/core';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useQuery, type AnyVariables, type CombinedError, type UseQueryArgs } from 'urql';
import { QueryState } from '../../components/QueryState';

/** A settings list: its rows, the query's states, and a reload that bypasses urql's cache. */
export interface SettingsList<Row> {
  rows: Row[];
  fetching: boolean;
  error?: CombinedError;
  reload: () => void;
}

/** Runs a settings list query; `select` picks the rows out of its answer. */
export function useSettingsList<Data, Variables extends AnyVariables, Row>(
  args: UseQueryArgs<Variables, Data>,
  select: (data: Data) => Row[],
): SettingsList<Row> & { data?: Data } {
  const [{ data, fetching, error }, refetch] = useQuery(args);
  const reload = () => refetch({ requestPolicy: 'network-only' });
  return { data, rows: data ? select(data) : [], fetching, error, reload };
}

/** Which object a create/edit modal is open for (row null: create). Saving closes it and reloads the list. */
export function useFormModal<Row>(reload: () => void) {
  const [target, setTarget] = useState<Row | 'new' | null>(null);
  return {
    open: target !== null,
    row: target === 'new' ? null : target,
    openNew: () => setTarget('new'),
    openFor: (row: Row) => setTarget(row),
    close: () => setTarget(null),
    saved: () => {
      setTarget(null);
      reload();
    },
  };
}

/** Above a settings table: a summary or filter on the left, the create button on the right when allowed. */
export function TableToolbar(props: { children: ReactNode; createLabel: string | false; onCreate: () => void }) {
  return (
    <Group justify="space-between" mb="sm">
      {props.children}
      {props.createLabel && (
        <Button leftSection={<IconPlus size={16} />} onClick={props.onCreate}>
          {props.createLabel}
        </Button>
      )}
    </Group>
  );
}

/** A column of a settings table: its header and what a row shows in it. */
export interface Column<Row> {
  header: string;
  cell: (row: Row) => ReactNode;
}

/**
 * A settings list as a bordered, striped table with loading, error and empty states. Each row
 * carries its name in data-row-name and ends in a cell of actions under a hidden header.
 */
export function SettingsTable<Row extends { id: string }>(props: {
  testId: string;
  list: SettingsList<Row>;
  emptyText: string;
  columns: Array<Column<Row>>;
  rowName: (row: Row) => string;
  actions: (row: Row) => ReactNode;
}) {
  const { list } = props;
  return (
    <Paper withBorder>
      <QueryState
        fetching={list.fetching}
        error={list.error}
        empty={list.rows.length === 0}
        emptyText={props.emptyText}
        retry={list.reload}
      >
        <Table striped data-testid={props.testId}>
          <Table.Thead>
            <Table.Tr>
              {props.columns.map((column) => (
                <Table.Th key={column.header}>{column.header}</Table.Th>
              ))}
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.rows.map((row) => (
              <Table.Tr key={row.id} data-row-name={props.rowName(row)}>
                {props.columns.map((column) => (
                  <Table.Td key={column.header}>{column.cell(row)}</Table.Td>
                ))}
                <Table.Td>{props.actions(row)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </QueryState>
    </Paper>
  );
}

/** The pencil button that opens a row's edit modal. */
export function EditButton(props: { name: string; onClick: () => void }) {
  return (
    <ActionIcon variant="subtle" aria-label={`Edit ${props.name}`} onClick={props.onClick}>
      <IconPencil size={16} />
    </ActionIcon>
  );
}

/** A row's edit and delete buttons, labelled with its name; a button without a handler is left out. */
export function RowActions(props: { name: string; onEdit?: () => void; onDelete?: () => void }) {
  return (
    <Group gap={4} justify="flex-end" wrap="nowrap">
      {props.onEdit && <EditButton name={props.name} onClick={props.onEdit} />}
      {props.onDelete && (
        <ActionIcon variant="subtle" color="red" aria-label={`Delete ${props.name}`} onClick={props.onDelete}>
          <IconTrash size={16} />
        </ActionIcon>
      )}
    </Group>
  );
}
