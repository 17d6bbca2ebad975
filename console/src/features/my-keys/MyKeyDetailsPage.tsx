import { Alert, Badge, Button, Card, Code, Group, Stack, Table, TextInput, Title, Tooltip } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconBan, IconTrash } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { BackLink } from '../../components/BackLink';
import { QueryState } from '../../components/QueryState';
import { errorText, fieldErrors } from '../../lib/api-errors';
import { formatDateTime, maskedKey } from '../../lib/format';
import {
  DeleteSecretApiKeyDocument,
  MySecretApiKeysDocument,
  RevokeSecretApiKeyDocument,
  UpdateSecretApiKeyDocument,
} from './documents';

/** One personal key: Active / Revoked header, edit title, revoke, delete once revoked. */
export function MyKeyDetailsPage() {
  const { id } = useParams();
  const navigate = useNavigate();
  // personal keys are few (one active at a time): the list holds the one asked for
  const [{ data, fetching, error }, refetch] = useQuery({ query: MySecretApiKeysDocument, variables: { first: 100 } });
  const key = data?.mySecretApiKeys.edges.map((e) => e.node).find((k) => k.id === id);
  const [title, setTitle] = useState('');
  const [titleError, setTitleError] = useState<string | undefined>();
  const [update, updateKey] = useMutation(UpdateSecretApiKeyDocument);
  const [, revoke] = useMutation(RevokeSecretApiKeyDocument);
  const [, remove] = useMutation(DeleteSecretApiKeyDocument);
  useEffect(() => setTitle(key?.name ?? ''), [key?.name]);

  const revoked = key?.status === 'REVOKED';
  const confirmRevoke = () =>
    key &&
    modals.openConfirmModal({
      title: `Revoke “${key.name}”?`,
      children: 'Requests with this key stop working immediately. This cannot be undone.',
      labels: { confirm: 'Revoke key', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: async () => {
        const res = await revoke({ id: key.id });
        if (res.error) notifications.show({ color: 'red', title: 'Could not revoke', message: errorText(res.error) });
        refetch({ requestPolicy: 'network-only' });
      },
    });
  const confirmDelete = () =>
    key &&
    modals.openConfirmModal({
      title: `Delete “${key.name}”?`,
      children: 'The revoked key is removed from your list for good.',
      labels: { confirm: 'Delete', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: async () => {
        const res = await remove({ id: key.id });
        if (res.error) notifications.show({ color: 'red', title: 'Could not delete', message: errorText(res.error) });
        else navigate('/my-keys');
      },
    });

  return (
    <Stack>
      <BackLink to="/my-keys">My secret keys</BackLink>
      <QueryState
        fetching={fetching}
        error={error}
        empty={!key}
        emptyText="You have no such key."
        retry={() => refetch({ requestPolicy: 'network-only' })}
      >
        {key && (
          <>
            <Group justify="space-between">
              <Group>
                <Title order={1} size="h2">
                  {key.name}
                </Title>
                <Badge size="lg" color={revoked ? 'red' : 'green'} variant="light" data-testid="personal-key-state">
                  {revoked ? 'Revoked' : 'Active'}
                </Badge>
              </Group>
              <Group>
                {!revoked && (
                  <Button color="red" variant="light" leftSection={<IconBan size={16} />} onClick={confirmRevoke}>
                    Revoke
                  </Button>
                )}
                <Tooltip label="Revoke the key first" disabled={revoked}>
                  <Button
                    color="red"
                    leftSection={<IconTrash size={16} />}
                    onClick={confirmDelete}
                    disabled={!revoked}
                    data-disabled={!revoked || undefined}
                  >
                    Delete
                  </Button>
                </Tooltip>
              </Group>
            </Group>
            <Card withBorder>
              <Table variant="vertical" withRowBorders={false} layout="fixed">
                <Table.Tbody>
                  <Table.Tr>
                    <Table.Th w={140}>Key</Table.Th>
                    <Table.Td>
                      <Code>{maskedKey(key.prefix, key.last4)}</Code>
                    </Table.Td>
                  </Table.Tr>
                  <Table.Tr>
                    <Table.Th>Last used</Table.Th>
                    <Table.Td>
                      {key.lastUsedAt
                        ? `${formatDateTime(key.lastUsedAt)} from ${key.lastUsedIp ?? 'unknown'}`
                        : 'Never'}
                    </Table.Td>
                  </Table.Tr>
                  <Table.Tr>
                    <Table.Th>Created</Table.Th>
                    <Table.Td>{formatDateTime(key.createdAt)}</Table.Td>
                  </Table.Tr>
                  {key.revokedAt && (
                    <Table.Tr>
                      <Table.Th>Revoked</Table.Th>
                      <Table.Td>{formatDateTime(key.revokedAt)}</Table.Td>
                    </Table.Tr>
                  )}
                </Table.Tbody>
              </Table>
            </Card>
            <Card
              withBorder
              component="form"
              onSubmit={async (e: React.FormEvent) => {
                e.preventDefault();
                const res = await updateKey({ id: key.id, title: title.trim() });
                setTitleError(
                  res.error ? (fieldErrors(res.error, ['title']).title ?? errorText(res.error)) : undefined,
                );
                if (!res.error) notifications.show({ color: 'green', title: 'Saved', message: 'Title updated' });
              }}
            >
              <Group align="flex-end">
                <TextInput
                  label="Title"
                  value={title}
                  onChange={(e) => setTitle(e.currentTarget.value)}
                  error={titleError}
                  style={{ flex: 1 }}
                  disabled={revoked}
                />
                <Button type="submit" loading={update.fetching} disabled={revoked || title.trim() === key.name}>
                  Save title
                </Button>
              </Group>
            </Card>
            {revoked && <Alert color="gray">This key no longer works. Delete it to remove it from your list.</Alert>}
          </>
        )}
      </QueryState>
    </Stack>
  );
}
