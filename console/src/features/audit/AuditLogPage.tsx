import {
  Alert,
  Badge,
  Button,
  Code,
  Drawer,
  Group,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { IconChevronLeft, IconChevronRight, IconDownload, IconShieldCheck } from '@tabler/icons-react';
import { createColumnHelper, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useClient, useQuery } from 'urql';
import { DataTable } from '../../components/DataTable';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import type { AuditEventsQuery, VerifyAuditChainQuery } from '../../gql/graphql';
import { errorText } from '../../lib/api-errors';
import { formatDateTime } from '../../lib/format';
import { useCan } from '../auth/me-context';
import { useSession } from '../auth/session-context';
import { AuditEventsDocument, VerifyAuditChainDocument } from './documents';

type AuditEvent = AuditEventsQuery['auditEvents']['edges'][number]['node'];
interface Filters {
  actorId: string;
  action: string;
  targetType: string;
  targetId: string;
  from: string | null;
  to: string | null;
}
const NO_FILTERS: Filters = { actorId: '', action: '', targetType: '', targetId: '', from: null, to: null };
const PAGE_SIZE = 25;
const column = createColumnHelper<AuditEvent>();

/** The filter as the API takes it (GraphQL AuditEventFilter and the export's query string alike). */
function apiFilter(f: Filters): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of ['actorId', 'action', 'targetType', 'targetId'] as const)
    if (f[key].trim()) out[key] = f[key].trim();
  if (f.from) out.from = dayjs(f.from).toISOString();
  if (f.to) out.to = dayjs(f.to).toISOString();
  return out;
}

/** Audit log: filters, cursor pages, before → after per event, chain verification, NDJSON export. */
export default function AuditLogPage() {
  const can = useCan();
  const client = useClient();
  const { token } = useSession();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const debounced = filters;
  const filter = useMemo(() => apiFilter(debounced), [debounced]);
  // cursors of the pages before the current one (the API pages forward only)
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const after = cursors[cursors.length - 1];
  const [{ data, fetching, error }, refetch] = useQuery({
    query: AuditEventsDocument,
    variables: { filter, first: PAGE_SIZE, after },
  });
  const [selected, setSelected] = useState<AuditEvent | null>(null);
  const [report, setReport] = useState<VerifyAuditChainQuery['verifyAuditChain'] | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [downloading, setDownloading] = useState(false);
  const events = useMemo(() => data?.auditEvents.edges.map((e) => e.node) ?? [], [data]);

  // keeps the same state objects when nothing changes, so no render is caused by a no-op
  const change = (patch: Partial<Filters>) => {
    setFilters((f) =>
      (Object.keys(patch) as (keyof Filters)[]).every((k) => f[k] === patch[k]) ? f : { ...f, ...patch },
    );
    setCursors((c) => (c.length === 1 ? c : [undefined]));
  };

  const verify = async () => {
    setVerifying(true);
    const res = await client.query(VerifyAuditChainDocument, {}, { requestPolicy: 'network-only' }).toPromise();
    setVerifying(false);
    if (res.error) notifications.show({ color: 'red', title: 'Could not verify', message: errorText(res.error) });
    else setReport(res.data!.verifyAuditChain);
  };

  // fetch + Blob: the bearer token goes in a header, never in a URL
  const download = async () => {
    setDownloading(true);
    try {
      const res = await fetch(`/v1/audit-events?${new URLSearchParams(apiFilter(filters))}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (!res.ok) {
        const problem = (await res.json().catch(() => null)) as { detail?: string; title?: string } | null;
        throw new Error(problem?.detail ?? problem?.title ?? `HTTP ${res.status}`);
      }
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = `audit-events-${dayjs().format('YYYYMMDD-HHmmss')}.ndjson`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (e) {
      notifications.show({ color: 'red', title: 'Export failed', message: (e as Error).message });
    } finally {
      setDownloading(false);
    }
  };

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
            onClick={() => setSelected(row.original)}
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
    [],
  );
  const table = useReactTable({ data: events, columns, getRowId: (e) => e.id, getCoreRowModel: getCoreRowModel() });
  const filtered = Object.keys(apiFilter(filters)).length > 0;

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change in the tenant, hash-chained; newest first"
        actions={
          <>
            {can('AUDIT_LOG', 'OWNER') && (
              <Button
                variant="default"
                leftSection={<IconShieldCheck size={16} />}
                onClick={verify}
                loading={verifying}
              >
                Verify chain
              </Button>
            )}
            <Button variant="default" leftSection={<IconDownload size={16} />} onClick={download} loading={downloading}>
              Export NDJSON
            </Button>
          </>
        }
      />
      {report && (
        <Alert
          mb="md"
          color={report.ok ? 'green' : 'red'}
          title={report.ok ? 'The chain is intact' : 'The chain is broken'}
          withCloseButton
          closeButtonLabel="Close report"
          onClose={() => setReport(null)}
          data-testid="chain-report"
        >
          <Text size="sm">
            {report.checked} events checked
            {report.prunedThroughSeq > 0 ? `; events up to #${report.prunedThroughSeq} were pruned by retention` : ''}.
          </Text>
          {!report.ok && (
            <Text size="sm">
              Problem: <b>{report.problem}</b>
              {report.firstBrokenEventId && (
                <>
                  {' '}
                  at event <Code>{report.firstBrokenEventId}</Code>
                </>
              )}
            </Text>
          )}
        </Alert>
      )}
      <Paper withBorder p="sm" mb="sm">
        <Group align="flex-end" gap="sm">
          <TextInput
            label="Action"
            placeholder="api_key.created"
            value={filters.action}
            onChange={(e) => change({ action: e.currentTarget.value })}
            w={190}
          />
          <TextInput
            label="Actor id"
            placeholder="User or API key id"
            value={filters.actorId}
            onChange={(e) => change({ actorId: e.currentTarget.value })}
            w={200}
          />
          <TextInput
            label="Target type"
            placeholder="ApiKey"
            value={filters.targetType}
            onChange={(e) => change({ targetType: e.currentTarget.value })}
            w={140}
          />
          <TextInput
            label="Target id"
            value={filters.targetId}
            onChange={(e) => change({ targetId: e.currentTarget.value })}
            w={200}
          />
          <DateTimePicker
            label="From"
            placeholder="Any time"
            clearable
            valueFormat="YYYY-MM-DD HH:mm"
            value={filters.from}
            onChange={(v) => change({ from: v })}
            w={170}
          />
          <DateTimePicker
            label="To"
            placeholder="Now"
            clearable
            valueFormat="YYYY-MM-DD HH:mm"
            value={filters.to}
            onChange={(v) => change({ to: v })}
            w={170}
          />
          {filtered && (
            <Button variant="subtle" onClick={() => change(NO_FILTERS)}>
              Clear filters
            </Button>
          )}
        </Group>
      </Paper>
      <Paper withBorder>
        <QueryState
          fetching={fetching}
          error={error}
          empty={events.length === 0}
          emptyText={filtered ? 'No events match these filters.' : 'No events yet.'}
          retry={() => refetch({ requestPolicy: 'network-only' })}
        >
          <DataTable
            table={table}
            testId="audit-table"
            rowAttributes={(e) => ({ 'data-action': e.action, 'data-event-id': e.id })}
          />
        </QueryState>
      </Paper>
      <Group justify="space-between" mt="sm">
        <Text size="sm" c="dimmed" data-testid="audit-total">
          {data ? `${data.auditEvents.totalCount} ${data.auditEvents.totalCount === 1 ? 'event' : 'events'}` : ''}
        </Text>
        <Group gap="xs">
          <Button
            variant="default"
            leftSection={<IconChevronLeft size={16} />}
            disabled={cursors.length <= 1}
            onClick={() => setCursors((c) => c.slice(0, -1))}
          >
            Previous
          </Button>
          <Button
            variant="default"
            rightSection={<IconChevronRight size={16} />}
            disabled={!data?.auditEvents.pageInfo.hasNextPage}
            onClick={() => setCursors((c) => [...c, data!.auditEvents.pageInfo.endCursor ?? undefined])}
          >
            Next
          </Button>
        </Group>
      </Group>
      <Drawer
        opened={selected !== null}
        onClose={() => setSelected(null)}
        position="right"
        size="lg"
        closeButtonProps={{ 'aria-label': 'Close event' }}
        title={selected ? `Event #${selected.seq}: ${selected.action}` : ''}
      >
        {selected && (
          <EventDetails
            event={selected}
            onFilter={(patch) => {
              change(patch);
              setSelected(null);
            }}
          />
        )}
      </Drawer>
    </>
  );
}

