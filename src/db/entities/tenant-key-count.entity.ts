import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { Tenant } from './tenant.entity';

/**
 * GraphQL keys and REST credentials of a tenant not revoked: what tenant.apiKeyLimit limits. Kept in the
 * transaction of every write that changes that set (domain/api-keys/api-key-limit.ts), never counted.
 * A row of its own, not a tenant column: the key and grant INSERTs take a shared lock on the tenant row
 * through their foreign keys, so a counter there would have to be raised before them (else a shared to
 * exclusive upgrade deadlocks concurrent creates) and would stay locked through them. No foreign key
 * points at this row, so create raises it after its INSERTs and holds it only to COMMIT.
 */
@Entity('tenant_key_count')
export class TenantKeyCount {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  tenantId: string;

  @OneToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenantId' })
  tenant?: Tenant;

  @Column({ type: 'int', default: 0 })
  limitedKeyCount: number;
}
