import { ActionIcon, Button, Checkbox, Group, SegmentedControl, Select, Stack, Table, Text } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import type { AccessLevel } from '../gql/graphql';
import { ACCESS_LEVELS, levelAtLeast, useMe } from '../features/auth/me-context';

export interface GrantValue {
  roleKey: string;
  level: AccessLevel;
}

export interface RoleOption {
  key: string;
  name: string;
}

/**
 * What the signed-in principal may give: the areas it holds, each up to its own level (super users
 * any area at any level). The API enforces the same rule; this only keeps the form honest.
 */
export function useGrantableRoles(roles: RoleOption[] | undefined): Array<RoleOption & { max: AccessLevel }> {
  const me = useMe();
  if (me.user?.superUser && roles) return roles.map((r) => ({ ...r, max: 'OWNER' as AccessLevel }));
  const names = new Map((roles ?? []).map((r) => [r.key, r.name]));
  return me.grants.map((g) => ({ key: g.roleKey, name: names.get(g.roleKey) ?? g.roleKey, max: g.level }));
}

const LEVEL_LABEL: Record<AccessLevel, string> = { VIEWER: 'Viewer', EDITOR: 'Editor', OWNER: 'Owner' };

/** Rows of role × access level with "Add role". */
export function GrantRows(props: {
  value: GrantValue[];
  onChange: (v: GrantValue[]) => void;
  roles: Array<RoleOption & { max: AccessLevel }>;
  error?: string;
  label?: string;
  emptyText?: string;
}) {
  const used = new Set(props.value.map((g) => g.roleKey));
  const free = props.roles.filter((r) => !used.has(r.key));
  const set = (index: number, patch: Partial<GrantValue>) =>
    props.onChange(props.value.map((g, i) => (i === index ? { ...g, ...patch } : g)));
  return (
    <Stack gap="xs">
      <Text size="sm" fw={500}>
        {props.label ?? 'Roles'}
      </Text>
      {props.value.length === 0 && (
        <Text size="sm" c="dimmed">
          {props.emptyText ?? 'No roles: the key can only do what its authorization group allows.'}
        </Text>
      )}
      {props.value.map((grant, index) => {
        const role = props.roles.find((r) => r.key === grant.roleKey);
        const options = props.roles
          .filter((r) => r.key === grant.roleKey || !used.has(r.key))
          .map((r) => ({ value: r.key, label: r.name }));
        return (
          <Group key={index} gap="xs" wrap="nowrap" align="flex-end">
            <Select
              label={`Role ${index + 1}`}
              data={options}
              value={grant.roleKey}
              onChange={(v) => v && set(index, { roleKey: v })}
              style={{ flex: 2 }}
              searchable
              allowDeselect={false}
            />
            <Select
              label={`Access level ${index + 1}`}
              data={ACCESS_LEVELS.filter((l) => !role || levelAtLeast(role.max, l)).map((l) => ({
                value: l,
                label: LEVEL_LABEL[l],
              }))}
              value={grant.level}
              onChange={(v) => v && set(index, { level: v as AccessLevel })}
              style={{ flex: 1 }}
              allowDeselect={false}
            />
            <ActionIcon
              variant="subtle"
              color="red"
              size={36}
              aria-label={`Remove role ${index + 1}`}
              onClick={() => props.onChange(props.value.filter((_, i) => i !== index))}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        );
      })}
      {props.error && (
        <Text size="sm" c="red" role="alert">
          {props.error}
        </Text>
      )}
      <Group>
        <Button
          variant="light"
          size="xs"
          leftSection={<IconPlus size={14} />}
          disabled={free.length === 0}
          onClick={() => props.onChange([...props.value, { roleKey: free[0].key, level: 'VIEWER' }])}
        >
          Add role
        </Button>
      </Group>
    </Stack>
  );
}

/** Read / write per area (VIEWER / EDITOR), the permissions view of REST credentials. */
export function PermissionMatrix(props: {
  value: GrantValue[];
  onChange: (v: GrantValue[]) => void;
  roles: Array<RoleOption & { max: AccessLevel }>;
  error?: string;
}) {
  const levelOf = (key: string) => props.value.find((g) => g.roleKey === key)?.level;
  const setLevel = (key: string, level: AccessLevel | null) => {
    const rest = props.value.filter((g) => g.roleKey !== key);
    props.onChange(level ? [...rest, { roleKey: key, level }] : rest);
  };
  return (
    <Stack gap="xs">
      <Text size="sm" fw={500}>
        Permissions
      </Text>
      <Table withTableBorder verticalSpacing={4}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Area</Table.Th>
            <Table.Th>Read (Viewer)</Table.Th>
            <Table.Th>Write (Editor)</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.roles.map((role) => {
            const level = levelOf(role.key);
            return (
              <Table.Tr key={role.key}>
                <Table.Td>{role.name}</Table.Td>
                <Table.Td>
                  <Checkbox
                    aria-label={`Read ${role.name}`}
                    checked={!!level}
                    onChange={(e) => setLevel(role.key, e.currentTarget.checked ? (level ?? 'VIEWER') : null)}
                  />
                </Table.Td>
                <Table.Td>
                  <Checkbox
                    aria-label={`Write ${role.name}`}
                    disabled={!levelAtLeast(role.max, 'EDITOR')}
                    checked={!!level && levelAtLeast(level, 'EDITOR')}
                    onChange={(e) => setLevel(role.key, e.currentTarget.checked ? 'EDITOR' : level ? 'VIEWER' : null)}
                  />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {props.error && (
        <Text size="sm" c="red" role="alert">
          {props.error}
        </Text>
      )}
    </Stack>
  );
}

/**
 * A key's grants. With `matrix` (REST credentials) the permission matrix, and a switch to the rows of
 * role × level; without it only the rows.
 */
export function GrantsInput(props: {
  value: GrantValue[];
  onChange: (v: GrantValue[]) => void;
  roles: Array<RoleOption & { max: AccessLevel }>;
  error?: string;
  matrix: boolean;
}) {
  const [view, setView] = useState<'permissions' | 'roles'>('permissions');
  const { matrix, ...editor } = props;
  return (
    <>
      {matrix && (
        <SegmentedControl
          aria-label="Grant editor"
          value={view}
          onChange={(v) => setView(v as 'permissions' | 'roles')}
          data={[
            { value: 'permissions', label: 'Permissions (read / write)' },
            { value: 'roles', label: 'Roles' },
          ]}
        />
      )}
      {matrix && view === 'permissions' ? <PermissionMatrix {...editor} /> : <GrantRows {...editor} />}
    </>
  );
}
