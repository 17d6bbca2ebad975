import { Alert, Badge, SegmentedControl, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { FormModal } from '../../components/FormModal';
import { GrantRows, useGrantableRoles, type GrantValue } from '../../components/GrantsEditor';
import type { AuthorizationGroupType, SettingsAuthorizationGroupsQuery } from '../../gql/graphql';
import { useCan } from '../auth/me-context';
import {
  AuthorizationGroupsDocument,
  CreateAuthorizationGroupDocument,
  DeleteAuthorizationGroupDocument,
  RoleDefinitionsDocument,
  UpdateAuthorizationGroupDocument,
} from './documents';
import { RowActions, SettingsTable, TableToolbar, useFormModal, useSettingsList, type Column } from './SettingsTable';
import { confirmDelete, orNull, useSaveForm } from './shared';
import { GrantBadges } from './UsersTab';

type AuthGroup = SettingsAuthorizationGroupsQuery['authorizationGroups'][number];

export const GROUP_TYPE_LABEL: Record<AuthorizationGroupType, string> = { USER: 'Users', API_KEY: 'API keys' };

const COLUMNS: Array<Column<AuthGroup>> = [
  { header: 'Name', cell: (g) => g.name },
  {
    header: 'For',
    cell: (g) => (
      <Badge variant="light" color={g.type === 'USER' ? 'blue' : 'grape'}>
        {GROUP_TYPE_LABEL[g.type]}
      </Badge>
    ),
  },
  { header: 'Grants', cell: (g) => <GrantBadges grants={g.grants} /> },
  { header: 'Description', cell: (g) => g.description },
];

export function GroupsTab() {
  const can = useCan();
  const [type, setType] = useState<'ALL' | AuthorizationGroupType>('ALL');
  const list = useSettingsList(
    { query: AuthorizationGroupsDocument, variables: { type: type === 'ALL' ? null : type } },
    (data) => data.authorizationGroups,
  );
  const modal = useFormModal<AuthGroup>(list.reload);
  const [, remove] = useMutation(DeleteAuthorizationGroupDocument);
  const askDelete = (g: AuthGroup) =>
    confirmDelete({
      title: `Delete group ${g.name}?`,
      text:
        g.type === 'USER'
          ? 'Its members lose the group’s grants.'
          : 'Keys assigned to it become unassigned and lose the group’s grants.',
      confirm: 'Delete group',
      run: () => remove({ id: g.id }),
      done: list.reload,
    });
  return (
    <>
      <TableToolbar createLabel={can('ROLE_AND_PERMISSION', 'EDITOR') && 'Create group'} onCreate={modal.openNew}>
        <SegmentedControl
          aria-label="Group type"
          value={type}
          onChange={(v) => setType(v as typeof type)}
          data={[
            { value: 'ALL', label: 'All' },
            { value: 'USER', label: 'User groups' },
            { value: 'API_KEY', label: 'API key groups' },
          ]}
        />
      </TableToolbar>
      <SettingsTable
        testId="groups-table"
        list={list}
        emptyText="No authorization groups yet."
        columns={COLUMNS}
        rowName={(g) => g.name}
        actions={(g) => (
          <RowActions
            name={g.name}
            onEdit={can('ROLE_AND_PERMISSION', 'EDITOR') ? () => modal.openFor(g) : undefined}
            onDelete={can('ROLE_AND_PERMISSION', 'OWNER') ? () => askDelete(g) : undefined}
          />
        )}
      />
      {modal.open && <GroupModal group={modal.row} onClose={modal.close} onSaved={modal.saved} />}
    </>
  );
}

const FIELDS = ['name', 'description', 'type', 'grants'] as const;

function GroupModal(props: { group: AuthGroup | null; onClose: () => void; onSaved: () => void }) {
  const [{ data: roleData }] = useQuery({ query: RoleDefinitionsDocument });
  const roles = useGrantableRoles(roleData?.roleDefinitions);
  const [name, setName] = useState(props.group?.name ?? '');
  const [description, setDescription] = useState(props.group?.description ?? '');
  const [type, setType] = useState<AuthorizationGroupType>(props.group?.type ?? 'USER');
  const [grants, setGrants] = useState<GrantValue[]>(
    props.group?.grants.map((g) => ({ roleKey: g.roleKey, level: g.level })) ?? [],
  );
  const [created, create] = useMutation(CreateAuthorizationGroupDocument);
  const [updated, update] = useMutation(UpdateAuthorizationGroupDocument);
  const common = { name: name.trim(), description: orNull(description), grants };
  const { errors, submit } = useSaveForm({
    fields: FIELDS,
    save: () => (props.group ? update({ id: props.group.id, input: common }) : create({ input: { ...common, type } })),
    toast: { title: props.group ? 'Group saved' : 'Group created', message: common.name },
    onSaved: props.onSaved,
  });
  return (
    <FormModal
      onClose={props.onClose}
      title={props.group ? `Edit group ${props.group.name}` : 'Create authorization group'}
      size="lg"
      onSubmit={submit}
      error={errors._form}
      submitLabel={props.group ? 'Save' : 'Create group'}
      submitting={created.fetching || updated.fetching}
    >
      <TextInput
        label="Name"
        required
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        error={errors.name}
        data-autofocus
      />
      <Textarea
        label="Description"
        value={description}
        onChange={(e) => setDescription(e.currentTarget.value)}
        error={errors.description}
        autosize
        minRows={2}
      />
      {!props.group && (
        <Stack gap={4}>
          <Text size="sm" fw={500} aria-hidden>
            Assignable to
          </Text>
          <SegmentedControl
            aria-label="Assignable to"
            value={type}
            onChange={(v) => setType(v as AuthorizationGroupType)}
            data={[
              { value: 'USER', label: 'Users' },
              { value: 'API_KEY', label: 'API keys' },
            ]}
          />
          {errors.type && (
            <Alert color="red" role="alert">
              {errors.type}
            </Alert>
          )}
        </Stack>
      )}
      <GrantRows
        label="Grants"
        emptyText="No grants yet."
        value={grants}
        onChange={setGrants}
        roles={roles}
        error={errors.grants}
      />
    </FormModal>
  );
}
