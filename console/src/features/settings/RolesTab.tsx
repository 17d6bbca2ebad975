import { Badge, Code, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useMutation } from 'urql';
import { FormModal } from '../../components/FormModal';
import type { SettingsRoleDefinitionsQuery } from '../../gql/graphql';
import { useCan } from '../auth/me-context';
import {
  CreateRoleDefinitionDocument,
  DeleteRoleDefinitionDocument,
  RoleDefinitionsDocument,
  UpdateRoleDefinitionDocument,
} from './documents';
import { RowActions, SettingsTable, TableToolbar, useFormModal, useSettingsList, type Column } from './SettingsTable';
import { confirmDelete, orNull, useSaveForm } from './shared';

type Role = SettingsRoleDefinitionsQuery['roleDefinitions'][number];

const COLUMNS: Array<Column<Role>> = [
  { header: 'Key', cell: (r) => <Code>{r.key}</Code> },
  { header: 'Name', cell: (r) => r.name },
  { header: 'Description', cell: (r) => r.description },
  {
    header: 'Kind',
    cell: (r) =>
      r.builtIn ? (
        <Badge variant="light" color="gray">
          Built-in
        </Badge>
      ) : (
        <Badge variant="light">Custom</Badge>
      ),
  },
];

export function RolesTab() {
  const can = useCan();
  const list = useSettingsList({ query: RoleDefinitionsDocument }, (data) => data.roleDefinitions);
  const modal = useFormModal<Role>(list.reload);
  const [, remove] = useMutation(DeleteRoleDefinitionDocument);
  const askDelete = (r: Role) =>
    confirmDelete({
      title: `Delete role definition ${r.key}?`,
      text: `Every grant on “${r.name}” (users, groups, keys) is removed. This cannot be undone.`,
      confirm: 'Delete role definition',
      run: () => remove({ id: r.id }),
      done: list.reload,
    });
  return (
    <>
      <TableToolbar
        createLabel={can('ROLE_AND_PERMISSION', 'EDITOR') && 'Create role definition'}
        onCreate={modal.openNew}
      >
        <span>Built-in areas are fixed; add your own for grants on your own resources.</span>
      </TableToolbar>
      {/* built-in role definitions can be neither edited nor deleted */}
      <SettingsTable
        testId="roles-table"
        list={list}
        emptyText="No role definitions."
        columns={COLUMNS}
        rowName={(r) => r.key}
        actions={(r) =>
          !r.builtIn && (
            <RowActions
              name={r.key}
              onEdit={can('ROLE_AND_PERMISSION', 'EDITOR') ? () => modal.openFor(r) : undefined}
              onDelete={can('ROLE_AND_PERMISSION', 'OWNER') ? () => askDelete(r) : undefined}
            />
          )
        }
      />
      {modal.open && <RoleModal role={modal.row} onClose={modal.close} onSaved={modal.saved} />}
    </>
  );
}

const FIELDS = ['key', 'name', 'description'] as const;

function RoleModal(props: { role: Role | null; onClose: () => void; onSaved: () => void }) {
  const [values, setValues] = useState({
    key: props.role?.key ?? '',
    name: props.role?.name ?? '',
    description: props.role?.description ?? '',
  });
  const [created, create] = useMutation(CreateRoleDefinitionDocument);
  const [updated, update] = useMutation(UpdateRoleDefinitionDocument);
  const common = { name: values.name.trim(), description: orNull(values.description) };
  const { errors, submit } = useSaveForm({
    fields: FIELDS,
    save: () =>
      props.role
        ? update({ id: props.role.id, input: common })
        : create({ input: { key: values.key.trim(), ...common } }),
    toast: { title: props.role ? 'Role definition saved' : 'Role definition created', message: common.name },
    onSaved: props.onSaved,
  });
  const set = (key: keyof typeof values) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
    setValues({ ...values, [key]: e.currentTarget.value });
  return (
    <FormModal
      onClose={props.onClose}
      title={props.role ? `Edit role definition ${props.role.key}` : 'Create role definition'}
      onSubmit={submit}
      error={errors._form}
      submitLabel={props.role ? 'Save' : 'Create role definition'}
      submitting={created.fetching || updated.fetching}
    >
      <TextInput
        label="Key"
        description="Upper snake case, e.g. ORDER_DATA; cannot be changed later"
        required
        disabled={!!props.role}
        value={values.key}
        onChange={set('key')}
        error={errors.key}
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
