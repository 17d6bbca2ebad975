import { Badge, Code, Group, Paper, Text, UnstyledButton } from '@mantine/core';
import { createColumnHelper, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import { useMemo } from 'react';
import type { CombinedError } from 'urql';
import { DataTable } from '../../components/DataTable';
import { QueryState } from '../../components/QueryState';
import { formatDateTime } from '../../lib/format';
import type { AuditEvent } from './documents';

const column = createColumnHelper<AuditEvent>();

/** One page of events: time, action (opens the event), actor, target, IP, sequence number. */
export function AuditEventsTable(props: {
  events: AuditEvent[];
  fetching: boolean;
  error?: CombinedError;
  filtered: boolean;
  retry: () => void;
  onSelect: (event: AuditEvent) => void;
}) {
  const { onSelect } = props;
  const columns = useMemo(
    () => [
      column.accessor('createdAt', {
        header: 'Time',
        cell: ({ getValue }) => (
          <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
            {formatDateTime(getValue())}
          </Text>
        ),
      }),
      column.accessor('action', {
        header: 'Action',
        cell: ({ row }) => (
          <UnstyledButton
            onClick={() => onSelect(row.original)}
            aria-label={`Show event ${row.original.seq}: ${row.original.action}`}
          >
            <Code c="blue">{row.original.action}</Code>
          </UnstyledButton>
        ),
      }),
      column.accessor('actorLabel', {
        header: 'Actor',
        cell: ({ row }) => (
          <Group gap={6} wrap="nowrap">
            <Badge size="xs" variant="default">
              {row.original.actorType}
            </Badge>
            <Text size="sm">{row.original.actorLabel ?? '—'}</Text>
          </Group>
        ),
      }),
      column.accessor('targetType', {
        header: 'Target',
        cell: ({ row }) => (
          <Text size="sm">
            {row.original.targetType}
            {row.original.targetId && (
              <Text span c="dimmed" size="xs" ff="monospace">
                {' '}
                {row.original.targetId}
              </Text>
            )}
          </Text>
        ),
      }),
      column.accessor('ip', { header: 'IP', cell: ({ getValue }) => getValue() ?? '—' }),
      column.accessor('seq', { header: 'Seq', cell: ({ getValue }) => getValue() }),
    ],
    [onSelect],
  );
  const table = useReactTable({
    data: props.events,
    columns,
    getRowId: (e) => e.id,
    getCoreRowModel: getCoreRowModel(),
  });
  return (
    <Paper withBorder>
      <QueryState
        fetching={props.fetching}
        error={props.error}
        empty={props.events.length === 0}
        emptyText={props.filtered ? 'No events match these filters.' : 'No events yet.'}
        retry={props.retry}
      >
        <DataTable
          table={table}
          testId="audit-table"
          rowAttributes={(e) => ({ 'data-action': e.action, 'data-event-id': e.id })}
        />
      </QueryState>
    </Paper>
  );
}
