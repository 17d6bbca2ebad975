import { Badge, MultiSelect, Select, Switch, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect, useEffectEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { FormModal, useServerErrors } from '../../components/FormModal';
import type { WebhookAttemptFieldsFragment, WebhookFieldsFragment } from '../../gql/graphql';
import { useCan } from '../auth/me-context';
import { CreateWebhookDocument, UpdateWebhookDocument, WebhookFormOptionsDocument } from './documents';

const FIELDS = ['url', 'events', 'channelId', 'description', 'active'] as const;

interface Values {
  url: string;
  events: string[];
  channelId: string | null;
  description: string;
  active: boolean;
}

const INITIAL: Values = { url: '', events: [], channelId: null, description: '', active: true };

/** The event catalog and (when the user may see them) the channels, for the form and the list. */
export function useWebhookOptions(pause = false) {
  const can = useCan();
  const withChannels = can('SHOP_AND_CHANNEL', 'VIEWER');
  const [options] = useQuery({ query: WebhookFormOptionsDocument, variables: { withChannels }, pause });
  const channels = options.data?.channels?.edges.map((e) => e.node) ?? [];
  return {
    eventTypes: options.data?.webhookEventTypes ?? [],
    channels,
    withChannels,
    channelName: (id: string | null | undefined) => (id ? (channels.find((c) => c.id === id)?.name ?? id) : null),
  };
}

/**
 * Create (webhook = null) or edit a webhook. On create the caller receives the one-time signing
 * secret and shows it in the SecretDialog.
 */
export function WebhookFormModal(props: {
  opened: boolean;
  webhook: WebhookFieldsFragment | null;
  onClose: () => void;
  onSaved: (webhook: WebhookFieldsFragment, signingSecret?: string) => void;
}) {
  const { eventTypes, channels, withChannels } = useWebhookOptions(!props.opened);
  const [created, create] = useMutation(CreateWebhookDocument);
  const [updated, update] = useMutation(UpdateWebhookDocument);
  const form = useForm<Values>({
    initialValues: INITIAL,
    validate: {
      url: (v) => (/^https?:\/\/\S+$/.test(v.trim()) ? null : 'Enter an http(s) URL'),
      events: (v) => (v.length > 0 ? null : 'Choose at least one event'),
    },
  });
  const serverErrors = useServerErrors(form, FIELDS);
  const editing = props.webhook;
  // filled when the modal opens (or another webhook is edited), not when a refetch changes `editing`
  const fill = useEffectEvent(() => {
    const values = editing
      ? {
          url: editing.url,
          events: editing.events,
          channelId: editing.channelId ?? null,
          description: editing.description ?? '',
          active: editing.active,
        }
      : INITIAL;
    form.setValues(values);
    form.resetDirty(values);
  });
  useEffect(() => {
    if (props.opened) fill();
  }, [props.opened, editing?.id]);
  const close = () => {
    form.reset();
    serverErrors.clear();
    props.onClose();
  };

  const submit = form.onSubmit(async (values) => {
    serverErrors.clear();
    const input = {
      url: values.url.trim(),
      events: values.events,
      channelId: values.channelId,
      description: values.description.trim() || null,
      active: values.active,
    };
    const res = editing ? await update({ id: editing.id, input }) : await create({ input });
    if (res.error) return serverErrors.show(res.error);
    form.reset();
    if (res.data && 'createWebhook' in res.data)
      props.onSaved(res.data.createWebhook.webhook, res.data.createWebhook.signingSecret);
    else if (res.data && 'updateWebhook' in res.data) props.onSaved(res.data.updateWebhook);
  });

  // events no longer in the catalog stay selectable so an edit does not drop them silently
  const eventData = [...new Set([...eventTypes, ...form.values.events])];
  return (
    <FormModal
      opened={props.opened}
      onClose={close}
      title={editing ? 'Edit webhook' : 'Create webhook'}
      size="lg"
      onSubmit={submit}
      error={serverErrors.message}
      submitLabel={editing ? 'Save' : 'Create webhook'}
      submitting={created.fetching || updated.fetching}
      browserValidation
    >
      <TextInput
        label="Endpoint URL"
        placeholder="https://example.com/webhooks/keyward"
        required
        data-autofocus
        {...form.getInputProps('url')}
      />
      <MultiSelect
        label="Events"
        description="Event types delivered to this endpoint"
        placeholder={form.values.events.length ? undefined : 'Choose events'}
        data={eventData}
        searchable
        required
        nothingFoundMessage="No such event type"
        {...form.getInputProps('events')}
      />
      {withChannels && (
        <Select
          label="Channel"
          description="Deliver only events of this channel; empty: every channel"
          placeholder="All channels"
          data={channels.map((c) => ({ value: c.id, label: `${c.name} (${c.code})` }))}
          clearable
          {...form.getInputProps('channelId')}
        />
      )}
      <Textarea label="Description" autosize minRows={2} {...form.getInputProps('description')} />
      <Switch
        label="Active"
        description="Inactive endpoints receive nothing"
        {...form.getInputProps('active', { type: 'checkbox' })}
      />
    </FormModal>
  );
}

/** A delivery attempt's outcome as a badge: the HTTP status (green for 2xx) or "No answer". */
export function AttemptBadge({
  attempt,
}: {
  attempt: Pick<WebhookAttemptFieldsFragment, 'statusCode' | 'durationMs'>;
}) {
  const ok =
    attempt.statusCode !== null &&
    attempt.statusCode !== undefined &&
    attempt.statusCode >= 200 &&
    attempt.statusCode < 300;
  return (
    <Badge variant="light" color={ok ? 'green' : 'red'} data-testid="attempt-status">
      {attempt.statusCode ?? 'No answer'} · {attempt.durationMs} ms
    </Badge>
  );
}

export const SECRET_WARNING =
  'This signing secret is shown once: once you close this dialog it cannot be shown again. Rotate the secret if you lose it.';
export const SECRET_HINT = 'Verify each delivery\u2019s webhook-signature header with it (Standard Webhooks).';
