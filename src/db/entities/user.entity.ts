import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { TenantScopedEntity, TimestampColumn } from './columns';
import { Tenant } from './tenant.entity';

@Entity('user')
@Index('UQ_user_tenant_email', ['tenantId', 'email'], { unique: true })
@Index('IDX_user_email', ['email'])
export class User extends TenantScopedEntity {
  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenantId' })
  tenant?: Tenant;

  /** Stored lower-cased. */
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ type: 'boolean', default: false })
  superUser: boolean;

  @TimestampColumn({ nullable: true, default: null })
  lastLoginAt: Date | null;

  /**
   * Session tokens carry the epoch they were issued in (`sep`) and are refused once it moved on:
   * a password change, deactivation or "sign out everywhere" increments it (never back).
   */
  @Column({ type: 'int', default: 0 })
  sessionEpoch: number;
}
