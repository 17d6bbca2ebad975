import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ApiKey } from './api-key.entity';

export type UsageGranularity = 'MINUTE' | 'HOUR' | 'DAY';
export type UsageOutcome = 'VALID' | 'RATE_LIMITED' | 'DENIED';

/**
 * Uses of one key in one time bucket with one outcome (docs/design.md §14). `bucket` is the bucket's start
 * in whole minutes since the Unix epoch (UTC), so roll-ups are integer arithmetic on both dialects.
 * Counters written by Keyward itself, not records anyone edits: no audit fields. Deleted with the key.
 */
@Entity('key_usage')
@Index('IDX_key_usage_tenant', ['tenantId', 'granularity', 'bucket'])
@Index('IDX_key_usage_bucket', ['granularity', 'bucket'])
export class KeyUsageBucket {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  apiKeyId: string;

  @PrimaryColumn({ type: 'varchar', length: 6 })
  granularity: UsageGranularity;

  @PrimaryColumn({ type: 'int' })
  bucket: number;

  @PrimaryColumn({ type: 'varchar', length: 12 })
  outcome: UsageOutcome;

  @ManyToOne(() => ApiKey, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'apiKeyId' })
  apiKey?: ApiKey;

  @Column({ type: 'varchar', length: 36 })
  tenantId: string;

  @Column({ type: 'bigint' })
  count: string;
}
