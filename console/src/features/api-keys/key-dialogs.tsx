import { Alert, Button, Group, Modal, NumberInput, Stack, Text, TextInput } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';
import { useMutation } from 'urql';
import { SecretDialog, type SecretField } from '../../components/SecretDialog';
import type { ApiKeyFieldsFragment } from '../../gql/graphql';
import { errorText, fieldErrors } from '../../lib/api-errors';
import { RevokeApiKeyDocument, RotateApiKeyDocument } from './documents';

const GRACE_UNITS = [
  { label: 'minutes', seconds: 60 },
  { label: 'hours', seconds: 3600 },
];

/** Rotate (with optional grace period) and revoke for one key; renders its dialogs. */
export function useKeyDialogs(onChanged?: () => void) {
  const [rotating, setRotating] = useState<ApiKeyFieldsFragment | null>(null);
  const [secret, setSecret] = useState<{ title: string; fields: SecretField[] } | null>(null);
  const [, revoke] = useMutation(RevokeApiKeyDocument);

  const openRevoke = (key: ApiKeyFieldsFragment) => {
    let reason = '';
    modals.openConfirmModal({
      title: `Revoke “${key.name}”?`,
      children: (
        <Stack>
          <Text size="sm">
            Requests with <b>{key.name}</b> stop working immediately. This cannot be undone: a revoked key can never be
            re-activated.
          </Text>
          <TextInput label="Reason (optional)" onChange={(e) => (reason = e.currentTarget.value)} data-autofocus />
        </Stack>
      ),
      labels: { confirm: 'Revoke key', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: async () => {
        const res = await revoke({ id: key.id, reason: reason.trim() || null });
        if (res.error) notifications.show({ color: 'red', title: 'Could not revoke', message: errorText(res.error) });
        else {
          notifications.show({ color: 'green', title: 'Key revoked', message: `${key.name} no longer works.` });
          onChanged?.();
        }
      },
    });
  };

  const dialogs = (
    <>
      <RotateKeyModal
        apiKey={rotating}
        onClose={() => setRotating(null)}
        onRotated={(key, newSecret) => {
          setRotating(null);
          setSecret({
            title: `New secret for ${key.name}`,
            fields: [
              ...(key.clientId ? [{ label: 'Client id', value: key.clientId, public: true }] : []),
              { label: key.clientId ? 'Client secret' : 'Secret', value: newSecret },
            ],
          });
          onChanged?.();
        }}
      />
      <SecretDialog title={secret?.title ?? ''} fields={secret?.fields ?? null} onClose={() => setSecret(null)} />
    </>
  );
  return { openRotate: setRotating, openRevoke, dialogs };
}

function RotateKeyModal(props: {
  apiKey: ApiKeyFieldsFragment | null;
  onClose: () => void;
  onRotated: (key: ApiKeyFieldsFragment, secret: string) => void;
}) {
  const [grace, setGrace] = useState<string | number>('');
  const [unit, setUnit] = useState(GRACE_UNITS[0]);
  const [result, rotate] = useMutation(RotateApiKeyDocument);
  const [error, setError] = useState<{ field?: string; form?: string }>({});
  const close = () => {
    setGrace('');
    setError({});
    props.onClose();
  };
  const submit = async () => {
    if (!props.apiKey) return;
    const seconds = grace === '' ? null : Math.round(Number(grace) * unit.seconds);
    const res = await rotate({ id: props.apiKey.id, gracePeriodSeconds: seconds });
    if (res.data) {
      setGrace('');
      setError({});
      props.onRotated(res.data.rotateApiKey.apiKey, res.data.rotateApiKey.secret);
      return;
    }
    const errors = fieldErrors(res.error, ['gracePeriodSeconds']);
    setError({ field: errors.gracePeriodSeconds, form: errors._form });
  };
  return (
    <Modal opened={props.apiKey !== null} onClose={close} title={`Rotate “${props.apiKey?.name ?? ''}”`}>
      <Stack>
        <Alert color="orange" icon={<IconAlertTriangle size={18} />} title="The current secret will stop working">
          A new secret is issued and shown once. Without a grace period the current secret stops at once; with one, both
          work until it ends, so clients can switch over.
        </Alert>
        <Group align="flex-end" gap="xs">
          <NumberInput
            label="Grace period (optional)"
            description="0 to 7 days"
            min={0}
            value={grace}
            onChange={setGrace}
            error={error.field}
            style={{ flex: 1 }}
            allowDecimal={false}
          />
          <Button.Group>
            {GRACE_UNITS.map((u) => (
              <Button
                key={u.label}
                variant={u === unit ? 'filled' : 'default'}
                onClick={() => setUnit(u)}
                aria-pressed={u === unit}
              >
                {u.label}
              </Button>
            ))}
          </Button.Group>
        </Group>
        {error.form && (
          <Alert color="red" role="alert">
            {error.form}
          </Alert>
        )}
        {result.error && !error.form && !error.field && (
          <Alert color="red" role="alert">
            {errorText(result.error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          <Button onClick={submit} loading={result.fetching}>
            Rotate secret
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
