import { randomUUID } from 'node:crypto';
import type { ActorRef, ActorType } from '../../core/actor';
import { BeforeInsert, BeforeUpdate, Column, PrimaryColumn, type ColumnOptions } from 'typeorm';

/** Millisecond timestamps, stored in UTC on both dialects. */
export const TimestampColumn = (options: ColumnOptions = {}) => Column({ type: 'datetime', precision: 3, ...options });

/** Opaque, non-sequential identifiers (UUID v4). */
export const IdColumn = () => PrimaryColumn({ type: 'varchar', length: 36 });

export type { ActorRef, ActorType } from '../../core/actor';

/**
 * The audit fields every entity carries (docs/design.md §3): when and by whom (a user, a key, or the system)
 * a row was created and last changed. Entities with their own kind of primary key (webhook messages,
 * memberships) extend this; the others extend AuditedEntity.
 */
export abstract class AuditFields {
  @TimestampColumn()
  createdAt: Date;

  @TimestampColumn()
  updatedAt: Date;

  @Column({ type: 'varchar', length: 16, nullable: true, default: null })
  createdByType: ActorType | null;

  @Column({ type: 'varchar', length: 36, nullable: true, default: null })
  createdById: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true, default: null })
  updatedByType: ActorType | null;

  @Column({ type: 'varchar', length: 36, nullable: true, default: null })
  updatedById: string | null;

  @BeforeInsert()
  protected fillInsertDefaults(): void {
    const now = new Date();
    this.createdAt ??= now;
    this.updatedAt ??= this.createdAt;
  }

  @BeforeUpdate()
  protected touch(): void {
    this.updatedAt = new Date();
  }

  /** Records who created the row (and so last changed it). */
  stampCreated(actor: ActorRef): this {
    this.createdByType = actor.type;
    this.createdById = actor.id;
    return this.stampUpdated(actor);
  }

  stampUpdated(actor: ActorRef): this {
    this.updatedByType = actor.type;
    this.updatedById = actor.id;
    this.updatedAt = new Date();
    return this;
  }
}

/** A UUID id + the audit fields. */
export abstract class AuditedEntity extends AuditFields {
  @IdColumn()
  id: string;

  @BeforeInsert()
  protected fillId(): void {
    this.id ??= randomUUID();
  }
}

/** The actor of what Keyward does on its own (bootstrap, operator CLI, webhook delivery): null in GraphQL. */
export const SYSTEM_ACTOR: ActorRef = Object.freeze({ type: 'SYSTEM', id: null });

/** Every row but a tenant's own belongs to one tenant. */
export abstract class TenantScopedEntity extends AuditedEntity {
  @Column({ type: 'varchar', length: 36 })
  tenantId: string;
}
