import { Select, Switch, Textarea, TextInput } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { useForm } from '@mantine/form';
import dayjs from 'dayjs';
import { useMutation, useQuery } from 'urql';
import { FormModal, useServerErrors } from '../../components/FormModal';
import { GrantsInput, useGrantableRoles, type GrantValue } from '../../components/GrantsEditor';
import type { SecretField } from '../../components/SecretDialog';
import { lines, optionalNumber } from '../../lib/format';
import { useCan } from '../auth/me-context';
import { KeyLimitsFields } from './KeyLimitsFields';
import { CreateGraphQLApiKeyDocument, CreateRestCredentialDocument, KeyFormOptionsDocument } from './documents';

const FIELDS = [
  'name',
  'description',
  'channelId',
  'grants',
  'authorizationGroupId',
  'active',
  'expiresAt',
  'ipAllowlist',
  'rateLimitPerMinute',
] as const;

interface Values {
  name: string;
  description: string;
  channelId: string | null;
  grants: GrantValue[];
  authorizationGroupId: string | null;
  active: boolean;
  expiresAt: string | null;
  ipAllowlist: string;
  rateLimitPerMinute: string | number;
}

const INITIAL: Values = {
  name: '',
  description: '',
  channelId: null,
  grants: [],
  authorizationGroupId: null,
  active: false,
  expiresAt: null,
  ipAllowlist: '',
  rateLimitPerMinute: '',
};

/** Create a GraphQL key or a REST credential; on success hands the one-time secret to the caller. */
export function CreateKeyModal(props: {
  kind: 'GRAPHQL' | 'REST' | null;
  onClose: () => void;
  onCreated: (title: string, fields: SecretField[]) => void;
}) {
  const can = useCan();
  const withChannels = can('SHOP_AND_CHANNEL', 'VIEWER');
  const withRoles = can('ROLE_AND_PERMISSION', 'VIEWER');
  const [options] = useQuery({
    query: KeyFormOptionsDocument,
    variables: { withChannels, withRoles },
    pause: props.kind === null,
  });
  const grantable = useGrantableRoles(options.data?.roleDefinitions?.map((r) => ({ key: r.key, name: r.name })));
  const [createGraphQL, createGraphQLKey] = useMutation(CreateGraphQLApiKeyDocument);
  const [createRest, createRestCredential] = useMutation(CreateRestCredentialDocument);
  const form = useForm<Values>({
    initialValues: INITIAL,
    validate: {
      name: (v) => (v.trim() ? null : 'Give the key a name'),
      expiresAt: (v) => (v && !dayjs(v).isAfter(dayjs()) ? 'Pick a time in the future' : null),
    },
  });
  const serverErrors = useServerErrors(form, FIELDS);
  const close = () => {
    form.reset();
    serverErrors.clear();
    props.onClose();
  };
  const isRest = props.kind === 'REST';

  const submit = form.onSubmit(async (values) => {
    serverErrors.clear();
    const common = {
      name: values.name.trim(),
      description: values.description.trim() || null,
      grants: values.grants,
      authorizationGroupId: values.authorizationGroupId,
      active: values.active,
      expiresAt: values.expiresAt ? dayjs(values.expiresAt).toISOString() : null,
      ipAllowlist: lines(values.ipAllowlist),
      rateLimitPerMinute: optionalNumber(values.rateLimitPerMinute),
    };
    const res = isRest
      ? await createRestCredential({ input: common })
      : await createGraphQLKey({ input: { ...common, channelId: values.channelId } });
    if (res.error) return serverErrors.show(res.error);
    const data = res.data!;
    if ('createRestCredential' in data) {
      const created = data.createRestCredential;
      props.onCreated(`REST credential “${created.apiKey.name}” created`, [
        { label: 'Client id', value: created.clientId, public: true },
        { label: 'Client secret', value: created.clientSecret },
      ]);
    } else if ('createGraphQLApiKey' in data) {
      const created = data.createGraphQLApiKey;
      props.onCreated(`API key “${created.apiKey.name}” created`, [{ label: 'Secret', value: created.secret }]);
    }
    form.reset();
  });

  const groups = options.data?.authorizationGroups ?? [];
  const channels = options.data?.channels?.edges.map((e) => e.node) ?? [];
  return (
    <FormModal
      opened={props.kind !== null}
      onClose={close}
      title={isRest ? 'Create REST credential' : 'Create GraphQL key'}
      size="xl"
      onSubmit={submit}
      error={serverErrors.message}
      errorTitle="Not created"
      submitLabel={isRest ? 'Create credential' : 'Create key'}
      submitting={createGraphQL.fetching || createRest.fetching}
    >
      <TextInput label="Name" required {...form.getInputProps('name')} data-autofocus />
      <Textarea label="Description" autosize minRows={2} {...form.getInputProps('description')} />
      {!isRest && withChannels && (
        <Select
          label="Channel"
          description="Bind the key to one sales channel; empty: every channel"
          placeholder="All channels"
          data={channels.map((c) => ({ value: c.id, label: `${c.name} (${c.code})` }))}
          clearable
          {...form.getInputProps('channelId')}
        />
      )}
      <GrantsInput
        matrix={isRest}
        value={form.values.grants}
        onChange={(v) => form.setFieldValue('grants', v)}
        roles={grantable}
        error={form.errors.grants as string | undefined}
      />
      {withRoles && (
        <Select
          label="Authorization group"
          description="An API_KEY group whose grants the key also holds"
          placeholder="None"
          data={groups.map((g) => ({ value: g.id, label: g.name }))}
          clearable
          {...form.getInputProps('authorizationGroupId')}
        />
      )}
      <Switch
        label="Active"
        description="Keys start switched off; switch on when the client is ready"
        {...form.getInputProps('active', { type: 'checkbox' })}
      />
      <DateTimePicker
        label="Expires at"
        description="Optional; only future times"
        placeholder="Never"
        minDate={new Date()}
        clearable
        valueFormat="YYYY-MM-DD HH:mm"
        {...form.getInputProps('expiresAt')}
      />
      <KeyLimitsFields form={form} />
    </FormModal>
  );
}
