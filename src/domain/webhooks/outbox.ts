import type {
  EntityManager,
  EntitySubscriberInterface,
  TransactionCommitEvent,
  TransactionRollbackEvent,
} from 'typeorm';
import type { Principal } from '../../core/principal';
import { WebhookMessage } from '../../db/entities/webhook-message.entity';
import { insertRows } from '../../db/entity-rows';
import { Webhook } from '../../db/entities/webhook.entity';
import type { AppendRuns, DomainEvent, DomainEventSink } from '../shared/domain-events';
import { isWebhookEventType } from './event-catalog';
import { newMessageId } from './signing';

const OUTBOX_FLAG = 'keywardWebhookOutbox';

/** The Standard Webhooks body: `{ type, timestamp, data }`. */
export function webhookBody(type: string, data: unknown, at: Date = new Date()): string {
  return JSON.stringify({ type, timestamp: at.toISOString(), data });
}

/** True when a webhook wants an event of this type and channel. */
export function subscribes(
  webhook: Pick<Webhook, 'active' | 'events' | 'channelId'>,
  type: string,
  channelId: string | null | undefined,
): boolean {
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
  /** Tenants found with no active webhook, by the append run they were found in (it holds while the run lasts). */
  private readonly noWebhooks = new Map<string, number>();

  /** `appendRuns`: the audit chain's runs of this instance's appends (without it every event reads the webhooks). */
  constructor(private readonly appendRuns?: AppendRuns) {}

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
    // every change to a webhook is an event: this instance forgets what it knew of the tenant's webhooks
    if (event.targetType === 'Webhook') this.noWebhooks.delete(event.tenantId);
    if (!isWebhookEventType(event.action) || event.action === 'webhook.test') return;
    const targets = (await this.activeWebhooks(em, event)).filter((webhook) =>
      subscribes(webhook, event.action, event.channelId),
    );
    if (targets.length === 0) {
      this.written.set(event, []);
      return;
    }
    const now = new Date();
    const data = event.data ?? { id: event.targetId };
    const payload = webhookBody(
      event.action,
      event.changes && Object.keys(event.changes).length && !('changes' in data)
        ? { ...data, changes: event.changes }
        : data,
      now,
    );
    const rows = targets.map((webhook) =>
      em
        .create(WebhookMessage, {
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
        })
        .stampCreated(principal.actor()),
    );
    // no read-back: every column is set here (insert() re-reads new rows on SQLite)
    await insertRows(em, WebhookMessage, rows);
    if (em.queryRunner) em.queryRunner.data = { ...(em.queryRunner.data ?? {}), [OUTBOX_FLAG]: true };
    this.written.set(
      event,
      rows.map((row) => row.id),
    );
  }

  /**
   * The tenant's active webhooks; none, without a statement, when this instance found none earlier in
   * the event's append run (a webhook created or activated since would have been audited in the chain
   * between the two, ending the run, or here, where its event clears the finding).
   */
  private async activeWebhooks(em: EntityManager, event: DomainEvent): Promise<Webhook[]> {
    const run = this.appendRuns?.runOf(event);
    if (run !== undefined && this.noWebhooks.get(event.tenantId) === run) return [];
    const webhooks = await em.find(Webhook, { where: { tenantId: event.tenantId, active: true } });
    if (webhooks.length > 0 || run === undefined) return webhooks;
    // MariaDB: the read above may see a snapshot taken before this transaction locked the chain head;
    // a locking read sees every committed webhook (SQLite's one writer reads the latest already)
    const type = em.connection.options.type;
    if (type === 'mysql' || type === 'mariadb') {
      const found = await em
        .createQueryBuilder(Webhook, 'w')
        .select('w.id')
        .where('w.tenantId = :tenantId AND w.active = :active', { tenantId: event.tenantId, active: true })
        .setLock('pessimistic_read')
        .getRawOne();
      if (found) return em.find(Webhook, { where: { tenantId: event.tenantId, active: true } });
    }
    this.noWebhooks.set(event.tenantId, run);
    return [];
  }

  /** Ids of the messages written for an event object (publishEvent reports them). */
  messagesFor(event: DomainEvent): string[] {
    return this.written.get(event) ?? [];
  }
}
