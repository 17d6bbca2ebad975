import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Principal } from '../../core/principal';
import { AuditChainHead } from '../../db/entities/audit-chain-head.entity';
import { AuditEvent, type AuditActorType } from '../../db/entities/audit-event.entity';
import { badInput } from '../../core/errors';
import { paginate, type Connection, type SortKey } from '../../db/pagination/connection';
import { channelScope } from '../channels/channel-scope';
import { clip, computeEventHash, GENESIS_HASH, serializeChanges, type ChainedFields } from './audit-chain';
import type { DomainEvent, DomainEventSink } from '../shared/domain-events';
import type { ServiceDeps } from '../shared/service-deps';

export interface AuditEventFilter {
  actorId?: string | null;
  action?: string | null;
  targetType?: string | null;
  targetId?: string | null;
  /** Inclusive. */
  from?: Date | null;
  /** Inclusive. */
  to?: Date | null;
}

/** A page of audit events (the GraphQL AuditEventConnection's mapper: totalCount is lazy). */
export type AuditEventPage = Connection<AuditEvent>;

export type AuditChainProblem = 'HASH_MISMATCH' | 'LINK_MISMATCH' | 'SEQUENCE_GAP' | 'TAIL_MISSING';

export interface AuditChainReport {
  ok: boolean;
  /** Events whose hash and link were checked. */
  checked: number;
  /** The first event whose own hash, link to its predecessor or position is wrong. */
  firstBrokenEventId: string | null;
  problem: AuditChainProblem | null;
  /** Where retention pruning cut the chain (0 = nothing pruned). */
  prunedThroughSeq: number;
}

export interface PruneResult {
  tenants: number;
  deleted: number;
}

const NEWEST_FIRST: SortKey[] = [{ expression: 'e.seq', property: 'seq', direction: 'DESC', type: 'number' }];

/** Columns in table order, shared by the raw INSERT and SELECTs (backticks quote identifiers in SQLite too). */
const COLUMNS = ['id', 'tenantId', 'seq', 'action', 'actorType', 'actorId', 'actorLabel', 'targetType', 'targetId', 'changes', 'ip', 'userAgent', 'requestId', 'createdAt', 'prevHash', 'hash'] as const;
const COLUMN_LIST = COLUMNS.map((c) => `\`${c}\``).join(', ');
const INSERT_EVENT = `INSERT INTO \`audit_event\` (${COLUMN_LIST}) VALUES (${COLUMNS.map(() => '?').join(', ')})`;

const PRUNE_BATCH = 5000;
const PRUNE_INTERVAL_MS = 60 * 60 * 1000;
const VERIFY_BATCH = 2000;

