import { Table } from '@mantine/core';
import { flexRender, type Table as TanStackTable } from '@tanstack/react-table';

/**
 * A TanStack table drawn as a striped Mantine table that scrolls sideways below 900 px.
 * `rowAttributes` gives each row the data-* attributes it is found by.
 */
export function DataTable<Row>(props: {
  table: TanStackTable<Row>;
  testId: string;
  rowAttributes: (row: Row) => Record<`data-${string}`, string>;
  /** Keeps every header on one line. */
  nowrapHeaders?: boolean;
}) {
  const headerStyle = props.nowrapHeaders ? { whiteSpace: 'nowrap' as const } : undefined;
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped highlightOnHover verticalSpacing="xs" data-testid={props.testId}>
        <Table.Thead>
          {props.table.getHeaderGroups().map((group) => (
            <Table.Tr key={group.id}>
              {group.headers.map((header) => (
                <Table.Th key={header.id} style={headerStyle}>
                  {flexRender(header.column.columnDef.header, header.getContext())}
                </Table.Th>
              ))}
            </Table.Tr>
          ))}
        </Table.Thead>
        <Table.Tbody>
          {props.table.getRowModel().rows.map((row) => (
            <Table.Tr key={row.id} {...props.rowAttributes(row.original)}>
              {row.getVisibleCells().map((cell) => (
                <Table.Td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
