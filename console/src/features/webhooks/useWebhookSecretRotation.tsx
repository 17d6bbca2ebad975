import { NumberInput, Stack, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useMutation } from 'urql';
import { SecretDialog, type SecretField } from '../../components/SecretDialog';
import type { WebhookFieldsFragment } from '../../gql/graphql';
import { errorText } from '../../lib/api-errors';
import { RotateWebhookSecretDocument } from './documents';
import { SECRET_HINT, SECRET_WARNING } from './webhook-form';

/**
 * Rotate a webhook's signing secret: the confirm dialog (with an optional grace period) and the
 * one-time SecretDialog for the new secret; `onClosed` runs when that dialog is closed.
 */
export function useWebhookSecretRotation(onClosed: () => void) {
  const [secret, setSecret] = useState<{ title: string; fields: SecretField[] } | null>(null);
  const [, rotate] = useMutation(RotateWebhookSecretDocument);

  const openRotate = (webhook: WebhookFieldsFragment) => {
    let hours: number | string = '';
    modals.openConfirmModal({
      title: 'Rotate the signing secret?',
      children: (
        <Stack>
          <Text size="sm">
            A new secret is issued and shown once. Without a grace period deliveries are signed only with the new secret
            from now on; with one, they carry both signatures until it ends.
          </Text>
          <NumberInput
            label="Grace period in hours (optional)"
            description="0 to 168 (7 days)"
            min={0}
            max={168}
            allowDecimal={false}
            onChange={(v) => (hours = v)}
            data-autofocus
          />
        </Stack>
      ),
      labels: { confirm: 'Rotate secret', cancel: 'Cancel' },
      onConfirm: async () => {
        const res = await rotate({ id: webhook.id, gracePeriodSeconds: hours === '' ? null : Number(hours) * 3600 });
        if (res.error) notifications.show({ color: 'red', title: 'Secret not rotated', message: errorText(res.error) });
        else
          setSecret({
            title: `New signing secret for ${webhook.url}`,
            fields: [{ label: 'Signing secret', value: res.data!.rotateWebhookSecret.signingSecret }],
          });
      },
    });
  };

  const secretDialog = (
    <SecretDialog
      title={secret?.title ?? ''}
      fields={secret?.fields ?? null}
      warning={SECRET_WARNING}
      hint={SECRET_HINT}
      onClose={() => {
        setSecret(null);
        onClosed();
      }}
    />
  );
  return { openRotate, secretDialog };
}