/** The UTC `YYYY-MM-DD HH:MM:SS.mmm` form both dialects store DATETIME(3) in (and compare correctly as a parameter). */
export function sqlDate(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

/** A raw row (mysql2: Date objects; better-sqlite3: strings) as an AuditEvent. */
export function eventFromRow(row: Record<string, unknown>): AuditEvent {
  const event = new AuditEvent();
  for (const column of COLUMNS) (event as unknown as Record<string, unknown>)[column] = row[column] ?? null;
  event.seq = Number(row.seq);
  const created = row.createdAt;
  event.createdAt = created instanceof Date ? created : new Date(`${String(created).replace(' ', 'T')}Z`);
  return event;
}

/** Runs a statement on the transaction's connection; returns the affected row count. */
async function run(em: EntityManager, sql: string, params: unknown[]): Promise<number> {
  if (!em.queryRunner) throw new Error('audit events are written inside a transaction (deps.tx.run)');
  const result = await em.queryRunner.query(sql, params, true);
  return Number(result.affected ?? 0);
}

function actorOf(principal: Principal): { type: AuditActorType; id: string | null } {
  if (principal.type === 'ANONYMOUS') return { type: 'ANONYMOUS', id: null };
  return principal.actor();
}

/**
 * The audit log (DESIGN §8): a DomainEventSink that appends every domain event, in the caller's
 * transaction, to its tenant's hash chain; plus the read side (list, export, verify) and retention.
 *
 * Serialization: every writer locks the tenant's `audit_chain_head` row. On MariaDB the first
 * statement is `INSERT … ON DUPLICATE KEY UPDATE` (creates the head on first use and takes an
 * exclusive record lock either way — no shared-then-exclusive upgrade, so concurrent first uses do
 * not deadlock), or, once the head is known to exist, `SELECT … FOR UPDATE`. The lock is held to
 * commit, so seq/prevHash can never fork; a rolled-back transaction leaves no event and no head change.
 * On SQLite the TransactionRunner already runs one transaction at a time.
 *
 * Consequence for services: the head lock is held from the first emit to commit, so take your own
 * row locks (tenant, key) before emitting, never after.
 */
export class AuditService implements DomainEventSink {
  /** Tenants whose head row is known to exist (head rows are never deleted). */
  private readonly knownHeads = new Set<string>();
  /** What this instance last wrote per tenant: the expected head for the compare-and-set fast path. */
  private readonly heads = new Map<string, { lastSeq: number; lastHash: string }>();
  private pruneTimer: NodeJS.Timeout | undefined;
  private firstPrune: NodeJS.Timeout | undefined;

  /** Needs no signing keys, limiters or events: the CLI writes the operator's events with it too. */
  constructor(private readonly deps: Pick<ServiceDeps, 'config' | 'dataSource' | 'tx' | 'log'>) {}

  // ---- write side ---------------------------------------------------------------------------

  async write(em: EntityManager, principal: Principal, event: DomainEvent): Promise<void> {
    const tenantId = event.tenantId;
    const cached = this.heads.get(tenantId);
    let fields = cached ? this.buildEvent(principal, event, cached) : undefined;
    if (fields) {
      // Fast path: advance the head only if it is still what this instance last wrote. The UPDATE
      // takes the row's exclusive lock and evaluates the condition on the latest committed row, so
      // when it matches, nobody can append before this transaction ends.
      const advanced = await run(em, 'UPDATE `audit_chain_head` SET `lastSeq` = ?, `lastHash` = ? WHERE `tenantId` = ? AND `lastSeq` = ? AND `lastHash` = ?', [fields.seq, fields.hash, tenantId, cached!.lastSeq, cached!.lastHash]);
      if (advanced !== 1) fields = undefined;
    }
    if (!fields) {
      const head = await this.lockHead(em, tenantId);
      fields = this.buildEvent(principal, event, head);
      await run(em, 'UPDATE `audit_chain_head` SET `lastSeq` = ?, `lastHash` = ? WHERE `tenantId` = ?', [fields.seq, fields.hash, tenantId]);
    }
    const row = fields;
    await run(em, INSERT_EVENT, COLUMNS.map((c) => (c === 'createdAt' ? sqlDate(row.createdAt) : row[c])));
    // Not yet committed: if the transaction rolls back, the next write's compare-and-set misses and
    // it locks and re-reads. A head this transaction may have created itself (seq 1) is not
    // cached, so a compare-and-set never runs against a head row that might not exist (which on
    // MariaDB would take a gap lock).
    if (row.seq > 1) this.heads.set(tenantId, { lastSeq: row.seq, lastHash: row.hash });
    else this.heads.delete(tenantId);
  }

  private buildEvent(principal: Principal, event: DomainEvent, head: { lastSeq: number; lastHash: string }): ChainedFields & { hash: string } {
    const actor = actorOf(principal);
    const request = principal.request;
    const fields: ChainedFields = {
      id: randomUUID(),
      tenantId: event.tenantId,
      seq: head.lastSeq + 1,
      action: clip(event.action, 100)!,
      actorType: actor.type,
      actorId: actor.id,
      actorLabel: clip(principal.label, 320),
      targetType: clip(event.targetType, 100)!,
      targetId: clip(event.targetId, 64),
      changes: serializeChanges(event.changes as Record<string, unknown> | undefined),
      ip: clip(request.ip, 64),
      userAgent: clip(request.userAgent, 512),
      requestId: clip(request.requestId, 128),
      createdAt: new Date(),
      prevHash: head.lastHash,
    };
    return { ...fields, hash: computeEventHash(fields) };
  }

  /** Locks (creating on first use) the tenant's chain head and returns its current state. */
  private async lockHead(em: EntityManager, tenantId: string): Promise<{ lastSeq: number; lastHash: string; prunedThroughSeq: number; prunedHash: string | null }> {
    const mysql = this.deps.tx.dialect === 'mysql';
    const select = `SELECT \`lastSeq\`, \`lastHash\`, \`prunedThroughSeq\`, \`prunedHash\` FROM \`audit_chain_head\` WHERE \`tenantId\` = ?${mysql ? ' FOR UPDATE' : ''}`;
    for (let attempt = 0; attempt < 2; attempt++) {
      if (!this.knownHeads.has(tenantId)) {
        await em.query(
          mysql
            ? 'INSERT INTO `audit_chain_head` (`tenantId`, `lastSeq`, `lastHash`, `prunedThroughSeq`, `prunedHash`) VALUES (?, 0, ?, 0, NULL) ON DUPLICATE KEY UPDATE `lastSeq` = `lastSeq`'
            : 'INSERT INTO `audit_chain_head` (`tenantId`, `lastSeq`, `lastHash`, `prunedThroughSeq`, `prunedHash`) VALUES (?, 0, ?, 0, NULL) ON CONFLICT DO NOTHING',
          [tenantId, GENESIS_HASH],
        );
      }
      const rows = (await em.query(select, [tenantId])) as Array<Record<string, unknown>>;
      const row = rows[0];
      if (row) {
        // lastSeq 0: created by this very transaction (committed heads always have an event), so it
        // may still roll back; remember only heads that certainly exist.
        if (Number(row.lastSeq) > 0 || Number(row.prunedThroughSeq) > 0) this.knownHeads.add(tenantId);
        return { lastSeq: Number(row.lastSeq), lastHash: String(row.lastHash), prunedThroughSeq: Number(row.prunedThroughSeq), prunedHash: (row.prunedHash as string | null) ?? null };
      }
      // A head believed to exist is gone (removed outside Keyward): create it.
      this.knownHeads.delete(tenantId);
    }
    throw new Error(`audit chain head for tenant ${tenantId} could not be created`);
  }

  // ---- read side ----------------------------------------------------------------------------

  /** The tenant's events, newest first (keyset on seq). */
  async list(principal: Principal, args: { filter?: AuditEventFilter | null; first?: number | null; after?: string | null }): Promise<AuditEventPage> {
    channelScope.assertTenantWide(principal, 'read the audit log (its events carry no channel)');
    const filter = checkFilter(args.filter, 'filter');
    const qb = this.deps.dataSource.getRepository(AuditEvent).createQueryBuilder('e').where('e.tenantId = :tenantId', { tenantId: principal.tenant });
    if (filter.actorId) qb.andWhere('e.actorId = :actorId', { actorId: filter.actorId });
    if (filter.action) qb.andWhere('e.action = :action', { action: filter.action });
    if (filter.targetType) qb.andWhere('e.targetType = :targetType', { targetType: filter.targetType });
    if (filter.targetId) qb.andWhere('e.targetId = :targetId', { targetId: filter.targetId });
    if (filter.from) qb.andWhere('e.createdAt >= :from', { from: sqlDate(filter.from) });
    if (filter.to) qb.andWhere('e.createdAt <= :to', { to: sqlDate(filter.to) });
    return paginate(qb, { first: args.first, after: args.after }, NEWEST_FIRST);
  }

  /**
   * The tenant's events matching the filter, oldest first, in batches read by keyset on seq, so
   * memory stays constant however long the log is. `afterSeq` resumes an interrupted export.
   */
  async *exportBatches(principal: Principal, rawFilter: AuditEventFilter | null | undefined, options: { afterSeq?: number; batchSize?: number } = {}): AsyncGenerator<AuditEvent[]> {
    channelScope.assertTenantWide(principal, 'read the audit log (its events carry no channel)');
    const filter = checkFilter(rawFilter, 'filter');
    const tenantId = principal.tenant;
    const conditions = ['`tenantId` = ?', '`seq` > ?'];
    const params: unknown[] = [tenantId, 0];
    const add = (sql: string, value: unknown) => {
      conditions.push(sql);
      params.push(value);
    };
    if (filter.actorId) add('`actorId` = ?', filter.actorId);
    if (filter.action) add('`action` = ?', filter.action);
    if (filter.targetType) add('`targetType` = ?', filter.targetType);
    if (filter.targetId) add('`targetId` = ?', filter.targetId);
    if (filter.from) add('`createdAt` >= ?', sqlDate(filter.from));
    if (filter.to) add('`createdAt` <= ?', sqlDate(filter.to));
    const batchSize = options.batchSize ?? 1000;
    const sql = `SELECT ${COLUMN_LIST} FROM \`audit_event\` WHERE ${conditions.join(' AND ')} ORDER BY \`seq\` ASC LIMIT ${batchSize}`;
    let afterSeq = options.afterSeq ?? 0;
    for (;;) {
      params[1] = afterSeq;
      const rows = (await this.deps.dataSource.query(sql, params)) as Array<Record<string, unknown>>;
      if (rows.length === 0) return;
      const events = rows.map(eventFromRow);
      afterSeq = events[events.length - 1]!.seq;
      yield events;
      if (rows.length < batchSize) return;
    }
  }

  /**
   * Recomputes every remaining event's hash and link, from where pruning cut the chain to its head.
   * Reads in batches (no long transaction); if pruning ran meanwhile, starts over.
   */
  async verifyChain(principal: Principal): Promise<AuditChainReport> {
    channelScope.assertTenantWide(principal, 'read the audit log (its events carry no channel)');
    const tenantId = principal.tenant;
    for (let attempt = 0; ; attempt++) {
      const before = await this.readHead(tenantId);
      const report = await this.verifyFrom(tenantId, before);
      if (report.ok || attempt >= 2) return report;
      const after = await this.readHead(tenantId);
      if (after.prunedThroughSeq === before.prunedThroughSeq) return report;
    }
  }

  private async readHead(tenantId: string): Promise<Pick<AuditChainHead, 'lastSeq' | 'lastHash' | 'prunedThroughSeq' | 'prunedHash'>> {
    const head = await this.deps.dataSource.getRepository(AuditChainHead).findOneBy({ tenantId });
    return head ?? { lastSeq: 0, lastHash: GENESIS_HASH, prunedThroughSeq: 0, prunedHash: null };
  }

  private async verifyFrom(tenantId: string, head: Pick<AuditChainHead, 'lastSeq' | 'lastHash' | 'prunedThroughSeq' | 'prunedHash'>): Promise<AuditChainReport> {
    let expectedSeq = head.prunedThroughSeq + 1;
    let expectedPrev = head.prunedHash ?? GENESIS_HASH;
    let checked = 0;
    let headSeen = head.lastSeq === head.prunedThroughSeq;
    const broken = (event: AuditEvent, problem: AuditChainProblem): AuditChainReport => ({ ok: false, checked, firstBrokenEventId: event.id, problem, prunedThroughSeq: head.prunedThroughSeq });
    const sql = `SELECT ${COLUMN_LIST} FROM \`audit_event\` WHERE \`tenantId\` = ? AND \`seq\` > ? ORDER BY \`seq\` ASC LIMIT ${VERIFY_BATCH}`;
    let afterSeq = head.prunedThroughSeq;
    for (;;) {
      const rows = (await this.deps.dataSource.query(sql, [tenantId, afterSeq])) as Array<Record<string, unknown>>;
      for (const row of rows) {
        const event = eventFromRow(row);
        checked++;
        if (computeEventHash(event) !== event.hash) return broken(event, 'HASH_MISMATCH');
        if (event.seq !== expectedSeq) return broken(event, 'SEQUENCE_GAP');
        if (event.prevHash !== expectedPrev) return broken(event, 'LINK_MISMATCH');
        if (event.seq === head.lastSeq) {
          if (event.hash !== head.lastHash) return broken(event, 'HASH_MISMATCH');
          headSeen = true;
        }
        expectedSeq = event.seq + 1;
        expectedPrev = event.hash;
        afterSeq = event.seq;
      }
      if (rows.length < VERIFY_BATCH) break;
    }
    if (!headSeen) return { ok: false, checked, firstBrokenEventId: null, problem: 'TAIL_MISSING', prunedThroughSeq: head.prunedThroughSeq };
    return { ok: true, checked, firstBrokenEventId: null, problem: null, prunedThroughSeq: head.prunedThroughSeq };
  }

  // ---- retention ----------------------------------------------------------------------------

  /**
   * Deletes, per tenant, the oldest events up to (not including) the first one newer than the
   * retention cutoff, in batches; each batch records on the chain head the seq and hash it pruned
   * through, so the remaining chain still verifies. Without KEYWARD_AUDIT_RETENTION_DAYS it does nothing.
   */
  async prune(options: { now?: Date; retentionDays?: number | null; batchSize?: number } = {}): Promise<PruneResult> {
    const now = options.now ?? new Date();
    const retentionDays = options.retentionDays === undefined ? this.deps.config.auditRetentionDays : options.retentionDays;
    const batchSize = options.batchSize ?? PRUNE_BATCH;
    if (retentionDays === null) return { tenants: 0, deleted: 0 };
    const cutoff = sqlDate(new Date(now.getTime() - retentionDays * 24 * 3600 * 1000));
    const heads = (await this.deps.dataSource.query('SELECT `tenantId` FROM `audit_chain_head` ORDER BY `tenantId`')) as Array<{ tenantId: string }>;
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
        const head = await this.lockHead(em, tenantId);
        // The first event to keep: the oldest at or after the cutoff; everything before it goes.
        const keep = (await em.query('SELECT MIN(`seq`) AS `seq` FROM `audit_event` WHERE `tenantId` = ? AND `createdAt` >= ?', [tenantId, cutoff])) as Array<{ seq: unknown }>;
        const keepSeq = keep[0]?.seq === null || keep[0]?.seq === undefined ? head.lastSeq + 1 : Number(keep[0].seq);
        const through = Math.min(keepSeq - 1, head.prunedThroughSeq + batchSize);
        if (through <= head.prunedThroughSeq) return null;
        const last = (await em.query('SELECT `seq`, `hash` FROM `audit_event` WHERE `tenantId` = ? AND `seq` <= ? ORDER BY `seq` DESC LIMIT 1', [tenantId, through])) as Array<{ seq: unknown; hash: string }>;
        if (!last[0]) return null; // nothing left in the range (only possible if rows were removed outside Keyward)
        const lastSeq = Number(last[0].seq);
        const result = await em.queryRunner!.query('DELETE FROM `audit_event` WHERE `tenantId` = ? AND `seq` > ? AND `seq` <= ?', [tenantId, head.prunedThroughSeq, lastSeq], true);
        await em.query('UPDATE `audit_chain_head` SET `prunedThroughSeq` = ?, `prunedHash` = ? WHERE `tenantId` = ?', [lastSeq, last[0].hash, tenantId]);
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
  startRetention(intervalMs = PRUNE_INTERVAL_MS, firstRunMs = 60_000): void {
    if (this.deps.config.auditRetentionDays === null || this.pruneTimer) return;
    const tick = () => {
      if (!this.deps.dataSource.isInitialized) return this.stopRetention();
      this.prune().then(
        (result) => result.deleted > 0 && this.deps.log.info(result, 'audit retention: pruned old events'),
        (error) => this.deps.log.error({ err: error }, 'audit retention: pruning failed'),
      );
    };
    this.firstPrune = setTimeout(tick, firstRunMs).unref();
    this.pruneTimer = setInterval(tick, intervalMs).unref();
  }

  stopRetention(): void {
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    if (this.firstPrune) clearTimeout(this.firstPrune);
    this.pruneTimer = undefined;
    this.firstPrune = undefined;
  }
}

const MAX_FILTER_LENGTH: Record<string, number> = { actorId: 36, action: 100, targetType: 100, targetId: 64 };

/** Validates a filter: string lengths, and `from` not after `to`. */
export function checkFilter(filter: AuditEventFilter | null | undefined, path: string): AuditEventFilter {
  const f = filter ?? {};
  for (const [key, max] of Object.entries(MAX_FILTER_LENGTH)) {
    const value = f[key as keyof AuditEventFilter];
    if (value !== null && value !== undefined && (typeof value !== 'string' || value.length > max)) throw badInput(`${path}.${key}`, `"${key}" must be at most ${max} characters`);
  }
  for (const key of ['from', 'to'] as const) {
    const value = f[key];
    if (value !== null && value !== undefined && (!(value instanceof Date) || Number.isNaN(value.getTime()))) throw badInput(`${path}.${key}`, `"${key}" must be a date-time`);
  }
  if (f.from && f.to && f.from.getTime() > f.to.getTime()) throw badInput(`${path}.to`, '"to" must not be before "from"');
  return f;
}
