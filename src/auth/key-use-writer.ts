import type { FastifyBaseLogger } from 'fastify';
import type { DataSource, EntityManager } from 'typeorm';
import { ApiKey } from '../db/entities/api-key.entity';
import type { TransactionRunner } from '../db/transaction-runner';

const FLUSH_INTERVAL_MS = 1000;

/**
 * lastUsedAt/lastUsedIp and rotation-grace use counts, written behind: one UPDATE per key per
 * flush (every second and on close). While the database is unreachable the uses are kept and
 * written once it returns (the failure is logged once).
 */
export class KeyUseWriter {
  private pendingUse = new Map<string, { at: Date; ip: string }>();
  private pendingGrace = new Map<string, { count: number; at: Date }>();
  private flushing: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;
  /** The last flush failed (logged once until one succeeds). */
  private flushFailing = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly log: FastifyBaseLogger,
  ) {
    this.timer = setInterval(() => void this.flush(), FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  /** Remembers the latest use per key; written by the next flush (reuses the record: no allocation per request). */
  recordUse(keyId: string, now: number, ip: string): void {
    const pending = this.pendingUse.get(keyId);
    if (pending) {
      if (pending.at.getTime() !== now) pending.at = new Date(now);
      pending.ip = ip;
    } else {
      this.pendingUse.set(keyId, { at: new Date(now), ip });
    }
  }

  recordGraceUse(keyId: string): void {
    const pending = this.pendingGrace.get(keyId);
    if (pending) {
      pending.count++;
      pending.at = new Date();
    } else {
      this.pendingGrace.set(keyId, { count: 1, at: new Date() });
    }
  }

  /** Writes pending lastUsed/grace counters now. Serialised: one flush at a time. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.doFlush());
    return this.flushing;
  }

  /** Stops the timer and writes what is pending. */
  close(): Promise<void> {
    clearInterval(this.timer);
    return this.flush();
  }

  private async doFlush(): Promise<void> {
    if (this.pendingUse.size === 0 && this.pendingGrace.size === 0) return;
    if (!this.dataSource.isInitialized) return;
    const uses = this.pendingUse;
    const graces = this.pendingGrace;
    this.pendingUse = new Map();
    this.pendingGrace = new Map();
    // one transaction per flush (on SQLite it queues behind other writers instead of joining them)
    await this.tx
      .run((em) => this.write(em, uses, graces))
      .then(() => {
        if (this.flushFailing) this.log.info('key usage (lastUsedAt, grace use count) written again');
        this.flushFailing = false;
      })
      .catch((error: Error) => {
        for (const [id, use] of uses) if (!this.pendingUse.has(id)) this.pendingUse.set(id, use);
        for (const [id, grace] of graces) {
          const again = this.pendingGrace.get(id);
          if (again) again.count += grace.count;
          else this.pendingGrace.set(id, grace);
        }
        // kept for the next flush (every second); logged once per outage, not once per flush
        if (!this.flushFailing)
          this.log.warn(
            { reason: error.message },
            'could not write key usage (lastUsedAt, grace use count); will retry',
          );
        this.flushFailing = true;
      });
  }

  private async write(
    em: EntityManager,
    uses: Map<string, { at: Date; ip: string }>,
    graces: Map<string, { count: number; at: Date }>,
  ): Promise<void> {
    const repo = em.getRepository(ApiKey);
    for (const [id, use] of uses) {
      await repo
        .createQueryBuilder()
        .update(ApiKey)
        .set({ lastUsedAt: use.at, lastUsedIp: use.ip.slice(0, 45) })
        .where('id = :id', { id })
        .andWhere('(lastUsedAt IS NULL OR lastUsedAt < :at)', { at: use.at })
        .callListeners(false)
        .updateEntity(false)
        .execute();
    }
    for (const [id, grace] of graces) {
      await repo
        .createQueryBuilder()
        .update(ApiKey)
        .set({
          previousSecretUseCount: () => `previousSecretUseCount + ${Math.trunc(grace.count)}`,
          previousSecretLastUsedAt: grace.at,
        })
        .where('id = :id', { id })
        .callListeners(false)
        .updateEntity(false)
        .execute();
    }
  }
}
