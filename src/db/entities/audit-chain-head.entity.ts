import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The head of a tenant's chain, locked FOR UPDATE by every writer (MariaDB) so the chain never
 * forks. `prunedThroughSeq`/`prunedHash` record where retention pruning cut the chain: the first
 * remaining event must have seq = prunedThroughSeq + 1 and prevHash = prunedHash.
 */
@Entity('audit_chain_head')
export class AuditChainHead {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  tenantId: string;

  @Column({ type: 'int', default: 0 })
  lastSeq: number;

  @Column({ type: 'varchar', length: 64 })
  lastHash: string;

  @Column({ type: 'int', default: 0 })
  prunedThroughSeq: number;

  /** Hash of the last pruned event; null while nothing was pruned. */
  @Column({ type: 'varchar', length: 64, nullable: true, default: null })
  prunedHash: string | null;
}
