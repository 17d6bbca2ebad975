import { Anchor, Badge, Button, Group, Paper, Text, Tooltip } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { createColumnHelper, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { DataTable } from '../../components/DataTable';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { SecretDialog, type SecretField } from '../../components/SecretDialog';
import type { WebhookFieldsFragment } from '../../gql/graphql';
import { formatDateTime, fromNow } from '../../lib/format';
import { useCan } from '../auth/me-context';
import { LastAttemptDocument, WebhooksDocument } from './documents';
import { AttemptBadge, SECRET_HINT, SECRET_WARNING, WebhookFormModal, useWebhookOptions } from './webhook-form';

const column = createColumnHelper<WebhookFieldsFragment>();

/** Webhooks list: URL, events, active, channel, last delivery; create shows the signing secret once. */
export default function WebhooksPage() {
  const can = useCan();
  const canEdit = can('WEBHOOK', 'EDITOR');
  const [{ data, fetching, error }, refetch] = useQuery({ query: WebhooksDocument });
  const { channelName } = useWebhookOptions();
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<{ title: string; fields: SecretField[] } | null>(null);
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const webhooks = data?.webhooks ?? [];

  const columns = useMemo(
    () => [
      column.accessor('url', {
        header: 'URL',
        cell: ({ row }) => (
          <Anchor
            component={Link}
            to={`/webhooks/${row.original.id}`}
            fw={500}
            underline="always"
            ff="monospace"
            size="sm"
          >
            {row.original.url}
          </Anchor>
        ),
      }),
      column.accessor('events', {
        header: 'Events',
        cell: ({ getValue }) => (
          <Group gap={4}>
            {getValue().map((e) => (
              <Badge key={e} variant="default" size="sm" tt="none">
                {e}
              </Badge>
            ))}
          </Group>
        ),
      }),
      column.accessor('active', {
        header: 'Active',
        cell: ({ row }) =>
          row.original.disabledAt ? (
            <Tooltip label={row.original.disabledReason ?? 'Disabled after failing for 5 days'}>
              <Badge color="red" variant="light">
                Disabled
              </Badge>
            </Tooltip>
          ) : row.original.active ? (
            'Yes'
          ) : (
            'No'
          ),
      }),
      column.accessor('channelId', {
        header: 'Channel',
        cell: ({ getValue }) =>
          channelName(getValue()) ?? (
            <Text span c="dimmed" size="sm">
              All
            </Text>
          ),
      }),
      column.display({
        id: 'lastDelivery',
        header: 'Last delivery',
        cell: ({ row }) => <LastDelivery webhook={row.original} />,
      }),
      column.accessor('createdAt', { header: 'Created', cell: ({ getValue }) => formatDateTime(getValue()) }),
    ],
    [channelName],
  );
  const table = useReactTable({ data: webhooks, columns, getRowId: (w) => w.id, getCoreRowModel: getCoreRowModel() });

  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Endpoints that receive signed events (Standard Webhooks)"
        actions={
          canEdit && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
              Create webhook
            </Button>
          )
        }
      />
      <Paper withBorder>
        <QueryState
          fetching={fetching}
          error={error}
          empty={webhooks.length === 0}
          emptyText="No webhooks yet."
          retry={reload}
        >
          <DataTable
            table={table}
            testId="webhooks-table"
            rowAttributes={(w) => ({ 'data-webhook-url': w.url })}
            nowrapHeaders
          />
        </QueryState>
      </Paper>
      <WebhookFormModal
        opened={creating}
        webhook={null}
        onClose={() => setCreating(false)}
        onSaved={(webhook, signingSecret) => {
          setCreating(false);
          reload();
          if (signingSecret)
            setSecret({
              title: `Signing secret for ${webhook.url}`,
              fields: [{ label: 'Signing secret', value: signingSecret }],
            });
        }}
      />
      <SecretDialog
        title={secret?.title ?? ''}
        fields={secret?.fields ?? null}
        warning={SECRET_WARNING}
        hint={SECRET_HINT}
        onClose={() => setSecret(null)}
      />
    </>
  );
}

/** The newest attempt of one webhook (one small query per row: webhooks are few). */
function LastDelivery({ webhook }: { webhook: WebhookFieldsFragment }) {
  const [{ data }] = useQuery({ query: LastAttemptDocument, variables: { webhookId: webhook.id } });
  const last = data?.webhookAttempts.edges[0]?.node;
  if (!last)
    return (
      <Text span c="dimmed" size="sm">
        Never
      </Text>
    );
  return (
    <Group gap={6} wrap="nowrap">
      <AttemptBadge attempt={last} />
      <Tooltip label={formatDateTime(last.attemptedAt)}>
        <Text span size="sm">
          {fromNow(last.attemptedAt)}
        </Text>
      </Tooltip>
      {webhook.failingSince && (
        <Badge color="orange" variant="light">
          Failing since {formatDateTime(webhook.failingSince)}
        </Badge>
      )}
    </Group>
  );
}
