import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { TenantScopedEntity } from './columns';
import { Tenant } from './tenant.entity';

export type AuthorizationGroupType = 'USER' | 'API_KEY';

@Entity('authorization_group')
@Index('UQ_authorization_group_tenant_name', ['tenantId', 'name'], { unique: true })
export class AuthorizationGroup extends TenantScopedEntity {
  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenantId' })
  tenant?: Tenant;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 1000, nullable: true, default: null })
  description: string | null;

  @Column({ type: 'varchar', length: 16 })
  type: AuthorizationGroupType;
}
