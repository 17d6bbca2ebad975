import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Code,
  Grid,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconArrowLeft, IconBan, IconClockExclamation, IconRefresh } from '@tabler/icons-react';
import { useEffect, useEffectEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { GrantsInput, useGrantableRoles, type GrantValue } from '../../components/GrantsEditor';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import type { ApiKeyFieldsFragment, LeakedKeyAction } from '../../gql/graphql';
import { KeyUsageCard } from '../usage/KeyUsageCard';
import { fieldErrors } from '../../lib/api-errors';
import { formatDateTime, fromNow, lines, maskedKey, optionalNumber } from '../../lib/format';
import { useCan } from '../auth/me-context';
import { ApiKeyDocument, KeyFormOptionsDocument, UpdateApiKeyDocument } from './documents';
import { ExpirationBadge, LeakedBadge, StatusBadge } from './key-badges';
import { useKeyDialogs } from './key-dialogs';

const FIELDS = [
  'name',
  'description',
  'active',
  'authorizationGroupId',
  'ipAllowlist',
  'rateLimitPerMinute',
  'grants',
] as const;

export function KeyDetailsPage() {
  const { id } = useParams();
  const [{ data, fetching, error }, refetch] = useQuery({ query: ApiKeyDocument, variables: { id: id! } });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const key = data?.apiKey;
  return (
    <Stack>
      <Anchor component={Link} to={key?.kind === 'REST' ? '/keys?tab=rest' : '/keys'} size="sm" underline="always">
        <Group gap={4}>
          <IconArrowLeft size={14} />
          All keys
        </Group>
      </Anchor>
      <QueryState
        fetching={fetching}
        error={error}
        empty={!key}
        emptyText="There is no such key in this tenant."
        retry={reload}
      >
        {key && <KeyDetails apiKey={key} leakedKeyAction={data?.tenant.leakedKeyAction} reload={reload} />}
      </QueryState>
    </Stack>
  );
}

function KeyDetails({
  apiKey: key,
  leakedKeyAction,
  reload,
}: {
  apiKey: ApiKeyFieldsFragment;
  leakedKeyAction?: LeakedKeyAction;
  reload: () => void;
}) {
  const can = useCan();
  const dialogs = useKeyDialogs(reload);
  const inGrace = key.previousSecretExpiresAt && new Date(key.previousSecretExpiresAt) > new Date();
  return (
    <>
      <PageHeader
        title={key.name}
        badge={
          <Group gap={6}>
            <StatusBadge status={key.status} />
            {key.leakedAt && <LeakedBadge leakedAt={key.leakedAt} />}
          </Group>
        }
        description={key.kind === 'REST' ? 'REST credential' : key.kind === 'PERSONAL' ? 'Personal key' : 'GraphQL key'}
        actions={
          can('API_KEY', 'OWNER') && key.status !== 'REVOKED' && key.kind !== 'PERSONAL' ? (
            <>
              <Button variant="default" leftSection={<IconRefresh size={16} />} onClick={() => dialogs.openRotate(key)}>
                Rotate secret
              </Button>
              <Button
                color="red"
                variant="light"
                leftSection={<IconBan size={16} />}
                onClick={() => dialogs.openRevoke(key)}
              >
                Revoke
              </Button>
            </>
          ) : undefined
        }
      />
      {key.leakedAt && <LeakedBanner apiKey={key} leakedKeyAction={leakedKeyAction} />}
      {inGrace && (
        <Alert
          color="orange"
          icon={<IconClockExclamation size={18} />}
          title="The previous secret still works"
          data-testid="grace-info"
          mb="md"
        >
          Until {formatDateTime(key.previousSecretExpiresAt)} ({fromNow(key.previousSecretExpiresAt)}). Old secret last
          used: {fromNow(key.previousSecretLastUsedAt)}; used {key.previousSecretUseCount}{' '}
          {key.previousSecretUseCount === 1 ? 'time' : 'times'} since the rotation.
        </Alert>
      )}
      {key.revokedAt && !key.leakedAt && (
        <Alert color="red" title="Revoked" mb="md">
          Revoked {formatDateTime(key.revokedAt)}
          {key.revokedReason ? `: ${key.revokedReason}` : ''}. It can be deleted from the list.
        </Alert>
      )}
      <Grid>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Card withBorder>
            <Title order={2} size="h4" mb="sm">
              Key
            </Title>
            <Table variant="vertical" layout="fixed" withRowBorders={false} verticalSpacing={4}>
              <Table.Tbody>
                <Row label="Key">{<Code>{maskedKey(key.prefix, key.last4)}</Code>}</Row>
                {key.clientId && (
                  <Row label="Client id">
                    <Code>{key.clientId}</Code>
                  </Row>
                )}
                <Row label="Channel">{key.channel?.name ?? 'All channels'}</Row>
                <Row label="Expires">
                  <Group gap={6}>
                    {key.expiresAt ? formatDateTime(key.expiresAt) : 'Never'}
                    {key.expirationState !== 'NEVER' && <ExpirationBadge state={key.expirationState} />}
                  </Group>
                </Row>
                <Row label="Last used">
                  {key.lastUsedAt ? `${formatDateTime(key.lastUsedAt)} from ${key.lastUsedIp ?? 'unknown'}` : 'Never'}
                </Row>
                <Row label="Owner">{key.owner?.email ?? '—'}</Row>
                <Row label="Rotated">{formatDateTime(key.rotatedAt)}</Row>
                <Row label="Created">{formatDateTime(key.createdAt)}</Row>
                <Row label="Updated">{formatDateTime(key.updatedAt)}</Row>
              </Table.Tbody>
            </Table>
            {key.kind === 'GRAPHQL' && (
              <>
                <Title order={3} size="h5" mt="md" mb="xs">
                  Roles (fixed at creation)
                </Title>
                {key.grants.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    None
                  </Text>
                ) : (
                  <Group gap={6}>
                    {key.grants.map((g) => (
                      <Badge key={g.roleKey} variant="light">
                        {g.roleKey} · {g.level.toLowerCase()}
                      </Badge>
                    ))}
                  </Group>
                )}
              </>
            )}
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <EditKeyForm apiKey={key} />
        </Grid.Col>
      </Grid>
      <KeyUsageCard keyId={key.id} />
      {dialogs.dialogs}
    </>
  );
}

