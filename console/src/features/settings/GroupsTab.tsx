import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  SegmentedControl,
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
import { GrantRows, useGrantableRoles, type GrantValue } from '../../components/GrantsEditor';
import { QueryState } from '../../components/QueryState';
import type { AuthorizationGroupType, SettingsAuthorizationGroupsQuery } from '../../gql/graphql';
import { fieldErrors } from '../../lib/api-errors';
import { useCan } from '../auth/me-context';
import {
  AuthorizationGroupsDocument,
  CreateAuthorizationGroupDocument,
  DeleteAuthorizationGroupDocument,
  RoleDefinitionsDocument,
  UpdateAuthorizationGroupDocument,
} from './documents';
import { confirmDelete, orNull } from './shared';
import { GrantBadges } from './UsersTab';

type AuthGroup = SettingsAuthorizationGroupsQuery['authorizationGroups'][number];

export const GROUP_TYPE_LABEL: Record<AuthorizationGroupType, string> = { USER: 'Users', API_KEY: 'API keys' };

export function GroupsTab() {
  const can = useCan();
  const [type, setType] = useState<'ALL' | AuthorizationGroupType>('ALL');
  const [{ data, fetching, error }, refetch] = useQuery({
    query: AuthorizationGroupsDocument,
    variables: { type: type === 'ALL' ? null : type },
  });
  const [editing, setEditing] = useState<AuthGroup | 'new' | null>(null);
  const [, remove] = useMutation(DeleteAuthorizationGroupDocument);
  const groups = data?.authorizationGroups ?? [];
  const reload = () => refetch({ requestPolicy: 'network-only' });
  return (
    <>
      <Group justify="space-between" mb="sm">
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
        {can('ROLE_AND_PERMISSION', 'EDITOR') && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
            Create group
          </Button>
        )}
      </Group>
      <Paper withBorder>
        <QueryState
          fetching={fetching}
          error={error}
          empty={groups.length === 0}
          emptyText="No authorization groups yet."
          retry={reload}
        >
          <Table striped data-testid="groups-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>For</Table.Th>
                <Table.Th>Grants</Table.Th>
                <Table.Th>Description</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {groups.map((g) => (
                <Table.Tr key={g.id} data-row-name={g.name}>
                  <Table.Td>{g.name}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={g.type === 'USER' ? 'blue' : 'grape'}>
                      {GROUP_TYPE_LABEL[g.type]}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <GrantBadges grants={g.grants} />
                  </Table.Td>
                  <Table.Td>{g.description}</Table.Td>
                  <Table.Td>
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      {can('ROLE_AND_PERMISSION', 'EDITOR') && (
                        <ActionIcon variant="subtle" aria-label={`Edit ${g.name}`} onClick={() => setEditing(g)}>
                          <IconPencil size={16} />
                        </ActionIcon>
                      )}
                      {can('ROLE_AND_PERMISSION', 'OWNER') && (
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={`Delete ${g.name}`}
                          onClick={() =>
                            confirmDelete({
                              title: `Delete group ${g.name}?`,
                              text:
                                g.type === 'USER'
                                  ? 'Its members lose the group’s grants.'
                                  : 'Keys assigned to it become unassigned and lose the group’s grants.',
                              confirm: 'Delete group',
                              run: () => remove({ id: g.id }),
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
        <GroupModal
          group={editing === 'new' ? null : editing}
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
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [created, create] = useMutation(CreateAuthorizationGroupDocument);
  const [updated, update] = useMutation(UpdateAuthorizationGroupDocument);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const common = { name: name.trim(), description: orNull(description), grants };
    const res = props.group
      ? await update({ id: props.group.id, input: common })
      : await create({ input: { ...common, type } });
    if (res.error) return setErrors(fieldErrors(res.error, FIELDS));
    notifications.show({ color: 'green', title: props.group ? 'Group saved' : 'Group created', message: common.name });
    props.onSaved();
  };
  return (
    <Modal
      opened
      onClose={props.onClose}
      title={props.group ? `Edit group ${props.group.name}` : 'Create authorization group'}
      size="lg"
    >
      <form onSubmit={submit} noValidate>
        <Stack>
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
              {props.group ? 'Save' : 'Create group'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
