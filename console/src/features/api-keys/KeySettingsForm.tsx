import {
  Alert,
  Button,
  Card,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useEffect, useEffectEvent, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { GrantsInput, useGrantableRoles, type GrantValue } from '../../components/GrantsEditor';
import type { ApiKeyFieldsFragment } from '../../gql/graphql';
import { fieldErrors } from '../../lib/api-errors';
import { lines, optionalNumber } from '../../lib/format';
import { useCan } from '../auth/me-context';
import { KeyLimitsFields } from './KeyLimitsFields';
import { KeyFormOptionsDocument, UpdateApiKeyDocument } from './documents';

const FIELDS = [
  'name',
  'description',
  'active',
  'authorizationGroupId',
  'ipAllowlist',
  'rateLimitPerMinute',
  'grants',
] as const;

interface EditValues {
  name: string;
  description: string;
  active: boolean;
  authorizationGroupId: string | null;
  ipAllowlist: string;
  rateLimitPerMinute: string | number;
  grants: GrantValue[];
}

function valuesOf(key: ApiKeyFieldsFragment): EditValues {
  return {
    name: key.name,
    description: key.description ?? '',
    active: key.active,
    authorizationGroupId: key.authorizationGroupId ?? null,
    ipAllowlist: key.ipAllowlist.join('\n'),
    rateLimitPerMinute: key.rateLimitPerMinute ?? '',
    grants: key.grants.map((g) => ({ roleKey: g.roleKey, level: g.level })),
  };
}

/** Name, description, active, group, IP allowlist, rate limit; grants for REST credentials only; expiry is rotate's. */
export function KeySettingsForm({ apiKey: key }: { apiKey: ApiKeyFieldsFragment }) {
  const can = useCan();
  const editable = can('API_KEY', 'EDITOR') && key.status !== 'REVOKED' && key.kind !== 'PERSONAL';
  const withRoles = can('ROLE_AND_PERMISSION', 'VIEWER');
  const [options] = useQuery({
    query: KeyFormOptionsDocument,
    variables: { withChannels: false, withRoles },
    pause: !editable,
  });
  const grantable = useGrantableRoles(options.data?.roleDefinitions?.map((r) => ({ key: r.key, name: r.name })));
  const [result, update] = useMutation(UpdateApiKeyDocument);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<EditValues>({
    initialValues: valuesOf(key),
    validate: { name: (v) => (v.trim() ? null : 'A key needs a name') },
  });
  // back to the stored values when another key is shown or this one was saved, not on every refetch
  // (which would drop what the user is typing)
  const resetToKey = useEffectEvent(() => {
    form.setInitialValues(valuesOf(key));
    form.reset();
  });
  useEffect(() => resetToKey(), [key.id, key.updatedAt]);

  const submit = form.onSubmit(async (values) => {
    setFormError(null);
    const res = await update({
      id: key.id,
      input: {
        name: values.name.trim(),
        description: values.description.trim() || null,
        active: values.active,
        authorizationGroupId: values.authorizationGroupId,
        ipAllowlist: lines(values.ipAllowlist),
        rateLimitPerMinute: optionalNumber(values.rateLimitPerMinute),
        ...(key.kind === 'REST' ? { grants: values.grants } : {}),
      },
    });
    if (res.error) {
      const { _form, ...byField } = fieldErrors(res.error, FIELDS);
      form.setErrors(byField);
      setFormError(_form ?? null);
    } else notifications.show({ color: 'green', title: 'Saved', message: `${values.name} updated` });
  });

  return (
    <Card withBorder component="form" onSubmit={submit} noValidate>
      <Title order={2} size="h4" mb="sm">
        Settings
      </Title>
      <fieldset disabled={!editable} style={{ border: 0, padding: 0, margin: 0 }}>
        <Stack>
          <TextInput label="Name" required {...form.getInputProps('name')} />
          <Textarea label="Description" autosize minRows={2} {...form.getInputProps('description')} />
          <Switch label="Active" {...form.getInputProps('active', { type: 'checkbox' })} />
          {withRoles && (
            <Select
              label="Authorization group"
              placeholder="None"
              clearable
              data={(options.data?.authorizationGroups ?? []).map((g) => ({ value: g.id, label: g.name }))}
              {...form.getInputProps('authorizationGroupId')}
            />
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <KeyLimitsFields form={form} />
          </SimpleGrid>
          {key.kind === 'REST' && (
            <GrantsInput
              matrix
              value={form.values.grants}
              onChange={(v) => form.setFieldValue('grants', v)}
              roles={grantable}
              error={form.errors.grants as string | undefined}
            />
          )}
          {formError && (
            <Alert color="red" role="alert">
              {formError}
            </Alert>
          )}
          {editable && (
            <Group justify="flex-end">
              <Button variant="default" onClick={() => form.reset()} disabled={!form.isDirty()}>
                Discard
              </Button>
              <Button type="submit" loading={result.fetching} disabled={!form.isDirty()}>
                Save changes
              </Button>
            </Group>
          )}
        </Stack>
      </fieldset>
    </Card>
  );
}
