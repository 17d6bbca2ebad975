import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AuditFields, TimestampColumn } from './columns';
import { WebhookMessage } from './webhook-message.entity';
import { Webhook } from './webhook.entity';

/**
 * One delivery attempt of a message: every attempt is kept (docs/design.md §7), as written (created = last changed).
 */
@Entity('webhook_attempt')
@Index('IDX_webhook_attempt_webhook_attempted', ['webhookId', 'attemptedAt', 'id'])
@Index('IDX_webhook_attempt_message', ['messageId'])
export class WebhookAttempt extends AuditFields {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  tenantId: string;

  @ManyToOne(() => WebhookMessage, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'messageId' })
  message?: WebhookMessage;

  @Column({ type: 'varchar', length: 40 })
  messageId: string;

  @ManyToOne(() => Webhook, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'webhookId' })
  webhook?: Webhook;

  @Column({ type: 'varchar', length: 36 })
  webhookId: string;

  @Column({ type: 'varchar', length: 100 })
  eventType: string;

  @Column({ type: 'int', nullable: true, default: null })
  statusCode: number | null;

  /** First 4 KiB of the response body. */
  @Column({ type: 'text', nullable: true, default: null })
  responseBody: string | null;

  @Column({ type: 'varchar', length: 1000, nullable: true, default: null })
  error: string | null;

  @Column({ type: 'int' })
  durationMs: number;

  @TimestampColumn()
  attemptedAt: Date;
}
