import type { EntityManager, EntitySubscriberInterface, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import type { Principal } from '../../core/principal';
import { WebhookMessage } from '../../db/entities/webhook-message.entity';
import { Webhook } from '../../db/entities/webhook.entity';
import type { DomainEvent, DomainEventSink } from '../shared/domain-events';
import { isWebhookEventType } from './event-catalog';
import { newMessageId } from './signing';

const OUTBOX_FLAG = 'keywardWebhookOutbox';

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
 * Transactional outbox (docs/design.md §7): for an event in the webhook catalog, writes one
 * WebhookMessage per active, subscribed webhook of the tenant, in the caller's transaction — so a
 * rolled-back change sends nothing and a committed one is never lost.
 */
export class WebhookOutboxSink implements DomainEventSink {
  private readonly written = new WeakMap<DomainEvent, string[]>();
  private readonly listeners = new Set<() => void>();

  /**
   * A TypeORM subscriber that tells `onCommitted` listeners (local dispatchers) when a transaction
   * that wrote outbox rows commits, so they deliver at once instead of at their next poll.
   */
  readonly commitSubscriber: EntitySubscriberInterface = {
    afterTransactionCommit: (event: TransactionCommitEvent) => {
      if (!event.queryRunner.data?.[OUTBOX_FLAG]) return;
      delete event.queryRunner.data[OUTBOX_FLAG];
      for (const listener of this.listeners) listener();
    },
    afterTransactionRollback: (event: TransactionRollbackEvent) => {
      if (event.queryRunner.data) delete event.queryRunner.data[OUTBOX_FLAG];
    },
  };

  /** Calls `listener` after each commit that wrote outbox rows; returns the unsubscribe function. */
  onCommitted(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async write(em: EntityManager, principal: Principal, event: DomainEvent): Promise<void> {
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
      }).stampCreated(principal.actor()),
    );
    await em.insert(WebhookMessage, rows);
    if (em.queryRunner) em.queryRunner.data = { ...(em.queryRunner.data ?? {}), [OUTBOX_FLAG]: true };
    this.written.set(event, rows.map((row) => row.id));
  }

  /** Ids of the messages written for an event object (publishEvent reports them). */
  messagesFor(event: DomainEvent): string[] {
    return this.written.get(event) ?? [];
  }
}
