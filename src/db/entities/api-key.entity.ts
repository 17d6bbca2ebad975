import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { AuthorizationGroup } from './authorization-group.entity';
import { Channel } from './channel.entity';
import { TenantScopedEntity, TimestampColumn } from './columns';
import { Tenant } from './tenant.entity';
import { User } from './user.entity';

export type ApiKeyKind = 'GRAPHQL' | 'REST' | 'PERSONAL';

/**
 * GRAPHQL keys, REST client credentials and PERSONAL keys (docs/design.md §5). Only the SHA-256 of a
 * secret is stored (`secretHash`, unique) with a display `prefix` and `last4`; the plaintext is
 * returned once by create/rotate. Inline grants live in role_grant (subjectType API_KEY).
 */
@Entity('api_key')
@Index('UQ_api_key_secret_hash', ['secretHash'], { unique: true })
@Index('UQ_api_key_previous_secret_hash', ['previousSecretHash'], { unique: true })
@Index('UQ_api_key_client_id', ['clientId'], { unique: true })
@Index('IDX_api_key_tenant_created', ['tenantId', 'createdAt', 'id'])
@Index('IDX_api_key_tenant_name', ['tenantId', 'name', 'id'])
@Index('IDX_api_key_tenant_updated', ['tenantId', 'updatedAt', 'id'])
@Index('IDX_api_key_tenant_active', ['tenantId', 'active', 'id'])
@Index('IDX_api_key_owner', ['ownerId'])
export class ApiKey extends TenantScopedEntity {
  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenantId' })
  tenant?: Tenant;

  @Column({ type: 'varchar', length: 16 })
  kind: ApiKeyKind;

  /** name (PERSONAL: title), 2–200 chars. */
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 1000, nullable: true, default: null })
  description: string | null;

  @Column({ type: 'boolean', default: false })
  active: boolean;

  /** SHA-256 (hex) of the current secret. */
  @Column({ type: 'varchar', length: 64 })
  secretHash: string;

  /** First 8 characters after the type prefix, e.g. `kwk_AbCdEfGh`, for display and search. */
  @Column({ type: 'varchar', length: 16 })
  prefix: string;

  @Column({ type: 'varchar', length: 4 })
  last4: string;

  /** REST credentials: the public client id (`kwc_…`), stored as is. */
  @Column({ type: 'varchar', length: 64, nullable: true, default: null })
  clientId: string | null;

  @TimestampColumn({ nullable: true, default: null })
  expiresAt: Date | null;

  /** IPv4/IPv6 addresses or CIDRs; empty = any. */
  @Column({ type: 'simple-json' })
  ipAllowlist: string[];

  /** null = tenant default. */
  @Column({ type: 'int', nullable: true, default: null })
  rateLimitPerMinute: number | null;

  @ManyToOne(() => Channel, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'channelId' })
  channel?: Channel | null;

  @Column({ type: 'varchar', length: 36, nullable: true, default: null })
  channelId: string | null;

  @ManyToOne(() => AuthorizationGroup, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'authorizationGroupId' })
  authorizationGroup?: AuthorizationGroup | null;

  @Column({ type: 'varchar', length: 36, nullable: true, default: null })
  authorizationGroupId: string | null;

  /** PERSONAL keys act as this user; for other kinds, the user who created the key. */
  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ownerId' })
  owner?: User | null;

  @Column({ type: 'varchar', length: 36, nullable: true, default: null })
  ownerId: string | null;

  @TimestampColumn({ nullable: true, default: null })
  lastUsedAt: Date | null;

  @Column({ type: 'varchar', length: 45, nullable: true, default: null })
  lastUsedIp: string | null;

  @TimestampColumn({ nullable: true, default: null })
  revokedAt: Date | null;

  @Column({ type: 'varchar', length: 16, nullable: true, default: null })
  revokedByType: 'USER' | 'API_KEY' | 'SYSTEM' | null;

  @Column({ type: 'varchar', length: 36, nullable: true, default: null })
  revokedById: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true, default: null })
  revokedReason: string | null;

  @TimestampColumn({ nullable: true, default: null })
  rotatedAt: Date | null;

  /** The secret replaced by the last rotation, valid until previousSecretExpiresAt (grace period). */
  @Column({ type: 'varchar', length: 64, nullable: true, default: null })
  previousSecretHash: string | null;

  @TimestampColumn({ nullable: true, default: null })
  previousSecretExpiresAt: Date | null;

  @TimestampColumn({ nullable: true, default: null })
  previousSecretLastUsedAt: Date | null;

  @Column({ type: 'int', default: 0 })
  previousSecretUseCount: number;

  /** When a leak of the key's secret was reported (e.g. by GitHub secret scanning); null: none known. */
  @TimestampColumn({ nullable: true, default: null })
  leakedAt: Date | null;

  /** Where it was found (the URL reported with the leak). */
  @Column({ type: 'varchar', length: 1000, nullable: true, default: null })
  leakSource: string | null;

  /** Set once `api_key.expiring_soon` was emitted for the current expiry. */
  @TimestampColumn({ nullable: true, default: null })
  expiringSoonNotifiedAt: Date | null;
}