/** A leak of the secret was reported: when, where, and what Keyward did per the tenant's leakedKeyAction. */
function LeakedBanner({
  apiKey: key,
  leakedKeyAction,
}: {
  apiKey: ApiKeyFieldsFragment;
  leakedKeyAction?: LeakedKeyAction;
}) {
  const revoked = key.status === 'REVOKED';
  return (
    <Alert
      color="red"
      icon={<IconAlertTriangle size={18} />}
      title="This key's secret was reported leaked"
      mb="md"
      data-testid="leaked-banner"
    >
      <Stack gap={4}>
        <Text size="sm" inherit>
          Reported {formatDateTime(key.leakedAt)} ({fromNow(key.leakedAt)})
          {key.leakSource ? (
            <>
              {' '}
              — found at{' '}
              <Anchor href={key.leakSource} target="_blank" rel="noopener noreferrer" underline="always" inherit>
                {key.leakSource}
              </Anchor>
            </>
          ) : null}
          .
        </Text>
        <Text size="sm" fw={700} inherit>
          {revoked
            ? key.revokedReason === 'leaked'
              ? `It was revoked automatically ${formatDateTime(key.revokedAt)}: the tenant revokes leaked keys. Create a new key for its users.`
              : `It is revoked (${formatDateTime(key.revokedAt)}${key.revokedReason ? `: ${key.revokedReason}` : ''}).`
            : `It still works${leakedKeyAction === 'NOTIFY' ? ' (the tenant is only notified of leaks)' : ''}: rotate or revoke it now.`}
        </Text>
      </Stack>
    </Alert>
  );
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th w={110}>{label}</Table.Th>
      <Table.Td>{children}</Table.Td>
    </Table.Tr>
  );
}

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
function EditKeyForm({ apiKey: key }: { apiKey: ApiKeyFieldsFragment }) {
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
            <Textarea
              label="IP allowlist"
              description="One address or CIDR per line; empty: any"
              autosize
              minRows={2}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
              {...form.getInputProps('ipAllowlist')}
            />
            <NumberInput
              label="Rate limit per minute"
              description="Empty: the tenant default"
              min={1}
              max={1_000_000}
              allowDecimal={false}
              {...form.getInputProps('rateLimitPerMinute')}
            />
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
