import type { Webhook } from '../../db/entities/webhook.entity';

/** The public view of a webhook in events and audit data: never the secret. */
export function publicWebhookView(webhook: Webhook): Record<string, unknown> {
  return {
    id: webhook.id,
    url: webhook.url,
    description: webhook.description,
    events: webhook.events,
    active: webhook.active,
    channelId: webhook.channelId,
  };
}
