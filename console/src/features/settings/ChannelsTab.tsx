import { Code, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useMutation } from 'urql';
import { FormModal } from '../../components/FormModal';
import type { SettingsChannelsQuery } from '../../gql/graphql';
import { formatDateTime } from '../../lib/format';
import { useCan } from '../auth/me-context';
import { ChannelsDocument, CreateChannelDocument, DeleteChannelDocument, UpdateChannelDocument } from './documents';
import { RowActions, SettingsTable, TableToolbar, useFormModal, useSettingsList, type Column } from './SettingsTable';
import { confirmDelete, orNull, useSaveForm } from './shared';

type Channel = SettingsChannelsQuery['channels']['edges'][number]['node'];

const COLUMNS: Array<Column<Channel>> = [
  { header: 'Code', cell: (c) => <Code>{c.code}</Code> },
  { header: 'Name', cell: (c) => c.name },
  { header: 'Description', cell: (c) => c.description },
  { header: 'Updated', cell: (c) => formatDateTime(c.updatedAt) },
];

export function ChannelsTab() {
  const can = useCan();
  const list = useSettingsList({ query: ChannelsDocument }, (data) => data.channels.edges.map((e) => e.node));
  const modal = useFormModal<Channel>(list.reload);
  const [, remove] = useMutation(DeleteChannelDocument);
  const total = list.data?.channels.totalCount;
  const askDelete = (c: Channel) =>
    confirmDelete({
      title: `Delete channel ${c.code}?`,
      text: `The channel “${c.name}” is deleted. Refused while unrevoked keys or webhooks are bound to it.`,
      confirm: 'Delete channel',
      run: () => remove({ id: c.id }),
      done: list.reload,
    });
  return (
    <>
      <TableToolbar createLabel={can('SHOP_AND_CHANNEL', 'EDITOR') && 'Create channel'} onCreate={modal.openNew}>
        <Text size="sm" c="dimmed">
          {total === undefined
            ? ''
            : total > list.rows.length
              ? `The first ${list.rows.length} of ${total} channels`
              : `${total} channels`}
        </Text>
      </TableToolbar>
      <SettingsTable
        testId="channels-table"
        list={list}
        emptyText="No channels yet."
        columns={COLUMNS}
        rowName={(c) => c.code}
        actions={(c) => (
          <RowActions
            name={c.code}
            onEdit={can('SHOP_AND_CHANNEL', 'EDITOR') ? () => modal.openFor(c) : undefined}
            onDelete={can('SHOP_AND_CHANNEL', 'OWNER') ? () => askDelete(c) : undefined}
          />
        )}
      />
      {modal.open && <ChannelModal channel={modal.row} onClose={modal.close} onSaved={modal.saved} />}
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
  const [created, create] = useMutation(CreateChannelDocument);
  const [updated, update] = useMutation(UpdateChannelDocument);
  const input = { code: values.code.trim(), name: values.name.trim(), description: orNull(values.description) };
  const { errors, submit } = useSaveForm({
    fields: FIELDS,
    save: () => (props.channel ? update({ id: props.channel.id, input }) : create({ input })),
    toast: { title: props.channel ? 'Channel saved' : 'Channel created', message: input.code },
    onSaved: props.onSaved,
  });
  const set = (key: keyof typeof values) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
    setValues({ ...values, [key]: e.currentTarget.value });
  return (
    <FormModal
      onClose={props.onClose}
      title={props.channel ? `Edit channel ${props.channel.code}` : 'Create channel'}
      onSubmit={submit}
      error={errors._form}
      submitLabel={props.channel ? 'Save' : 'Create channel'}
      submitting={created.fetching || updated.fetching}
    >
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
    </FormModal>
  );
}
