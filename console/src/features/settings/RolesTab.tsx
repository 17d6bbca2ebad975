import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Code,
  Group,
  Modal,
  Paper,
  Stack,
  Table,
  Textarea,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { QueryState } from '../../components/QueryState';
import type { SettingsRoleDefinitionsQuery } from '../../gql/graphql';
import { fieldErrors } from '../../lib/api-errors';
import { useCan } from '../auth/me-context';
import {
  CreateRoleDefinitionDocument,
  DeleteRoleDefinitionDocument,
  RoleDefinitionsDocument,
  UpdateRoleDefinitionDocument,
} from './documents';
import { confirmDelete, orNull } from './shared';

type Role = SettingsRoleDefinitionsQuery['roleDefinitions'][number];

export function RolesTab() {
  const can = useCan();
  const [{ data, fetching, error }, refetch] = useQuery({ query: RoleDefinitionsDocument });
  const [editing, setEditing] = useState<Role | 'new' | null>(null);
  const [, remove] = useMutation(DeleteRoleDefinitionDocument);
  const roles = data?.roleDefinitions ?? [];
  const reload = () => refetch({ requestPolicy: 'network-only' });
  return (
    <>
      <Group justify="space-between" mb="sm">
        <span>Built-in areas are fixed; add your own for grants on your own resources.</span>
        {can('ROLE_AND_PERMISSION', 'EDITOR') && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
            Create role definition
          </Button>
        )}
      </Group>
      <Paper withBorder>
        <QueryState
          fetching={fetching}
          error={error}
          empty={roles.length === 0}
          emptyText="No role definitions."
          retry={reload}
        >
          <Table striped data-testid="roles-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Key</Table.Th>
                <Table.Th>Name</Table.Th>
                <Table.Th>Description</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {roles.map((r) => (
                <Table.Tr key={r.id} data-row-name={r.key}>
                  <Table.Td>
                    <Code>{r.key}</Code>
                  </Table.Td>
                  <Table.Td>{r.name}</Table.Td>
                  <Table.Td>{r.description}</Table.Td>
                  <Table.Td>
                    {r.builtIn ? (
                      <Badge variant="light" color="gray">
                        Built-in
                      </Badge>
                    ) : (
                      <Badge variant="light">Custom</Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {!r.builtIn && (
                      <Group gap={4} justify="flex-end" wrap="nowrap">
                        {can('ROLE_AND_PERMISSION', 'EDITOR') && (
                          <ActionIcon variant="subtle" aria-label={`Edit ${r.key}`} onClick={() => setEditing(r)}>
                            <IconPencil size={16} />
                          </ActionIcon>
                        )}
                        {can('ROLE_AND_PERMISSION', 'OWNER') && (
                          <ActionIcon
                            variant="subtle"
                            color="red"
                            aria-label={`Delete ${r.key}`}
                            onClick={() =>
                              confirmDelete({
                                title: `Delete role definition ${r.key}?`,
                                text: `Every grant on “${r.name}” (users, groups, keys) is removed. This cannot be undone.`,
                                confirm: 'Delete role definition',
                                run: () => remove({ id: r.id }),
                                done: reload,
                              })
                            }
                          >
                            <IconTrash size={16} />
                          </ActionIcon>
                        )}
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </QueryState>
      </Paper>
      {editing && (
        <RoleModal
          role={editing === 'new' ? null : editing}
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

const FIELDS = ['key', 'name', 'description'] as const;

function RoleModal(props: { role: Role | null; onClose: () => void; onSaved: () => void }) {
  const [values, setValues] = useState({
    key: props.role?.key ?? '',
    name: props.role?.name ?? '',
    description: props.role?.description ?? '',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [created, create] = useMutation(CreateRoleDefinitionDocument);
  const [updated, update] = useMutation(UpdateRoleDefinitionDocument);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const common = { name: values.name.trim(), description: orNull(values.description) };
    const res = props.role
      ? await update({ id: props.role.id, input: common })
      : await create({ input: { key: values.key.trim(), ...common } });
    if (res.error) return setErrors(fieldErrors(res.error, FIELDS));
    notifications.show({
      color: 'green',
      title: props.role ? 'Role definition saved' : 'Role definition created',
      message: common.name,
    });
    props.onSaved();
  };
  const set = (key: keyof typeof values) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
    setValues({ ...values, [key]: e.currentTarget.value });
  return (
    <Modal
      opened
      onClose={props.onClose}
      title={props.role ? `Edit role definition ${props.role.key}` : 'Create role definition'}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
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
              {props.role ? 'Save' : 'Create role definition'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
