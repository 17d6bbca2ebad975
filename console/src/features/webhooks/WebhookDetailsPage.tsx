import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Card,
  Code,
  Group,
  NumberInput,
  Paper,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconEdit, IconRefresh, IconRepeat, IconSend, IconTrash } from '@tabler/icons-react';
import { useEffect, useEffectEvent, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { QueryState } from '../../components/QueryState';
import { SecretDialog, type SecretField } from '../../components/SecretDialog';
import type { WebhookAttemptFieldsFragment, WebhookMessageStatus } from '../../gql/graphql';
import { errorText } from '../../lib/api-errors';
import { formatDateTime } from '../../lib/format';
import { useCan } from '../auth/me-context';
import {
  DeleteWebhookDocument,
  DeliveryLogDocument,
  RedeliverWebhookMessageDocument,
  RotateWebhookSecretDocument,
  SendTestWebhookDocument,
  WebhookDocument,
} from './documents';
import { AttemptBadge, SECRET_HINT, SECRET_WARNING, WebhookFormModal, useWebhookOptions } from './webhook-form';

const STATUS_COLORS: Record<WebhookMessageStatus, string> = {
  PENDING: 'yellow',
  DELIVERED: 'green',
  FAILED: 'red',
  CANCELLED: 'gray',
};

/** One webhook: its settings, Send test (terminal panel), the delivery log, rotate and delete. */
export default function WebhookDetailsPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const can = useCan();
  const canEdit = can('WEBHOOK', 'EDITOR');
  const canOwn = can('WEBHOOK', 'OWNER');
  const [{ data, fetching, error }, refetch] = useQuery({ query: WebhookDocument, variables: { id } });
  const { channelName } = useWebhookOptions();
  const [editing, setEditing] = useState(false);
  const [secret, setSecret] = useState<{ title: string; fields: SecretField[] } | null>(null);
  const [testResult, setTestResult] = useState<WebhookAttemptFieldsFragment | null>(null);
  const [testing, sendTest] = useMutation(SendTestWebhookDocument);
  const [, rotate] = useMutation(RotateWebhookSecretDocument);
  const [, remove] = useMutation(DeleteWebhookDocument);
  const [logVersion, setLogVersion] = useState(0);
  const webhook = data?.webhook;
  const reload = () => refetch({ requestPolicy: 'network-only' });

  const runTest = async () => {
    if (!webhook) return;
    const res = await sendTest({ id: webhook.id });
    if (res.error) notifications.show({ color: 'red', title: 'Test not sent', message: errorText(res.error) });
    else setTestResult(res.data!.sendTestWebhook);
    setLogVersion((v) => v + 1);
    reload();
  };

  const openRotate = () => {
    if (!webhook) return;
    let hours: number | string = '';
    modals.openConfirmModal({
      title: 'Rotate the signing secret?',
      children: (
        <Stack>
          <Text size="sm">
            A new secret is issued and shown once. Without a grace period deliveries are signed only with the new secret
            from now on; with one, they carry both signatures until it ends.
          </Text>
          <NumberInput
            label="Grace period in hours (optional)"
            description="0 to 168 (7 days)"
            min={0}
            max={168}
            allowDecimal={false}
            onChange={(v) => (hours = v)}
            data-autofocus
          />
        </Stack>
      ),
      labels: { confirm: 'Rotate secret', cancel: 'Cancel' },
      onConfirm: async () => {
        const res = await rotate({ id: webhook.id, gracePeriodSeconds: hours === '' ? null : Number(hours) * 3600 });
        if (res.error) notifications.show({ color: 'red', title: 'Secret not rotated', message: errorText(res.error) });
        else
          setSecret({
            title: `New signing secret for ${webhook.url}`,
            fields: [{ label: 'Signing secret', value: res.data!.rotateWebhookSecret.signingSecret }],
          });
      },
    });
  };

  const confirmDelete = () =>
    webhook &&
    modals.openConfirmModal({
      title: 'Delete this webhook?',
      children: (
        <Text size="sm">
          <Code>{webhook.url}</Code> stops receiving events and its delivery log is deleted. This cannot be undone.
        </Text>
      ),
      labels: { confirm: 'Delete webhook', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: async () => {
        const res = await remove({ id: webhook.id });
        if (res.error) notifications.show({ color: 'red', title: 'Not deleted', message: errorText(res.error) });
        else {
          notifications.show({ color: 'green', title: 'Webhook deleted', message: webhook.url });
          navigate('/webhooks');
        }
      },
    });

  return (
    <Stack>
      <Anchor component={Link} to="/webhooks" size="sm" underline="always">
        <Group gap={4}>
          <IconArrowLeft size={14} />
          Webhooks
        </Group>
      </Anchor>
      <QueryState
        fetching={fetching}
        error={error}
        empty={!webhook}
        emptyText="There is no such webhook."
        retry={reload}
      >
        {webhook && (
          <>
            <Group justify="space-between" align="flex-start">
              <Stack gap={4} style={{ minWidth: 0 }}>
                <Group gap="sm">
                  <Title order={1} size="h3" ff="monospace" style={{ wordBreak: 'break-all' }}>
                    {webhook.url}
                  </Title>
                  <Badge
                    size="lg"
                    variant="light"
                    color={webhook.disabledAt ? 'red' : webhook.active ? 'green' : 'gray'}
                    data-testid="webhook-state"
                  >
                    {webhook.disabledAt ? 'Disabled' : webhook.active ? 'Active' : 'Inactive'}
                  </Badge>
                </Group>
                {webhook.description && (
                  <Text c="dimmed" size="sm">
                    {webhook.description}
                  </Text>
                )}
              </Stack>
              <Group gap="sm">
                {canEdit && (
                  <Button leftSection={<IconSend size={16} />} onClick={runTest} loading={testing.fetching}>
                    Send test
                  </Button>
                )}
                {canEdit && (
                  <Button variant="default" leftSection={<IconEdit size={16} />} onClick={() => setEditing(true)}>
                    Edit
                  </Button>
                )}
                {canOwn && (
                  <Button variant="default" leftSection={<IconRefresh size={16} />} onClick={openRotate}>
                    Rotate secret
                  </Button>
                )}
                {canOwn && (
                  <Button color="red" variant="light" leftSection={<IconTrash size={16} />} onClick={confirmDelete}>
                    Delete
                  </Button>
                )}
              </Group>
            </Group>
            {webhook.disabledAt && (
              <Alert color="red" title="Disabled">
                {webhook.disabledReason ?? 'Deliveries failed for 5 days.'} Edit the webhook and turn it on again once
                the endpoint works.
              </Alert>
            )}
            <Card withBorder>
              <Table variant="vertical" withRowBorders={false} layout="fixed">
                <Table.Tbody>
                  <Table.Tr>
                    <Table.Th w={180}>Events</Table.Th>
                    <Table.Td>
                      <Group gap={4}>
                        {webhook.events.map((e) => (
                          <Badge key={e} variant="default" tt="none">
                            {e}
                          </Badge>
                        ))}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                  <Table.Tr>
                    <Table.Th>Channel</Table.Th>
                    <Table.Td>{channelName(webhook.channelId) ?? 'All channels'}</Table.Td>
                  </Table.Tr>
                  <Table.Tr>
                    <Table.Th>Last delivery</Table.Th>
                    <Table.Td>{formatDateTime(webhook.lastDeliveryAt)}</Table.Td>
                  </Table.Tr>
                  {webhook.failingSince && (
                    <Table.Tr>
                      <Table.Th>Failing since</Table.Th>
                      <Table.Td>{formatDateTime(webhook.failingSince)}</Table.Td>
                    </Table.Tr>
                  )}
                  <Table.Tr>
                    <Table.Th>Secret rotated</Table.Th>
                    <Table.Td>
                      {webhook.secretRotatedAt ? formatDateTime(webhook.secretRotatedAt) : 'Never'}
                      {webhook.previousSecretExpiresAt &&
                        ` (previous secret signs until ${formatDateTime(webhook.previousSecretExpiresAt)})`}
                    </Table.Td>
                  </Table.Tr>
                  <Table.Tr>
                    <Table.Th>Created</Table.Th>
                    <Table.Td>{formatDateTime(webhook.createdAt)}</Table.Td>
                  </Table.Tr>
                </Table.Tbody>
              </Table>
            </Card>
            {testResult && <TestPanel attempt={testResult} />}
            <DeliveryLog webhookId={webhook.id} canRedeliver={canEdit} version={logVersion} />
            <WebhookFormModal
              opened={editing}
              webhook={webhook}
              onClose={() => setEditing(false)}
              onSaved={() => {
                setEditing(false);
                notifications.show({ color: 'green', title: 'Saved', message: 'Webhook updated' });
                reload();
              }}
            />
          </>
        )}
      </QueryState>
      <SecretDialog
        title={secret?.title ?? ''}
        fields={secret?.fields ?? null}
        warning={SECRET_WARNING}
        hint={SECRET_HINT}
        onClose={() => {
          setSecret(null);
          reload();
        }}
      />
    </Stack>
  );
}

/** The Send test answer in a terminal-style panel: status, duration, error and response body. */
function TestPanel({ attempt }: { attempt: WebhookAttemptFieldsFragment }) {
  const ok =
    attempt.statusCode !== null &&
    attempt.statusCode !== undefined &&
    attempt.statusCode >= 200 &&
    attempt.statusCode < 300;
  return (
    <Paper
      p="md"
      radius="md"
      data-testid="test-result"
      aria-label="Test delivery result"
      role="region"
      style={{
        background: '#111418',
        color: '#d6deeb',
        fontFamily: 'var(--mantine-font-family-monospace)',
        fontSize: 13,
      }}
    >
      <Text ff="monospace" size="sm" c="#8fa1b3">
        $ POST webhook.test · {formatDateTime(attempt.attemptedAt)}
      </Text>
      <Box mt={6}>
        <span style={{ color: ok ? '#7fdb8a' : '#ff8a8a' }} data-testid="test-status">
          HTTP {attempt.statusCode ?? '—'}
        </span>
        <span style={{ color: '#8fa1b3' }}> · </span>
        <span data-testid="test-duration">{attempt.durationMs} ms</span>
      </Box>
      {attempt.error && (
        <Box mt={6} style={{ color: '#ff8a8a' }} data-testid="test-error">
          error: {attempt.error}
        </Box>
      )}
      <Box
        component="pre"
        mt={6}
        mb={0}
        style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', margin: 0 }}
        data-testid="test-body"
      >
        {attempt.responseBody || '(empty response body)'}
      </Box>
    </Paper>
  );
}

/** Messages (newest first) with their attempts; polls while a message waits for the dispatcher. */
function DeliveryLog({
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
