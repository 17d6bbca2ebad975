import type { Principal } from '../../core/principal';
import { WebhookAttempt } from '../../db/entities/webhook-attempt.entity';
import { WebhookMessage } from '../../db/entities/webhook-message.entity';
import type { Webhook } from '../../db/entities/webhook.entity';
import type { Infrastructure } from '../shared/infrastructure';
import { webhookBody } from './outbox';
import { WebhookSender } from './sender';
import { newMessageId } from './signing';

/**
 * Delivers a `webhook.test` event to the endpoint now (active or not) and returns the attempt.
 * The message and attempt are stored like any other; a test never retries or disables.
 */
export async function sendTestEvent(
  deps: Pick<Infrastructure, 'tx' | 'events'>,
  sender: WebhookSender,
  principal: Principal,
  webhook: Webhook,
): Promise<WebhookAttempt> {
  const now = new Date();
  const message = Object.assign(new WebhookMessage(), {
    id: newMessageId(),
    tenantId: webhook.tenantId,
    webhookId: webhook.id,
    eventType: 'webhook.test',
    payload: webhookBody('webhook.test', { webhookId: webhook.id, message: 'This is a test event from Keyward.' }, now),
    channelId: webhook.channelId,
    status: 'PENDING' as const,
    attempts: 0,
    nextAttemptAt: null, // never claimed by a dispatcher
    lockedUntil: null,
    lockedBy: null,
    deliveredAt: null,
    createdAt: now,
  }).stampCreated(principal.actor());
  await deps.tx.run(async (em) => {
    await em.insert(WebhookMessage, message);
    await deps.events.emit(em, principal, {
      action: 'webhook.test',
      tenantId: webhook.tenantId,
      targetType: 'Webhook',
      targetId: webhook.id,
      data: { webhookId: webhook.id, messageId: message.id },
      channelId: webhook.channelId,
    });
  });
  const at = new Date();
  const result = await sender.send(webhook, message);
  const attempt = WebhookSender.attemptOf(webhook, message, result, at, principal.actor());
  await deps.tx.run(async (em) => {
    await em.insert(WebhookAttempt, attempt);
    const { updatedAt, updatedByType, updatedById } = message.stampUpdated(principal.actor());
    await em.update(
      WebhookMessage,
      { id: message.id },
      {
        status: result.ok ? 'DELIVERED' : 'FAILED',
        attempts: 1,
        deliveredAt: result.ok ? new Date() : null,
        updatedAt,
        updatedByType,
        updatedById,
      },
    );
  });
  return attempt;
}
