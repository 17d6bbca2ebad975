import { Badge, Button, Group, Stack, Text, Title } from '@mantine/core';
import { IconEdit, IconRefresh, IconSend, IconTrash } from '@tabler/icons-react';
import type { WebhookFieldsFragment } from '../../gql/graphql';

/** The webhook's URL, state and description, with Send test, Edit, Rotate secret and Delete per role. */
export function WebhookHeader(props: {
  webhook: WebhookFieldsFragment;
  canEdit: boolean;
  canOwn: boolean;
  testing: boolean;
  onTest: () => void;
  onEdit: () => void;
  onRotate: () => void;
  onDelete: () => void;
}) {
  const { webhook, canEdit, canOwn } = props;
  return (
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
          <Button leftSection={<IconSend size={16} />} onClick={props.onTest} loading={props.testing}>
            Send test
          </Button>
        )}
        {canEdit && (
          <Button variant="default" leftSection={<IconEdit size={16} />} onClick={props.onEdit}>
            Edit
          </Button>
        )}
        {canOwn && (
          <Button variant="default" leftSection={<IconRefresh size={16} />} onClick={props.onRotate}>
            Rotate secret
          </Button>
        )}
        {canOwn && (
          <Button color="red" variant="light" leftSection={<IconTrash size={16} />} onClick={props.onDelete}>
            Delete
          </Button>
        )}
      </Group>
    </Group>
  );
}
