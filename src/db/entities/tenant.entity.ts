import { Column, Entity, Index } from 'typeorm';
import { AuditedEntity } from './columns';

/** What happens to a key whose secret is reported leaked: revoked at once, or only flagged. */
export type LeakedKeyAction = 'REVOKE' | 'NOTIFY';

@Entity('tenant')
export class Tenant extends AuditedEntity {
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Index('UQ_tenant_slug', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  slug: string;

  /** GraphQL keys and REST credentials not revoked the tenant may hold (counted in TenantKeyCount). */
  @Column({ type: 'int', default: 10 })
  apiKeyLimit: number;

  /** Requests per minute for the tenant's keys whose own limit is null; null: KEYWARD_DEFAULT_RATE_LIMIT_PER_MINUTE. */
  @Column({ type: 'int', nullable: true, default: null })
  defaultRateLimitPerMinute: number | null;

  @Column({ type: 'varchar', length: 16, default: 'REVOKE' })
  leakedKeyAction: LeakedKeyAction;
}