function json(value: unknown): string {
  return value === undefined ? '—' : JSON.stringify(value, null, 2);
}

/** One event: who, what, where, and each changed field's before → after. */
function EventDetails({ event, onFilter }: { event: AuditEvent; onFilter: (patch: Partial<Filters>) => void }) {
  const changes =
    event.changes && typeof event.changes === 'object'
      ? Object.entries(event.changes as Record<string, { before?: unknown; after?: unknown } | null>)
      : [];
  return (
    <Stack>
      <Table variant="vertical" withRowBorders={false} layout="fixed" fz="sm">
        <Table.Tbody>
          <Table.Tr>
            <Table.Th w={120}>Time</Table.Th>
            <Table.Td>{formatDateTime(event.createdAt)}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>Actor</Table.Th>
            <Table.Td>
              {event.actorType} {event.actorLabel ?? ''} {event.actorId && <Code>{event.actorId}</Code>}
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>Target</Table.Th>
            <Table.Td>
              {event.targetType} {event.targetId && <Code>{event.targetId}</Code>}
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>IP</Table.Th>
            <Table.Td>{event.ip ?? '—'}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>User agent</Table.Th>
            <Table.Td style={{ wordBreak: 'break-all' }}>{event.userAgent ?? '—'}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>Request id</Table.Th>
            <Table.Td>{event.requestId ?? '—'}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>Hash</Table.Th>
            <Table.Td>
              <Code style={{ wordBreak: 'break-all' }}>{event.hash}</Code>
            </Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
      <Group gap="xs">
        <Button size="xs" variant="light" onClick={() => onFilter({ action: event.action })}>
          Only this action
        </Button>
        {event.actorId && (
          <Button size="xs" variant="light" onClick={() => onFilter({ actorId: event.actorId! })}>
            Only this actor
          </Button>
        )}
        {event.targetId && (
          <Button
            size="xs"
            variant="light"
            onClick={() => onFilter({ targetType: event.targetType, targetId: event.targetId! })}
          >
            Only this target
          </Button>
        )}
      </Group>
      <Title order={3} size="h5">
        Changes
      </Title>
      {changes.length === 0 ? (
        <Text size="sm" c="dimmed">
          This event records no field changes.
        </Text>
      ) : (
        <Table withTableBorder fz="sm" data-testid="audit-changes" layout="fixed">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w="25%">Field</Table.Th>
              <Table.Th>Before</Table.Th>
              <Table.Th>After</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {changes.map(([field, change]) => (
              <Table.Tr key={field} data-field={field}>
                <Table.Td>
                  <Code>{field}</Code>
                </Table.Td>
                <Table.Td data-testid="change-before">
                  <Code block>{json(change?.before)}</Code>
                </Table.Td>
                <Table.Td data-testid="change-after">
                  <Code block>{json(change?.after)}</Code>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
