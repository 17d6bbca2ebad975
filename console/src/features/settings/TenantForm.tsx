import { Alert, Button, Group, Modal, NumberInput, Select, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useMutation } from 'urql';
import type { LeakedKeyAction, SettingsTenantsQuery } from '../../gql/graphql';
import { fieldErrors } from '../../lib/api-errors';
import { optionalNumber } from '../../lib/format';
import { CreateTenantDocument, UpdateTenantDocument } from './documents';

type Tenant = SettingsTenantsQuery['tenants'][number];

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
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [created, create] = useMutation(CreateTenantDocument);
  const [updated, update] = useMutation(UpdateTenantDocument);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const input = {
      name: name.trim(),
      slug: slug.trim(),
      apiKeyLimit: optionalNumber(limit) ?? undefined,
      defaultRateLimitPerMinute: optionalNumber(rate),
      leakedKeyAction: leaked,
    };
    const res = t ? await update({ id: t.id, input }) : await create({ input });
    if (res.error) return setErrors(fieldErrors(res.error, FIELDS));
    notifications.show({ color: 'green', title: t ? 'Tenant saved' : 'Tenant created', message: input.name });
    props.onSaved();
  };
  return (
    <Modal opened onClose={props.onClose} title={t ? `Edit tenant ${t.name}` : 'Create tenant'}>
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
              {t ? 'Save' : 'Create tenant'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
