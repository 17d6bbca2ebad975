import { Button, Code, Group, Stack, Table, Text, Title } from '@mantine/core';
import { formatDateTime } from '../../lib/format';
import type { AuditFilters } from './audit-filters';
import type { AuditEvent } from './documents';

function json(value: unknown): string {
  return value === undefined ? '—' : JSON.stringify(value, null, 2);
}

/** One event: who, what, where, and each changed field's before → after. */
export function AuditEventDetails({
  event,
  onFilter,
}: {
  event: AuditEvent;
  onFilter: (patch: Partial<AuditFilters>) => void;
}) {
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
