import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Group,
  Menu,
  Modal,
  MultiSelect,
  Paper,
  PasswordInput,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconDots, IconKey, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { GrantRows, useGrantableRoles, type GrantValue } from '../../components/GrantsEditor';
import { QueryState } from '../../components/QueryState';
import type { AccessLevel, SettingsUsersQuery } from '../../gql/graphql';
import { errorText, fieldErrors } from '../../lib/api-errors';
import { fromNow } from '../../lib/format';
import { useCan, useMe } from '../auth/me-context';
import { useSession } from '../auth/session-context';
import {
  AuthorizationGroupsDocument,
  ChangeMyPasswordDocument,
  CreateUserDocument,
  RevokeUserSessionsDocument,
  RoleDefinitionsDocument,
  SetUserGrantsDocument,
  UpdateUserDocument,
  UsersDocument,
} from './documents';

type User = SettingsUsersQuery['users']['edges'][number]['node'];

const LEVEL_COLOR: Record<AccessLevel, string> = { VIEWER: 'gray', EDITOR: 'blue', OWNER: 'teal' };
const LEVEL_LABEL: Record<AccessLevel, string> = { VIEWER: 'Viewer', EDITOR: 'Editor', OWNER: 'Owner' };

/** Grants as "Area · Level" badges. */
export function GrantBadges(props: { grants: Array<{ roleKey: string; level: AccessLevel; role: { name: string } }> }) {
  if (props.grants.length === 0)
    return (
      <Text size="sm" c="dimmed">
        None
      </Text>
    );
  return (
    <Group gap={4}>
      {props.grants.map((g) => (
        <Badge key={g.roleKey} variant="light" color={LEVEL_COLOR[g.level]} tt="none">
          {g.role.name} · {LEVEL_LABEL[g.level]}
        </Badge>
      ))}
    </Group>
  );
}

