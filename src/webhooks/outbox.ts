import type { EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
import { WebhookMessage } from '../entities/webhook-message.entity';
import { Webhook } from '../entities/webhook.entity';
import type { DomainEvent, DomainEventSink } from '../services/domain-events';
import { isWebhookEventType } from './event-catalog';
import { newMessageId } from './signing';

/** The Standard Webhooks body: `{ type, timestamp, data }`. */
export function webhookBody(type: string, data: unknown, at: Date = new Date()): string {
  return JSON.stringify({ type, timestamp: at.toISOString(), data });
}

/** True when a webhook wants an event of this type and channel. */
export function subscribes(webhook: Pick<Webhook, 'active' | 'events' | 'channelId'>, type: string, channelId: string | null | undefined): boolean {
  if (!webhook.active || !webhook.events.includes(type)) return false;
  return webhook.channelId === null || webhook.channelId === (channelId ?? null);
}

/**
 * Transactional outbox (DESIGN §7): for an event in the webhook catalog, writes one
 * WebhookMessage per active, subscribed webhook of the tenant, in the caller's transaction — so a
 * rolled-back change sends nothing and a committed one is never lost.
 */
export class WebhookOutboxSink implements DomainEventSink {
  private readonly written = new WeakMap<DomainEvent, string[]>();

  async write(em: EntityManager, _principal: Principal, event: DomainEvent): Promise<void> {
    if (!isWebhookEventType(event.action) || event.action === 'webhook.test') return;
    const webhooks = await em.find(Webhook, { where: { tenantId: event.tenantId, active: true } });
    const targets = webhooks.filter((webhook) => subscribes(webhook, event.action, event.channelId));
    if (targets.length === 0) {
      this.written.set(event, []);
      return;
    }
    const now = new Date();
    const data = event.data ?? { id: event.targetId };
    const payload = webhookBody(event.action, event.changes && Object.keys(event.changes).length && !('changes' in data) ? { ...data, changes: event.changes } : data, now);
    const rows = targets.map((webhook) =>
      em.create(WebhookMessage, {
        id: newMessageId(),
        tenantId: event.tenantId,
        webhookId: webhook.id,
        eventType: event.action,
        payload,
        channelId: event.channelId ?? null,
        status: 'PENDING',
        attempts: 0,
        nextAttemptAt: now,
        lockedUntil: null,
        lockedBy: null,
        deliveredAt: null,
        createdAt: now,
        updatedAt: now,
      }),
    );
    await em.insert(WebhookMessage, rows);
    this.written.set(event, rows.map((row) => row.id));
  }

  /** Ids of the messages written for an event object (publishEvent reports them). */
  messagesFor(event: DomainEvent): string[] {
    return this.written.get(event) ?? [];
  }
}
