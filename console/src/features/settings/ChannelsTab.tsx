import {
  ActionIcon,
  Alert,
  Button,
  Code,
  Group,
  Modal,
  Paper,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { QueryState } from '../../components/QueryState';
import type { SettingsChannelsQuery } from '../../gql/graphql';
import { fieldErrors } from '../../lib/api-errors';
import { formatDateTime } from '../../lib/format';
import { useCan } from '../auth/me-context';
import { ChannelsDocument, CreateChannelDocument, DeleteChannelDocument, UpdateChannelDocument } from './documents';
import { confirmDelete, orNull } from './shared';

type Channel = SettingsChannelsQuery['channels']['edges'][number]['node'];

export function ChannelsTab() {
  const can = useCan();
  const [{ data, fetching, error }, refetch] = useQuery({ query: ChannelsDocument });
  const [editing, setEditing] = useState<Channel | 'new' | null>(null);
  const [, remove] = useMutation(DeleteChannelDocument);
  const channels = data?.channels.edges.map((e) => e.node) ?? [];
  const reload = () => refetch({ requestPolicy: 'network-only' });
  return (
    <>
      <Group justify="space-between" mb="sm">
        <Text size="sm" c="dimmed">
          {data
            ? data.channels.totalCount > channels.length
              ? `The first ${channels.length} of ${data.channels.totalCount} channels`
              : `${data.channels.totalCount} channels`
            : ''}
        </Text>
        {can('SHOP_AND_CHANNEL', 'EDITOR') && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
            Create channel
          </Button>
        )}
      </Group>
      <Paper withBorder>
        <QueryState
          fetching={fetching}
          error={error}
          empty={channels.length === 0}
          emptyText="No channels yet."
          retry={reload}
        >
          <Table striped data-testid="channels-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Code</Table.Th>
                <Table.Th>Name</Table.Th>
                <Table.Th>Description</Table.Th>
                <Table.Th>Updated</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {channels.map((c) => (
                <Table.Tr key={c.id} data-row-name={c.code}>
                  <Table.Td>
                    <Code>{c.code}</Code>
                  </Table.Td>
                  <Table.Td>{c.name}</Table.Td>
                  <Table.Td>{c.description}</Table.Td>
                  <Table.Td>{formatDateTime(c.updatedAt)}</Table.Td>
                  <Table.Td>
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      {can('SHOP_AND_CHANNEL', 'EDITOR') && (
                        <ActionIcon variant="subtle" aria-label={`Edit ${c.code}`} onClick={() => setEditing(c)}>
                          <IconPencil size={16} />
                        </ActionIcon>
                      )}
                      {can('SHOP_AND_CHANNEL', 'OWNER') && (
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={`Delete ${c.code}`}
                          onClick={() =>
                            confirmDelete({
                              title: `Delete channel ${c.code}?`,
                              text: `The channel “${c.name}” is deleted. Refused while unrevoked keys or webhooks are bound to it.`,
                              confirm: 'Delete channel',
                              run: () => remove({ id: c.id }),
                              done: reload,
                            })
                          }
                        >
                          <IconTrash size={16} />
                        </ActionIcon>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </QueryState>
      </Paper>
      {editing && (
        <ChannelModal
          channel={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            reload();
          }}
        />
      )}
    </>
  );
}

const FIELDS = ['code', 'name', 'description'] as const;

function ChannelModal(props: { channel: Channel | null; onClose: () => void; onSaved: () => void }) {
  const [values, setValues] = useState({
    code: props.channel?.code ?? '',
    name: props.channel?.name ?? '',
    description: props.channel?.description ?? '',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [created, create] = useMutation(CreateChannelDocument);
  const [updated, update] = useMutation(UpdateChannelDocument);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const input = { code: values.code.trim(), name: values.name.trim(), description: orNull(values.description) };
    const res = props.channel ? await update({ id: props.channel.id, input }) : await create({ input });
    if (res.error) return setErrors(fieldErrors(res.error, FIELDS));
    notifications.show({
      color: 'green',
      title: props.channel ? 'Channel saved' : 'Channel created',
      message: input.code,
    });
    props.onSaved();
  };
  const set = (key: keyof typeof values) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
    setValues({ ...values, [key]: e.currentTarget.value });
  return (
    <Modal
      opened
      onClose={props.onClose}
      title={props.channel ? `Edit channel ${props.channel.code}` : 'Create channel'}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label="Code"
            description="Letters, digits, _, - and ., unique"
            required
            value={values.code}
            onChange={set('code')}
            error={errors.code}
            data-autofocus
          />
          <TextInput label="Name" required value={values.name} onChange={set('name')} error={errors.name} />
          <Textarea
            label="Description"
            value={values.description}
            onChange={set('description')}
            error={errors.description}
            autosize
            minRows={2}
          />
          {errors._form && (
            <Alert color="red" role="alert">
              {errors._form}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={created.fetching || updated.fetching}>
              {props.channel ? 'Save' : 'Create channel'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
