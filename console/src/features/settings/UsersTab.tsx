import { ActionIcon, Alert, Badge, Button, Group, Menu, Stack, Text, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconDots, IconPlus } from '@tabler/icons-react';
import { useMutation } from 'urql';
import type { AccessLevel, SettingsUsersQuery } from '../../gql/graphql';
import { errorText } from '../../lib/api-errors';
import { fromNow } from '../../lib/format';
import { useCan, useMe } from '../auth/me-context';
import { RevokeUserSessionsDocument, UpdateUserDocument, UsersDocument } from './documents';
import { MyAccount } from './MyAccount';
import { SettingsTable, useFormModal, useSettingsList, type Column } from './SettingsTable';
import { GrantsModal, UserModal } from './UserForm';

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

const USER_COLUMNS: Array<Column<User>> = [
  {
    header: 'Email',
    cell: (u) => (
      <>
        {u.email}{' '}
        {u.superUser && (
          <Badge size="xs" color="orange" variant="light">
            Super user
          </Badge>
        )}
      </>
    ),
  },
  { header: 'Name', cell: (u) => u.name },
  {
    header: 'Active',
    cell: (u) =>
      u.active ? (
        <Badge color="green" variant="light">
          Active
        </Badge>
      ) : (
        <Badge color="gray" variant="light">
          Inactive
        </Badge>
      ),
  },
  { header: 'Grants', cell: (u) => <GrantBadges grants={u.grants} /> },
  {
    header: 'Groups',
    cell: (u) =>
      u.groups.length ? (
        u.groups.map((g) => g.name).join(', ')
      ) : (
        <Text size="sm" c="dimmed">
          None
        </Text>
      ),
  },
  { header: 'Last sign-in', cell: (u) => fromNow(u.lastLoginAt) },
];

export function UsersTab() {
  const me = useMe();
  const can = useCan();
  const mayRead = can('USER', 'VIEWER') || !!me.user?.superUser;
  const list = useSettingsList({ query: UsersDocument, pause: !mayRead }, (data) =>
    data.users.edges.map((e) => e.node),
  );
  const userModal = useFormModal<User>(list.reload);
  const grantsModal = useFormModal<User>(list.reload);
  const canEdit = can('USER', 'EDITOR') || !!me.user?.superUser;
  const canOwn = can('USER', 'OWNER') || !!me.user?.superUser;
  const isSelf = (user: User | null) => user !== null && user.id === me.user?.id;
  const total = list.data?.users.totalCount;
  return (
    <Stack>
      {me.type === 'USER' && <MyAccount />}
      <Group justify="space-between">
        <Group gap="sm" align="baseline">
          <Title order={2} size="h4">
            Users
          </Title>
          {total !== undefined && (
            <Text size="sm" c="dimmed">
              {total > list.rows.length ? `the first ${list.rows.length} of ${total}` : total}
            </Text>
          )}
        </Group>
        {canEdit && (
          <Button leftSection={<IconPlus size={16} />} onClick={userModal.openNew}>
            Create user
          </Button>
        )}
      </Group>
      {!mayRead ? (
        <Alert color="gray">You need the Viewer level on users to see the tenant’s users.</Alert>
      ) : (
        <SettingsTable
          testId="users-table"
          list={list}
          emptyText="No users."
          columns={USER_COLUMNS}
          rowName={(u) => u.email}
          actions={(u) =>
            (canEdit || canOwn) && (
              <UserMenu
                user={u}
                self={isSelf(u)}
                canEdit={canEdit}
                canOwn={canOwn}
                onEdit={() => userModal.openFor(u)}
                onChangeGrants={() => grantsModal.openFor(u)}
                reload={list.reload}
              />
            )
          }
        />
      )}
      {userModal.open && (
        <UserModal
          user={userModal.row}
          self={isSelf(userModal.row)}
          onClose={userModal.close}
          onSaved={userModal.saved}
        />
      )}
      {grantsModal.row && (
        <GrantsModal user={grantsModal.row} onClose={grantsModal.close} onSaved={grantsModal.saved} />
      )}
    </Stack>
  );
}

/** A user row's menu: edit, change grants, (de)activate, sign out everywhere; each as far as the caller may. */
function UserMenu(props: {
  user: User;
  self: boolean;
  canEdit: boolean;
  canOwn: boolean;
  onEdit: () => void;
  onChangeGrants: () => void;
  reload: () => void;
}) {
  const { user, self, canEdit, canOwn } = props;
  const [, update] = useMutation(UpdateUserDocument);
  const [, revokeSessions] = useMutation(RevokeUserSessionsDocument);
  const setActive = (active: boolean) =>
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
        props.reload();
      },
    });
  const signOutEverywhere = () =>
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
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" aria-label={`Actions for ${user.email}`}>
          <IconDots size={16} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        {canEdit && <Menu.Item onClick={props.onEdit}>Edit</Menu.Item>}
        {canEdit && !self && <Menu.Item onClick={props.onChangeGrants}>Change grants</Menu.Item>}
        {canEdit &&
          !self &&
          (user.active ? (
            <Menu.Item color="red" onClick={() => setActive(false)}>
              Deactivate
            </Menu.Item>
          ) : (
            <Menu.Item onClick={() => setActive(true)}>Reactivate</Menu.Item>
          ))}
        {canOwn && (
          <Menu.Item color="red" onClick={signOutEverywhere}>
            Sign out everywhere
          </Menu.Item>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}
