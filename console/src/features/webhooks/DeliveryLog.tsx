import { Badge, Button, Code, Group, Paper, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconRefresh, IconRepeat } from '@tabler/icons-react';
import { useEffect, useEffectEvent, useMemo, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { QueryState } from '../../components/QueryState';
import type { WebhookAttemptFieldsFragment, WebhookMessageStatus } from '../../gql/graphql';
import { errorText } from '../../lib/api-errors';
import { formatDateTime } from '../../lib/format';
import { DeliveryLogDocument, RedeliverWebhookMessageDocument } from './documents';
import { AttemptBadge } from './webhook-form';

const STATUS_COLORS: Record<WebhookMessageStatus, string> = {
  PENDING: 'yellow',
  DELIVERED: 'green',
  FAILED: 'red',
  CANCELLED: 'gray',
};

/** Messages (newest first) with their attempts; polls while a message waits for the dispatcher. */
export function DeliveryLog({
  webhookId,
  canRedeliver,
  version,
}: {
  webhookId: string;
  canRedeliver: boolean;
  version: number;
}) {
  const [first, setFirst] = useState(20);
  const [{ data, fetching, error }, refetch] = useQuery({
    query: DeliveryLogDocument,
    variables: { webhookId, first },
  });
  const [redelivering, redeliver] = useMutation(RedeliverWebhookMessageDocument);
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const messages = data?.webhookMessages.edges.map((e) => e.node) ?? [];
  const pending = messages.some((m) => m.status === 'PENDING');
  // the effects run again when `version` or `pending` changes; they reload with the current variables
  const reloadFromEffect = useEffectEvent(reload);
  useEffect(() => {
    if (version > 0) reloadFromEffect();
  }, [version]);
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(() => reloadFromEffect(), 1000);
    return () => clearInterval(timer);
  }, [pending]);
  const attemptsByMessage = useMemo(() => {
    const map = new Map<string, WebhookAttemptFieldsFragment[]>();
    for (const { node } of data?.webhookAttempts.edges ?? [])
      map.set(node.messageId, [...(map.get(node.messageId) ?? []), node]);
    return map;
  }, [data]);

  const onRedeliver = async (messageId: string) => {
    const res = await redeliver({ id: messageId });
    if (res.error) notifications.show({ color: 'red', title: 'Not redelivered', message: errorText(res.error) });
    else
      notifications.show({
        color: 'green',
        title: 'Queued',
        message: 'The message will be delivered again in a moment.',
      });
    reload();
  };

  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Title order={2} size="h4">
          Delivery log
        </Title>
        <Group gap="xs">
          {data && (
            <Text size="sm" c="dimmed">
              {data.webhookMessages.totalCount} {data.webhookMessages.totalCount === 1 ? 'message' : 'messages'}
            </Text>
          )}
          <Button
            size="xs"
            variant="default"
            leftSection={<IconRefresh size={14} />}
            onClick={reload}
            loading={fetching && !!data}
          >
            Refresh
          </Button>
        </Group>
      </Group>
      <QueryState
        fetching={fetching}
        error={error}
        empty={messages.length === 0}
        emptyText="Nothing delivered yet. Send a test to try the endpoint."
        retry={reload}
      >
        <Stack gap="sm" data-testid="delivery-log">
          {messages.map((m) => {
            const attempts = attemptsByMessage.get(m.id) ?? [];
            return (
              <Paper withBorder p="sm" key={m.id} data-testid="delivery-message" data-message-id={m.id}>
                <Group justify="space-between" mb={attempts.length ? 'xs' : 0}>
                  <Group gap="sm">
                    <Badge variant="default" tt="none">
                      {m.eventType}
                    </Badge>
                    <Badge color={STATUS_COLORS[m.status]} variant="light" data-testid="message-status">
                      {m.status.toLowerCase()}
                    </Badge>
                    <Tooltip label="The webhook-id header, the same on every attempt">
                      <Code>{m.id}</Code>
                    </Tooltip>
                    <Text size="sm" c="dimmed">
                      {formatDateTime(m.createdAt)}
                    </Text>
                    {m.status === 'PENDING' && m.nextAttemptAt && (
                      <Text size="sm" c="dimmed">
                        next attempt {formatDateTime(m.nextAttemptAt)}
                      </Text>
                    )}
                  </Group>
                  {canRedeliver && (
                    <Button
                      size="xs"
                      variant="light"
                      leftSection={<IconRepeat size={14} />}
                      onClick={() => onRedeliver(m.id)}
                      disabled={m.status === 'PENDING' || redelivering.fetching}
                      aria-label={`Redeliver message ${m.id}`}
                    >
                      Redeliver
                    </Button>
                  )}
                </Group>
                {attempts.length > 0 && (
                  <Table verticalSpacing={4} fz="sm" withTableBorder={false}>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>Attempted</Table.Th>
                        <Table.Th>Result</Table.Th>
                        <Table.Th>Error</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {attempts.map((a) => (
                        <Table.Tr key={a.id} data-testid="delivery-attempt">
                          <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(a.attemptedAt)}</Table.Td>
                          <Table.Td>
                            <AttemptBadge attempt={a} />
                          </Table.Td>
                          <Table.Td>{a.error ?? '—'}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                )}
              </Paper>
            );
          })}
          {data?.webhookMessages.pageInfo.hasNextPage && (
            <Button variant="subtle" onClick={() => setFirst((n) => n + 20)}>
              Show older messages
            </Button>
          )}
        </Stack>
      </QueryState>
    </Stack>
  );
}
