import type { Principal } from '../../core/principal';
import { conflict, notFound } from '../../core/errors';
import { WebhookMessage } from '../../db/entities/webhook-message.entity';
import { Webhook } from '../../db/entities/webhook.entity';
import type { Infrastructure } from '../shared/infrastructure';
import { rowLock } from '../shared/input-rules';
import { webhookScope } from './webhook-scope';

/**
 * Queues a message again for immediate delivery (same `webhook-id`, fresh retry schedule); refused
 * while the webhook is inactive or a dispatcher holds the message.
 */
export async function redeliverMessage(
  deps: Pick<Infrastructure, 'tx' | 'events'>,
  principal: Principal,
  messageId: string,
): Promise<WebhookMessage> {
  return deps.tx.run(async (em) => {
    const message = await em.findOne(WebhookMessage, {
      where: { id: messageId, tenantId: principal.tenant },
      ...rowLock(deps.tx.dialect),
    });
    if (!message) throw notFound('Webhook message', 'id');
    const webhook = await em.findOne(Webhook, { where: { id: message.webhookId, ...webhookScope(principal) } });
    if (!webhook) throw notFound('Webhook message', 'id');
    if (!webhook.active) throw conflict('id', 'The webhook is inactive; activate it before redelivering');
    const now = new Date();
    if (message.status === 'PENDING' && message.lockedUntil && message.lockedUntil.getTime() > now.getTime()) {
      throw conflict('id', 'The message is being delivered right now; try again in a moment');
    }
    Object.assign(message, {
      status: 'PENDING',
      attempts: 0,
      nextAttemptAt: now,
      lockedUntil: null,
      lockedBy: null,
      deliveredAt: null,
    }).stampUpdated(principal.actor());
    await em.save(message);
    await deps.events.emit(em, principal, {
      action: 'webhook_message.redelivered',
      tenantId: principal.tenant,
      targetType: 'WebhookMessage',
      targetId: message.id,
      data: { id: message.id, webhookId: message.webhookId, eventType: message.eventType },
    });
    return message;
  });
}