export function UsersTab() {
  const me = useMe();
  const can = useCan();
  const mayRead = can('USER', 'VIEWER') || !!me.user?.superUser;
  const [{ data, fetching, error }, refetch] = useQuery({ query: UsersDocument, pause: !mayRead });
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [granting, setGranting] = useState<User | null>(null);
  const [, update] = useMutation(UpdateUserDocument);
  const [, revokeSessions] = useMutation(RevokeUserSessionsDocument);
  const users = data?.users.edges.map((e) => e.node) ?? [];
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const canEdit = can('USER', 'EDITOR') || !!me.user?.superUser;
  const canOwn = can('USER', 'OWNER') || !!me.user?.superUser;

  const setActive = (user: User, active: boolean) =>
    modals.openConfirmModal({
      title: active ? `Reactivate ${user.email}?` : `Deactivate ${user.email}?`,
      children: (
        <Text size="sm">
          {active
            ? 'The user can sign in again. Earlier sessions stay ended.'
            : 'The user is signed out everywhere at once and cannot sign in until reactivated.'}
        </Text>
      ),
      labels: { confirm: active ? 'Reactivate' : 'Deactivate', cancel: 'Cancel' },
      confirmProps: { color: active ? 'blue' : 'red' },
      onConfirm: async () => {
        const res = await update({ id: user.id, input: { active } });
        if (res.error) notifications.show({ color: 'red', title: 'Not changed', message: errorText(res.error) });
        else
          notifications.show({
            color: 'green',
            title: active ? 'User reactivated' : 'User deactivated',
            message: user.email,
          });
        reload();
      },
    });
  const signOutEverywhere = (user: User) =>
    modals.openConfirmModal({
      title: `Sign ${user.email} out everywhere?`,
      children: (
        <Text size="sm">
          Every session of this user ends now; they can sign in again. Their personal keys keep working.
        </Text>
      ),
      labels: { confirm: 'Sign out everywhere', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: async () => {
        const res = await revokeSessions({ userId: user.id });
        if (res.error) notifications.show({ color: 'red', title: 'Not signed out', message: errorText(res.error) });
        else notifications.show({ color: 'green', title: 'Signed out everywhere', message: user.email });
      },
    });

  return (
    <Stack>
      {me.type === 'USER' && <MyAccount />}
      <Group justify="space-between">
        <Group gap="sm" align="baseline">
          <Title order={2} size="h4">
            Users
          </Title>
          {data && (
            <Text size="sm" c="dimmed">
              {data.users.totalCount > users.length
                ? `the first ${users.length} of ${data.users.totalCount}`
                : data.users.totalCount}
            </Text>
          )}
        </Group>
        {canEdit && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
            Create user
          </Button>
        )}
      </Group>
      {!mayRead ? (
        <Alert color="gray">You need the Viewer level on users to see the tenant’s users.</Alert>
      ) : (
        <Paper withBorder>
          <QueryState fetching={fetching} error={error} empty={users.length === 0} emptyText="No users." retry={reload}>
            <Table striped data-testid="users-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Email</Table.Th>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Active</Table.Th>
                  <Table.Th>Grants</Table.Th>
                  <Table.Th>Groups</Table.Th>
                  <Table.Th>Last sign-in</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {users.map((u) => {
                  const self = u.id === me.user?.id;
                  return (
                    <Table.Tr key={u.id} data-row-name={u.email}>
                      <Table.Td>
                        {u.email}{' '}
                        {u.superUser && (
                          <Badge size="xs" color="orange" variant="light">
                            Super user
                          </Badge>
                        )}
                      </Table.Td>
                      <Table.Td>{u.name}</Table.Td>
                      <Table.Td>
                        {u.active ? (
                          <Badge color="green" variant="light">
                            Active
                          </Badge>
                        ) : (
                          <Badge color="gray" variant="light">
                            Inactive
                          </Badge>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <GrantBadges grants={u.grants} />
                      </Table.Td>
                      <Table.Td>
                        {u.groups.length ? (
                          u.groups.map((g) => g.name).join(', ')
                        ) : (
                          <Text size="sm" c="dimmed">
                            None
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>{fromNow(u.lastLoginAt)}</Table.Td>
                      <Table.Td>
                        {(canEdit || canOwn) && (
                          <Menu position="bottom-end" withinPortal>
                            <Menu.Target>
                              <ActionIcon variant="subtle" aria-label={`Actions for ${u.email}`}>
                                <IconDots size={16} />
                              </ActionIcon>
                            </Menu.Target>
                            <Menu.Dropdown>
                              {canEdit && <Menu.Item onClick={() => setEditing(u)}>Edit</Menu.Item>}
                              {canEdit && !self && <Menu.Item onClick={() => setGranting(u)}>Change grants</Menu.Item>}
                              {canEdit &&
                                !self &&
                                (u.active ? (
                                  <Menu.Item color="red" onClick={() => setActive(u, false)}>
                                    Deactivate
                                  </Menu.Item>
                                ) : (
                                  <Menu.Item onClick={() => setActive(u, true)}>Reactivate</Menu.Item>
                                ))}
                              {canOwn && (
                                <Menu.Item color="red" onClick={() => signOutEverywhere(u)}>
                                  Sign out everywhere
                                </Menu.Item>
                              )}
                            </Menu.Dropdown>
                          </Menu>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </QueryState>
        </Paper>
      )}
      {editing && (
        <UserModal
          user={editing === 'new' ? null : editing}
          self={editing !== 'new' && editing.id === me.user?.id}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            reload();
          }}
        />
      )}
      {granting && (
        <GrantsModal
          user={granting}
          onClose={() => setGranting(null)}
          onSaved={() => {
            setGranting(null);
            reload();
          }}
        />
      )}
    </Stack>
  );
}

// (Mantine's PasswordInput marks an error with data-invalid only, hence the explicit aria-invalid below)
const USER_FIELDS = ['email', 'name', 'password', 'grants', 'groupIds'] as const;

function UserModal(props: { user: User | null; self: boolean; onClose: () => void; onSaved: () => void }) {
  const can = useCan();
  const me = useMe();
  const withRoles = can('ROLE_AND_PERMISSION', 'VIEWER') || !!me.user?.superUser;
  const [{ data: roleData }] = useQuery({ query: RoleDefinitionsDocument, pause: !withRoles });
  const [{ data: groupData }] = useQuery({
    query: AuthorizationGroupsDocument,
    variables: { type: 'USER' },
    pause: !withRoles,
  });
  const roles = useGrantableRoles(roleData?.roleDefinitions);
  const [email, setEmail] = useState(props.user?.email ?? '');
  const [name, setName] = useState(props.user?.name ?? '');
  const [password, setPassword] = useState('');
  const [grants, setGrants] = useState<GrantValue[]>([]);
  const [groupIds, setGroupIds] = useState<string[]>(props.user?.groups.map((g) => g.id) ?? []);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [created, create] = useMutation(CreateUserDocument);
  const [updated, update] = useMutation(UpdateUserDocument);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const res = props.user
      ? await update({
          id: props.user.id,
          input: {
            email: email.trim(),
            name: name.trim(),
            ...(password && !props.self ? { password } : {}),
            ...(withRoles ? { groupIds } : {}),
          },
        })
      : await create({
          input: { email: email.trim(), name: name.trim(), password, grants, ...(withRoles ? { groupIds } : {}) },
        });
    if (res.error) return setErrors(fieldErrors(res.error, USER_FIELDS));
    notifications.show({ color: 'green', title: props.user ? 'User saved' : 'User created', message: email.trim() });
    props.onSaved();
  };
  return (
    <Modal opened onClose={props.onClose} title={props.user ? `Edit ${props.user.email}` : 'Create user'} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label="Email"
            type="email"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={errors.email}
            data-autofocus
          />
          <TextInput
            label="Name"
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.name}
          />
          {!props.self && (
            <PasswordInput
              label={props.user ? 'New password (optional)' : 'Password'}
              description={props.user ? 'Setting one signs the user out everywhere' : 'At least 8 characters'}
              required={!props.user}
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={errors.password}
              aria-invalid={!!errors.password}
              autoComplete="new-password"
            />
          )}
          {!props.user && (
            <GrantRows
              label="Grants"
              emptyText="No direct grants: the user gets only what its groups allow."
              value={grants}
              onChange={setGrants}
              roles={roles}
              error={errors.grants}
            />
          )}
          {withRoles && (
            <MultiSelect
              label="Groups"
              placeholder={groupIds.length ? undefined : 'None'}
              data={(groupData?.authorizationGroups ?? []).map((g) => ({ value: g.id, label: g.name }))}
              value={groupIds}
              onChange={setGroupIds}
              error={errors.groupIds}
              searchable
              clearable
            />
          )}
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
              {props.user ? 'Save' : 'Create user'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function GrantsModal(props: { user: User; onClose: () => void; onSaved: () => void }) {
  const [{ data: roleData }] = useQuery({ query: RoleDefinitionsDocument });
  const roles = useGrantableRoles(roleData?.roleDefinitions);
  const [grants, setGrants] = useState<GrantValue[]>(
    props.user.grants.map((g) => ({ roleKey: g.roleKey, level: g.level })),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [result, save] = useMutation(SetUserGrantsDocument);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const res = await save({ userId: props.user.id, grants });
    if (res.error) return setErrors(fieldErrors(res.error, ['grants']));
    notifications.show({ color: 'green', title: 'Grants changed', message: props.user.email });
    props.onSaved();
  };
  return (
    <Modal opened onClose={props.onClose} title={`Grants of ${props.user.email}`} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            These replace the user’s own grants; grants from its groups stay.
          </Text>
          <GrantRows
            label="Grants"
            emptyText="No direct grants."
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
            <Button type="submit" loading={result.fetching}>
              Save grants
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** The signed-in user's own password: the answer carries a new session token, which replaces the old one. */
function MyAccount() {
  const me = useMe();
  const session = useSession();
  const [opened, setOpened] = useState(false);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [result, change] = useMutation(ChangeMyPasswordDocument);
  const close = () => {
    setCurrent('');
    setNext('');
    setErrors({});
    setOpened(false);
  };
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const res = await change({ currentPassword: current, newPassword: next });
    if (!res.data) return setErrors(fieldErrors(res.error, ['currentPassword', 'newPassword']));
    close();
    session.signIn(res.data.changeMyPassword.token);
    notifications.show({
      color: 'green',
      title: 'Password changed',
      message: 'Your other sessions were signed out; this one continues.',
    });
  };
  return (
    <Paper withBorder p="md">
      <Group justify="space-between">
        <div>
          <Text fw={500}>Your account</Text>
          <Text size="sm" c="dimmed">
            {me.user?.name} · {me.user?.email}
          </Text>
        </div>
        <Button variant="light" leftSection={<IconKey size={16} />} onClick={() => setOpened(true)}>
          Change password
        </Button>
      </Group>
      <Modal opened={opened} onClose={close} title="Change your password">
        <form onSubmit={submit} noValidate>
          <Stack>
            <PasswordInput
              label="Current password"
              required
              value={current}
              onChange={(e) => setCurrent(e.currentTarget.value)}
              error={errors.currentPassword}
              aria-invalid={!!errors.currentPassword}
              autoComplete="current-password"
              data-autofocus
            />
            <PasswordInput
              label="New password"
              description="At least 8 characters; every other session of yours ends"
              required
              value={next}
              onChange={(e) => setNext(e.currentTarget.value)}
              error={errors.newPassword}
              aria-invalid={!!errors.newPassword}
              autoComplete="new-password"
            />
            {errors._form && (
              <Alert color="red" role="alert">
                {errors._form}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={result.fetching}>
                Change password
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Paper>
  );
}
