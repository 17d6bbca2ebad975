import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { TenantScopedEntity } from './columns';
import { Tenant } from './tenant.entity';

@Entity('role_definition')
@Index('UQ_role_definition_tenant_key', ['tenantId', 'key'], { unique: true })
export class RoleDefinition extends TenantScopedEntity {
  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenantId' })
  tenant?: Tenant;

  /** e.g. ORDER_DATA; upper snake case, unique per tenant. */
  @Column({ type: 'varchar', length: 64 })
  key: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 1000, nullable: true, default: null })
  description: string | null;

  @Column({ type: 'boolean', default: false })
  builtIn: boolean;
}
