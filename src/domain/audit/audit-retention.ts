import type { Infrastructure } from '../shared/infrastructure';
import type { AuditService } from './audit.service';
import { sqlDate } from './audit-rows';

export interface PruneResult {
  tenants: number;
  deleted: number;
}

const PRUNE_BATCH = 5000;
const PRUNE_INTERVAL_MS = 60 * 60 * 1000;

/** Audit retention (KEYWARD_AUDIT_RETENTION_DAYS): prunes old events without breaking the chain. */
export class AuditRetention {
  private pruneTimer: NodeJS.Timeout | undefined;
  private firstPrune: NodeJS.Timeout | undefined;

  constructor(
    private readonly deps: Pick<Infrastructure, 'config' | 'dataSource' | 'tx' | 'log'>,
    /** The sink: pruning takes the tenant's chain-head lock like every writer. */
    private readonly sink: Pick<AuditService, 'lockHead'>,
  ) {}

  /**
   * Deletes, per tenant, the oldest events up to (not including) the first one newer than the
   * retention cutoff, in batches; each batch records on the chain head the seq and hash it pruned
   * through, so the remaining chain still verifies. Without KEYWARD_AUDIT_RETENTION_DAYS it does nothing.
   */
  async prune(options: { now?: Date; retentionDays?: number | null; batchSize?: number } = {}): Promise<PruneResult> {
    const now = options.now ?? new Date();
    const retentionDays =
      options.retentionDays === undefined ? this.deps.config.auditRetentionDays : options.retentionDays;
    const batchSize = options.batchSize ?? PRUNE_BATCH;
    if (retentionDays === null) return { tenants: 0, deleted: 0 };
    const cutoff = sqlDate(new Date(now.getTime() - retentionDays * 24 * 3600 * 1000));
    const heads = (await this.deps.dataSource.query(
      'SELECT `tenantId` FROM `audit_chain_head` ORDER BY `tenantId`',
    )) as Array<{ tenantId: string }>;
    let deleted = 0;
    let tenants = 0;
    for (const { tenantId } of heads) {
      const n = await this.pruneTenant(tenantId, cutoff, batchSize);
      if (n > 0) tenants++;
      deleted += n;
    }
    return { tenants, deleted };
  }

  private async pruneTenant(tenantId: string, cutoff: string, batchSize: number): Promise<number> {
    let total = 0;
    for (;;) {
      const step = await this.deps.tx.run(async (em): Promise<number | null> => {
        const head = await this.sink.lockHead(em, tenantId);
        // The first event to keep: the oldest at or after the cutoff; everything before it goes.
        const keep = (await em.query(
          'SELECT MIN(`seq`) AS `seq` FROM `audit_event` WHERE `tenantId` = ? AND `createdAt` >= ?',
          [tenantId, cutoff],
        )) as Array<{ seq: unknown }>;
        const keepSeq = keep[0]?.seq === null || keep[0]?.seq === undefined ? head.lastSeq + 1 : Number(keep[0].seq);
        const through = Math.min(keepSeq - 1, head.prunedThroughSeq + batchSize);
        if (through <= head.prunedThroughSeq) return null;
        const last = (await em.query(
          'SELECT `seq`, `hash` FROM `audit_event` WHERE `tenantId` = ? AND `seq` <= ? ORDER BY `seq` DESC LIMIT 1',
          [tenantId, through],
        )) as Array<{ seq: unknown; hash: string }>;
        if (!last[0]) return null; // nothing left in the range (only possible if rows were removed outside Keyward)
        const lastSeq = Number(last[0].seq);
        const result = await em.queryRunner!.query(
          'DELETE FROM `audit_event` WHERE `tenantId` = ? AND `seq` > ? AND `seq` <= ?',
          [tenantId, head.prunedThroughSeq, lastSeq],
          true,
        );
        await em.query('UPDATE `audit_chain_head` SET `prunedThroughSeq` = ?, `prunedHash` = ? WHERE `tenantId` = ?', [
          lastSeq,
          last[0].hash,
          tenantId,
        ]);
        return Number(result.affected ?? 0);
      });
      if (step === null) return total;
      total += step;
    }
  }

  /**
   * Prunes a minute after start and then once an hour while KEYWARD_AUDIT_RETENTION_DAYS is set.
   * The timers never keep the process alive and stop by themselves once the DataSource is closed.
   */
  start(intervalMs = PRUNE_INTERVAL_MS, firstRunMs = 60_000): void {
    if (this.deps.config.auditRetentionDays === null || this.pruneTimer) return;
    const tick = () => {
      if (!this.deps.dataSource.isInitialized) return this.stop();
      this.prune().then(
        (result) => result.deleted > 0 && this.deps.log.info(result, 'audit retention: pruned old events'),
        (error) => this.deps.log.error({ err: error }, 'audit retention: pruning failed'),
      );
    };
    this.firstPrune = setTimeout(tick, firstRunMs).unref();
    this.pruneTimer = setInterval(tick, intervalMs).unref();
  }

  stop(): void {
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    if (this.firstPrune) clearTimeout(this.firstPrune);
    this.pruneTimer = undefined;
    this.firstPrune = undefined;
  }
}
