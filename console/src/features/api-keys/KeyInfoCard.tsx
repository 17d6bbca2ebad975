import { Badge, Card, Code, Group, Table, Text, Title } from '@mantine/core';
import type { ApiKeyFieldsFragment } from '../../gql/graphql';
import { formatDateTime, maskedKey } from '../../lib/format';
import { ExpirationBadge } from './key-badges';

/** The key's fixed facts: masked key, client id, channel, expiry, last use, owner, times; a GraphQL key's roles. */
export function KeyInfoCard({ apiKey: key }: { apiKey: ApiKeyFieldsFragment }) {
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="sm">
        Key
      </Title>
      <Table variant="vertical" layout="fixed" withRowBorders={false} verticalSpacing={4}>
        <Table.Tbody>
          <Row label="Key">{<Code>{maskedKey(key.prefix, key.last4)}</Code>}</Row>
          {key.clientId && (
            <Row label="Client id">
              <Code>{key.clientId}</Code>
            </Row>
          )}
          <Row label="Channel">{key.channel?.name ?? 'All channels'}</Row>
          <Row label="Expires">
            <Group gap={6}>
              {key.expiresAt ? formatDateTime(key.expiresAt) : 'Never'}
              {key.expirationState !== 'NEVER' && <ExpirationBadge state={key.expirationState} />}
            </Group>
          </Row>
          <Row label="Last used">
            {key.lastUsedAt ? `${formatDateTime(key.lastUsedAt)} from ${key.lastUsedIp ?? 'unknown'}` : 'Never'}
          </Row>
          <Row label="Owner">{key.owner?.email ?? '—'}</Row>
          <Row label="Rotated">{formatDateTime(key.rotatedAt)}</Row>
          <Row label="Created">{formatDateTime(key.createdAt)}</Row>
          <Row label="Updated">{formatDateTime(key.updatedAt)}</Row>
        </Table.Tbody>
      </Table>
      {key.kind === 'GRAPHQL' && (
        <>
          <Title order={3} size="h5" mt="md" mb="xs">
            Roles (fixed at creation)
          </Title>
          {key.grants.length === 0 ? (
            <Text size="sm" c="dimmed">
              None
            </Text>
          ) : (
            <Group gap={6}>
              {key.grants.map((g) => (
                <Badge key={g.roleKey} variant="light">
                  {g.roleKey} · {g.level.toLowerCase()}
                </Badge>
              ))}
            </Group>
          )}
        </>
      )}
    </Card>
  );
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th w={110}>{label}</Table.Th>
      <Table.Td>{children}</Table.Td>
    </Table.Tr>
  );
}
