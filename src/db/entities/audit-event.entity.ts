import { Column, Entity, Index } from 'typeorm';
import { IdColumn, TimestampColumn } from './columns';

/** Who acted: the principal's actor type, plus ANONYMOUS for failed sign-ins. */
export type AuditActorType = 'USER' | 'API_KEY' | 'SYSTEM' | 'ANONYMOUS';

/**
 * One append-only audit record (docs/design.md §8). Events of a tenant form a hash chain: `seq` counts
 * 1, 2, 3… per tenant, `prevHash` is the previous event's `hash`, and `hash` is the SHA-256 of the
 * event's canonical form (see audit-chain.ts). There is no update or delete path in the API;
 * only retention pruning removes the oldest events (recording where it stopped on the chain head).
 *
 * No foreign key to tenant on purpose: inserting here must not take shared locks on the tenant
 * row (services lock it FOR UPDATE), and the log should outlive whatever it describes.
 */
@Entity('audit_event')
@Index('UQ_audit_event_tenant_seq', ['tenantId', 'seq'], { unique: true })
@Index('IDX_audit_event_tenant_created', ['tenantId', 'createdAt'])
@Index('IDX_audit_event_tenant_actor', ['tenantId', 'actorId', 'seq'])
@Index('IDX_audit_event_tenant_target', ['tenantId', 'targetType', 'targetId', 'seq'])
@Index('IDX_audit_event_tenant_action', ['tenantId', 'action', 'seq'])
export class AuditEvent {
  @IdColumn()
  id: string;

  @Column({ type: 'varchar', length: 36 })
  tenantId: string;

  /** Position in the tenant's chain, from 1 without gaps. */
  @Column({ type: 'int' })
  seq: number;

  /** `<target>.<verb>`, e.g. `api_key.created`, `auth.login_failed`. */
  @Column({ type: 'varchar', length: 100 })
  action: string;

  @Column({ type: 'varchar', length: 16 })
  actorType: AuditActorType;

  @Column({ type: 'varchar', length: 36, nullable: true, default: null })
  actorId: string | null;

  /** The actor's name at the time (email, key name), kept even if it changes later. */
  @Column({ type: 'varchar', length: 320, nullable: true, default: null })
  actorLabel: string | null;

  @Column({ type: 'varchar', length: 100 })
  targetType: string;

  @Column({ type: 'varchar', length: 64, nullable: true, default: null })
  targetId: string | null;

  /** Canonical JSON of `{ field: { before, after } }`, secrets redacted; null when none. */
  @Column({ type: 'text', nullable: true, default: null })
  changes: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true, default: null })
  ip: string | null;

  @Column({ type: 'varchar', length: 512, nullable: true, default: null })
  userAgent: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true, default: null })
  requestId: string | null;

  @TimestampColumn()
  createdAt: Date;

  /** Hash of the previous event of the tenant (GENESIS_HASH for seq 1). */
  @Column({ type: 'varchar', length: 64 })
  prevHash: string;

  /** SHA-256 (hex) of this event's canonical form, prevHash included. */
  @Column({ type: 'varchar', length: 64 })
  hash: string;
}
