import { NumberInput, Select, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useMutation } from 'urql';
import { FormModal } from '../../components/FormModal';
import type { LeakedKeyAction, TenantFieldsFragment } from '../../gql/graphql';
import { optionalNumber } from '../../lib/format';
import { CreateTenantDocument, UpdateTenantDocument } from './documents';
import { useSaveForm } from './shared';

type Tenant = TenantFieldsFragment;

export const LEAKED_ACTIONS: Array<{ value: LeakedKeyAction; label: string }> = [
  { value: 'REVOKE', label: 'Revoke the key at once' },
  { value: 'NOTIFY', label: 'Notify only (key keeps working, flagged as leaked)' },
];

const FIELDS = ['name', 'slug', 'apiKeyLimit', 'defaultRateLimitPerMinute', 'leakedKeyAction'] as const;

/** Create a tenant or edit every field of one (super users only). */
export function TenantModal(props: { tenant: Tenant | null; onClose: () => void; onSaved: () => void }) {
  const t = props.tenant;
  const [name, setName] = useState(t?.name ?? '');
  const [slug, setSlug] = useState(t?.slug ?? '');
  const [limit, setLimit] = useState<string | number>(t?.apiKeyLimit ?? 10);
  const [rate, setRate] = useState<string | number>(t?.defaultRateLimitPerMinute ?? '');
  const [leaked, setLeaked] = useState<LeakedKeyAction>(t?.leakedKeyAction ?? 'REVOKE');
  const [created, create] = useMutation(CreateTenantDocument);
  const [updated, update] = useMutation(UpdateTenantDocument);
  const input = {
    name: name.trim(),
    slug: slug.trim(),
    apiKeyLimit: optionalNumber(limit) ?? undefined,
    defaultRateLimitPerMinute: optionalNumber(rate),
    leakedKeyAction: leaked,
  };
  const { errors, submit } = useSaveForm({
    fields: FIELDS,
    save: () => (t ? update({ id: t.id, input }) : create({ input })),
    toast: { title: t ? 'Tenant saved' : 'Tenant created', message: input.name },
    onSaved: props.onSaved,
  });
  return (
    <FormModal
      onClose={props.onClose}
      title={t ? `Edit tenant ${t.name}` : 'Create tenant'}
      onSubmit={submit}
      error={errors._form}
      submitLabel={t ? 'Save' : 'Create tenant'}
      submitting={created.fetching || updated.fetching}
    >
      <TextInput
        label="Name"
        required
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        error={errors.name}
        data-autofocus
      />
      <TextInput
        label="Slug"
        description="Lower-case letters, digits and dashes"
        required
        value={slug}
        onChange={(e) => setSlug(e.currentTarget.value)}
        error={errors.slug}
      />
      <NumberInput
        label="API key limit"
        min={0}
        max={100000}
        allowDecimal={false}
        value={limit}
        onChange={setLimit}
        error={errors.apiKeyLimit}
      />
      <NumberInput
        label="Default rate limit per minute"
        description="Empty: the server's default"
        min={1}
        allowDecimal={false}
        value={rate}
        onChange={setRate}
        error={errors.defaultRateLimitPerMinute}
      />
      <Select
        label="When a key leaks"
        data={LEAKED_ACTIONS}
        value={leaked}
        onChange={(v) => v && setLeaked(v as LeakedKeyAction)}
        allowDeselect={false}
        error={errors.leakedKeyAction}
      />
    </FormModal>
  );
}
