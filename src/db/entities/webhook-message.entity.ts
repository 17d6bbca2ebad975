import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AuditFields, TimestampColumn } from './columns';
import { Webhook } from './webhook.entity';

/**
 * PENDING: waiting for (another) attempt; DELIVERED: a 2xx answer; FAILED: retries exhausted or endpoint gone;
 * CANCELLED: endpoint inactive.
 */
export type WebhookMessageStatus = 'PENDING' | 'DELIVERED' | 'FAILED' | 'CANCELLED';

/**
 * The transactional outbox: one row per (event, subscribed webhook), written in the transaction of
 * the change that caused it. Its id (`msg_…`) is the Standard Webhooks `webhook-id`, the same on
 * every attempt so receivers can deduplicate. Dispatchers claim due rows with a lease
 * (`lockedUntil`/`lockedBy`); a lease that runs out (the process died) makes the row claimable again.
 */
@Entity('webhook_message')
@Index('IDX_webhook_message_due', ['status', 'nextAttemptAt'])
@Index('IDX_webhook_message_webhook_created', ['webhookId', 'createdAt', 'id'])
export class WebhookMessage extends AuditFields {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  tenantId: string;

  @ManyToOne(() => Webhook, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'webhookId' })
  webhook?: Webhook;

  @Column({ type: 'varchar', length: 36 })
  webhookId: string;

  @Column({ type: 'varchar', length: 100 })
  eventType: string;

  /** The exact JSON body that is signed and sent. */
  @Column({ type: 'text' })
  payload: string;

  @Column({ type: 'varchar', length: 36, nullable: true, default: null })
  channelId: string | null;

  @Column({ type: 'varchar', length: 16 })
  status: WebhookMessageStatus;

  /** Attempts since the message was (re)queued; indexes the retry schedule. */
  @Column({ type: 'int', default: 0 })
  attempts: number;

  @TimestampColumn({ nullable: true, default: null })
  nextAttemptAt: Date | null;

  @TimestampColumn({ nullable: true, default: null })
  lockedUntil: Date | null;

  @Column({ type: 'varchar', length: 64, nullable: true, default: null })
  lockedBy: string | null;

  @TimestampColumn({ nullable: true, default: null })
  deliveredAt: Date | null;
}
