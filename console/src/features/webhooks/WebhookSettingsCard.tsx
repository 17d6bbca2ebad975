import { Badge, Card, Group, Table } from '@mantine/core';
import type { WebhookFieldsFragment } from '../../gql/graphql';
import { formatDateTime } from '../../lib/format';

/** The webhook's events, channel, last delivery, failure and secret-rotation times. */
export function WebhookSettingsCard({ webhook, channelName }: { webhook: WebhookFieldsFragment; channelName: string }) {
  return (
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
            <Table.Td>{channelName}</Table.Td>
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
  );
}
