import type { DataSource } from 'typeorm';
import type { Principal } from '../../core/principal';
import { AuditChainHead } from '../../db/entities/audit-chain-head.entity';
import { AuditEvent } from '../../db/entities/audit-event.entity';
import { badInput } from '../../core/errors';
import { paginate, type Connection, type SortKey } from '../../db/pagination/connection';
import { channelScope } from '../channels/channel-scope';
import { computeEventHash, GENESIS_HASH } from './audit-chain';
import { COLUMN_LIST, eventFromRow, sqlDate } from './audit-rows';

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

const NEWEST_FIRST: SortKey[] = [{ expression: 'e.seq', property: 'seq', direction: 'DESC', type: 'number' }];
const VERIFY_BATCH = 2000;

/** The audit log's read side (docs/design.md §8): list, export and chain verification; tenant-wide callers only. */
export class AuditQuery {
  constructor(private readonly deps: { dataSource: DataSource }) {}

  /** The tenant's events, newest first (keyset on seq). */
  async list(
    principal: Principal,
    args: { filter?: AuditEventFilter | null; first?: number | null; after?: string | null },
  ): Promise<AuditEventPage> {
    channelScope.assertTenantWide(principal, 'read the audit log (its events carry no channel)');
    const filter = checkFilter(args.filter, 'filter');
    const qb = this.deps.dataSource
      .getRepository(AuditEvent)
      .createQueryBuilder('e')
      .where('e.tenantId = :tenantId', { tenantId: principal.tenant });
    filterConditions(filter).forEach(({ column, op, value }, i) =>
      qb.andWhere(`e.${column} ${op} :f${i}`, { [`f${i}`]: value }),
    );
    return paginate(qb, { first: args.first, after: args.after }, NEWEST_FIRST);
  }

  /**
   * The tenant's events matching the filter, oldest first, in batches read by keyset on seq, so
   * memory stays constant however long the log is. `afterSeq` resumes an interrupted export.
   */
  async *exportBatches(
    principal: Principal,
    rawFilter: AuditEventFilter | null | undefined,
    options: { afterSeq?: number; batchSize?: number } = {},
  ): AsyncGenerator<AuditEvent[]> {
    channelScope.assertTenantWide(principal, 'read the audit log (its events carry no channel)');
    const filter = checkFilter(rawFilter, 'filter');
    const tenantId = principal.tenant;
    const conditions = ['`tenantId` = ?', '`seq` > ?'];
    const params: unknown[] = [tenantId, 0];
    for (const { column, op, value } of filterConditions(filter)) {
      conditions.push(`\`${column}\` ${op} ?`);
      params.push(value);
    }
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

  private async readHead(
    tenantId: string,
  ): Promise<Pick<AuditChainHead, 'lastSeq' | 'lastHash' | 'prunedThroughSeq' | 'prunedHash'>> {
    const head = await this.deps.dataSource.getRepository(AuditChainHead).findOneBy({ tenantId });
    return head ?? { lastSeq: 0, lastHash: GENESIS_HASH, prunedThroughSeq: 0, prunedHash: null };
  }

  private async verifyFrom(
    tenantId: string,
    head: Pick<AuditChainHead, 'lastSeq' | 'lastHash' | 'prunedThroughSeq' | 'prunedHash'>,
  ): Promise<AuditChainReport> {
    let expectedSeq = head.prunedThroughSeq + 1;
    let expectedPrev = head.prunedHash ?? GENESIS_HASH;
    let checked = 0;
    let headSeen = head.lastSeq === head.prunedThroughSeq;
    const broken = (event: AuditEvent, problem: AuditChainProblem): AuditChainReport => ({
      ok: false,
      checked,
      firstBrokenEventId: event.id,
      problem,
      prunedThroughSeq: head.prunedThroughSeq,
    });
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
    if (!headSeen)
      return {
        ok: false,
        checked,
        firstBrokenEventId: null,
        problem: 'TAIL_MISSING',
        prunedThroughSeq: head.prunedThroughSeq,
      };
    return { ok: true, checked, firstBrokenEventId: null, problem: null, prunedThroughSeq: head.prunedThroughSeq };
  }
}

/** The filter as conditions on audit_event's columns: the list and the export apply the same ones. */
function filterConditions(filter: AuditEventFilter): Array<{ column: string; op: '=' | '>=' | '<='; value: unknown }> {
  const conditions: Array<{ column: string; op: '=' | '>=' | '<='; value: unknown }> = [];
  for (const column of ['actorId', 'action', 'targetType', 'targetId'] as const) {
    if (filter[column]) conditions.push({ column, op: '=', value: filter[column] });
  }
  if (filter.from) conditions.push({ column: 'createdAt', op: '>=', value: sqlDate(filter.from) });
  if (filter.to) conditions.push({ column: 'createdAt', op: '<=', value: sqlDate(filter.to) });
  return conditions;
}

const MAX_FILTER_LENGTH: Record<string, number> = { actorId: 36, action: 100, targetType: 100, targetId: 64 };

/** Validates a filter: string lengths, and `from` not after `to`. */
export function checkFilter(filter: AuditEventFilter | null | undefined, path: string): AuditEventFilter {
  const f = filter ?? {};
  for (const [key, max] of Object.entries(MAX_FILTER_LENGTH)) {
    const value = f[key as keyof AuditEventFilter];
    if (value !== null && value !== undefined && (typeof value !== 'string' || value.length > max))
      throw badInput(`${path}.${key}`, `"${key}" must be at most ${max} characters`);
  }
  for (const key of ['from', 'to'] as const) {
    const value = f[key];
    if (value !== null && value !== undefined && (!(value instanceof Date) || Number.isNaN(value.getTime())))
      throw badInput(`${path}.${key}`, `"${key}" must be a date-time`);
  }
  if (f.from && f.to && f.from.getTime() > f.to.getTime())
    throw badInput(`${path}.to`, '"to" must not be before "from"');
  return f;
}
