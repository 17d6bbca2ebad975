import { MultiSelect, PasswordInput, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { FormModal } from '../../components/FormModal';
import { GrantRows, useGrantableRoles, type GrantValue } from '../../components/GrantsEditor';
import type { SettingsUsersQuery } from '../../gql/graphql';
import { useCan, useMe } from '../auth/me-context';
import {
  AuthorizationGroupsDocument,
  CreateUserDocument,
  RoleDefinitionsDocument,
  SetUserGrantsDocument,
  UpdateUserDocument,
} from './documents';
import { useSaveForm } from './shared';

type User = SettingsUsersQuery['users']['edges'][number]['node'];

// (Mantine's PasswordInput marks an error with data-invalid only, hence the explicit aria-invalid below)
const USER_FIELDS = ['email', 'name', 'password', 'grants', 'groupIds'] as const;

export function UserModal(props: { user: User | null; self: boolean; onClose: () => void; onSaved: () => void }) {
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
  const [created, create] = useMutation(CreateUserDocument);
  const [updated, update] = useMutation(UpdateUserDocument);
  const common = { email: email.trim(), name: name.trim(), ...(withRoles ? { groupIds } : {}) };
  const { errors, submit } = useSaveForm({
    fields: USER_FIELDS,
    save: () =>
      props.user
        ? update({ id: props.user.id, input: { ...common, ...(password && !props.self ? { password } : {}) } })
        : create({ input: { ...common, password, grants } }),
    toast: { title: props.user ? 'User saved' : 'User created', message: common.email },
    onSaved: props.onSaved,
  });
  return (
    <FormModal
      onClose={props.onClose}
      title={props.user ? `Edit ${props.user.email}` : 'Create user'}
      size="lg"
      onSubmit={submit}
      error={errors._form}
      submitLabel={props.user ? 'Save' : 'Create user'}
      submitting={created.fetching || updated.fetching}
    >
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
    </FormModal>
  );
}

export function GrantsModal(props: { user: User; onClose: () => void; onSaved: () => void }) {
  const [{ data: roleData }] = useQuery({ query: RoleDefinitionsDocument });
  const roles = useGrantableRoles(roleData?.roleDefinitions);
  const [grants, setGrants] = useState<GrantValue[]>(
    props.user.grants.map((g) => ({ roleKey: g.roleKey, level: g.level })),
  );
  const [result, save] = useMutation(SetUserGrantsDocument);
  const { errors, submit } = useSaveForm({
    fields: ['grants'],
    save: () => save({ userId: props.user.id, grants }),
    toast: { title: 'Grants changed', message: props.user.email },
    onSaved: props.onSaved,
  });
  return (
    <FormModal
      onClose={props.onClose}
      title={`Grants of ${props.user.email}`}
      size="lg"
      onSubmit={submit}
      error={errors._form}
      submitLabel="Save grants"
      submitting={result.fetching}
    >
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
    </FormModal>
  );
}
