import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Channel } from './channel.entity';
import { TenantScopedEntity, TimestampColumn } from './columns';
import { Tenant } from './tenant.entity';

/**
 * A tenant's webhook endpoint (docs/design.md §7). The signing secret (`whsec_…`) is stored sealed with
 * the master key (context `webhook-secret:<id>`); after a rotation the previous secret keeps signing
 * beside the new one until `previousSecretExpiresAt`.
 */
@Entity('webhook')
@Index('IDX_webhook_tenant_created', ['tenantId', 'createdAt', 'id'])
export class Webhook extends TenantScopedEntity {
  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenantId' })
  tenant?: Tenant;

  @Column({ type: 'varchar', length: 2048 })
  url: string;

  @Column({ type: 'varchar', length: 1000, nullable: true, default: null })
  description: string | null;

  /** Subscribed event types, from the catalog. */
  @Column({ type: 'simple-json' })
  events: string[];

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** Only events of this channel are delivered; null = every event. */
  @ManyToOne(() => Channel, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'channelId' })
  channel?: Channel | null;

  @Column({ type: 'varchar', length: 36, nullable: true, default: null })
  channelId: string | null;

  /** The current signing secret, sealed with the master key. */
  @Column({ type: 'varchar', length: 255 })
  secretSealed: string;

  /** The secret replaced by the last rotation, sealed; signs beside the new one until previousSecretExpiresAt. */
  @Column({ type: 'varchar', length: 255, nullable: true, default: null })
  previousSecretSealed: string | null;

  @TimestampColumn({ nullable: true, default: null })
  previousSecretExpiresAt: Date | null;

  @TimestampColumn({ nullable: true, default: null })
  secretRotatedAt: Date | null;

  /** First failed attempt since the last success; 5 days of failure disables the endpoint. */
  @TimestampColumn({ nullable: true, default: null })
  failingSince: Date | null;

  @TimestampColumn({ nullable: true, default: null })
  disabledAt: Date | null;

  @Column({ type: 'varchar', length: 500, nullable: true, default: null })
  disabledReason: string | null;

  @TimestampColumn({ nullable: true, default: null })
  lastDeliveryAt: Date | null;
}
