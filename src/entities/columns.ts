import { randomUUID } from 'node:crypto';
import { BeforeInsert, BeforeUpdate, Column, PrimaryColumn, type ColumnOptions } from 'typeorm';

/** Millisecond timestamps, stored in UTC on both dialects. */
export const TimestampColumn = (options: ColumnOptions = {}) => Column({ type: 'datetime', precision: 3, ...options });

/** Opaque, non-sequential identifiers (UUID v4). */
export const IdColumn = () => PrimaryColumn({ type: 'varchar', length: 36 });

export type ActorType = 'USER' | 'API_KEY' | 'SYSTEM';

export interface ActorRef {
  type: ActorType;
  id: string | null;
}

/** id + audit fields carried by every entity (DESIGN §3). */
export abstract class AuditedEntity {
  @IdColumn()
  id: string;

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
    this.id ??= randomUUID();
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

/** Every row but a tenant's own belongs to one tenant. */
export abstract class TenantScopedEntity extends AuditedEntity {
  @Column({ type: 'varchar', length: 36 })
  tenantId: string;
}
