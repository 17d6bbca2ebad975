import { Alert, Code, Stack, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { BackLink } from '../../components/BackLink';
import { QueryState } from '../../components/QueryState';
import type { WebhookAttemptFieldsFragment } from '../../gql/graphql';
import { errorText } from '../../lib/api-errors';
import { useCan } from '../auth/me-context';
import { DeliveryLog } from './DeliveryLog';
import { DeleteWebhookDocument, SendTestWebhookDocument, WebhookDocument } from './documents';
import { TestResultPanel } from './TestResultPanel';
import { useWebhookSecretRotation } from './useWebhookSecretRotation';
import { WebhookFormModal, useWebhookOptions } from './webhook-form';
import { WebhookHeader } from './WebhookHeader';
import { WebhookSettingsCard } from './WebhookSettingsCard';

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
  const [testResult, setTestResult] = useState<WebhookAttemptFieldsFragment | null>(null);
  const [testing, sendTest] = useMutation(SendTestWebhookDocument);
  const [, remove] = useMutation(DeleteWebhookDocument);
  const [logVersion, setLogVersion] = useState(0);
  const webhook = data?.webhook;
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const rotation = useWebhookSecretRotation(reload);

  const runTest = async () => {
    if (!webhook) return;
    const res = await sendTest({ id: webhook.id });
    if (res.error) notifications.show({ color: 'red', title: 'Test not sent', message: errorText(res.error) });
    else setTestResult(res.data!.sendTestWebhook);
    setLogVersion((v) => v + 1);
    reload();
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
      <BackLink to="/webhooks">Webhooks</BackLink>
      <QueryState
        fetching={fetching}
        error={error}
        empty={!webhook}
        emptyText="There is no such webhook."
        retry={reload}
      >
        {webhook && (
          <>
            <WebhookHeader
              webhook={webhook}
              canEdit={canEdit}
              canOwn={canOwn}
              testing={testing.fetching}
              onTest={runTest}
              onEdit={() => setEditing(true)}
              onRotate={() => rotation.openRotate(webhook)}
              onDelete={confirmDelete}
            />
            {webhook.disabledAt && (
              <Alert color="red" title="Disabled">
                {webhook.disabledReason ?? 'Deliveries failed for 5 days.'} Edit the webhook and turn it on again once
                the endpoint works.
              </Alert>
            )}
            <WebhookSettingsCard webhook={webhook} channelName={channelName(webhook.channelId) ?? 'All channels'} />
            {testResult && <TestResultPanel attempt={testResult} />}
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
      {rotation.secretDialog}
    </Stack>
  );
}
